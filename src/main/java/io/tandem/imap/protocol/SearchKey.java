package io.tandem.imap.protocol;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A search-key of RFC 3501 §6.4.4 and §9, plus MODSEQ (RFC 7162 §3.1.5). Immutable. */
public sealed interface SearchKey {
  /** Keys that take no argument. */
  enum Kind {
    ALL, ANSWERED, DELETED, DRAFT, FLAGGED, NEW, OLD, RECENT, SEEN, UNANSWERED, UNDELETED,
    UNDRAFT, UNFLAGGED, UNSEEN
  }

  /** Keys matching a string in a part of the message. */
  enum TextField { BCC, BODY, CC, FROM, SUBJECT, TEXT, TO }

  /** Keys comparing a date: the internal date, or the Date: header for SENT*. */
  enum DateField { BEFORE, ON, SINCE, SENTBEFORE, SENTON, SENTSINCE }

  /**
   * Whether {@code key} or any key inside it (below NOT, OR and lists) satisfies {@code leaf};
   * {@code leaf} is asked about every key, composite ones included.
   */
  static boolean any(SearchKey key, java.util.function.Predicate<SearchKey> leaf) {
    if (leaf.test(key)) {
      return true;
    }
    if (key instanceof Not not) {
      return any(not.key(), leaf);
    }
    if (key instanceof Or or) {
      return any(or.left(), leaf) || any(or.right(), leaf);
    }
    if (key instanceof And and) {
      for (SearchKey inner : and.keys()) {
        if (any(inner, leaf)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A key without argument. */
  record Simple(Kind kind) implements SearchKey {}

  /** BCC, BODY, CC, FROM, SUBJECT, TEXT, TO. */
  record Text(TextField field, String value) implements SearchKey {}

  /** HEADER field-name string. */
  record Header(String name, String value) implements SearchKey {}

  /** KEYWORD flag, or UNKEYWORD flag when not {@code present}. */
  record Keyword(String flag, boolean present) implements SearchKey {}

  /** BEFORE, ON, SINCE and the SENT* variants. */
  record Date(DateField field, LocalDate date) implements SearchKey {}

  /** LARGER n, or SMALLER n when not {@code larger}. */
  record Size(boolean larger, long octets) implements SearchKey {}

  /** UID sequence-set. */
  record Uid(SequenceSet set) implements SearchKey {}

  /** A bare sequence-set of message numbers. */
  record Sequence(SequenceSet set) implements SearchKey {}

  /** NOT key. */
  record Not(SearchKey key) implements SearchKey {}

  /** OR key key. */
  record Or(SearchKey left, SearchKey right) implements SearchKey {}

  /** A parenthesized list, or the top-level keys: all must match. */
  record And(List<SearchKey> keys) implements SearchKey {
    /** Copies the list. */
    public And {
      keys = List.copyOf(keys);
    }
  }

  /**
   * MODSEQ [entry-name entry-type-req] mod-sequence-valzer; the entry name is the flag of
   * {@code "/flags/flag"} and the type priv, shared or all.
   */
  record ModSeq(long modSeq, Optional<String> entryFlag, Optional<String> entryType)
      implements SearchKey {}
}
