package io.tandem.imap.message;

import io.tandem.imap.protocol.SearchKey;
import io.tandem.imap.protocol.SequenceSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a message matches a search key (RFC 3501 §6.4.4, MODSEQ of RFC 7162 §3.1.5,
 * {@code $} of RFC 5182). Keys that need only the index (flags, sizes, dates, numbers) are
 * evaluated before those that need the message, so a search the index can answer never reads a
 * file, and an AND whose cheap keys fail reads none.
 *
 * <p>Choices: this server keeps no \Recent flag (no session owns new mail first), so RECENT
 * never matches, NEW (RECENT UNSEEN) never matches and OLD always does. BEFORE, ON and SINCE
 * compare the internal date's calendar day in the server's zone; SENT* compare the Date:
 * header's own calendar day, and a message whose Date: cannot be read matches none of them.
 * Text keys match case-insensitively in decoded text ({@link MessageText}). MODSEQ with an entry
 * name compares the message's MODSEQ, since per-flag ones are not kept. Thread-safe.
 */
public final class SearchEvaluator {
  private final ZoneId zone;
  private final long maxSequence;
  private final long maxUid;
  private final Set<Long> savedUids;

  /**
   * @param zone the zone whose calendar days BEFORE, ON and SINCE mean
   * @param maxSequence the largest sequence number in the mailbox: what {@code *} means
   * @param maxUid the largest UID in the mailbox: what {@code *} means in UID sets
   * @param savedUids the UIDs of the saved search result, {@code $} (may be empty)
   */
  public SearchEvaluator(ZoneId zone, long maxSequence, long maxUid, Set<Long> savedUids) {
    this.zone = zone;
    this.maxSequence = maxSequence;
    this.maxUid = maxUid;
    this.savedUids = Set.copyOf(savedUids);
  }

  /** Whether {@code candidate} matches {@code key}. */
  public boolean matches(SearchKey key, SearchCandidate candidate) {
    return new Evaluation(candidate).matches(key);
  }

  /** Whether evaluating {@code key} may need the message's header or body. */
  public static boolean needsMessage(SearchKey key) {
    return SearchKey.any(key, k -> k instanceof SearchKey.Text || k instanceof SearchKey.Header
        || (k instanceof SearchKey.Date date && isSent(date.field())));
  }

  private static boolean isSent(SearchKey.DateField field) {
    return field == SearchKey.DateField.SENTBEFORE || field == SearchKey.DateField.SENTON
        || field == SearchKey.DateField.SENTSINCE;
  }

  /** One candidate's evaluation: its message text is decoded once, when first needed. */
  private final class Evaluation {
    private final SearchCandidate candidate;
    private MessageText text;

    Evaluation(SearchCandidate candidate) {
      this.candidate = candidate;
    }

    boolean matches(SearchKey key) {
      if (key instanceof SearchKey.Simple simple) {
        return simple(simple.kind());
      }
      if (key instanceof SearchKey.And and) {
        return all(and);
      }
      if (key instanceof SearchKey.Or or) {
        boolean leftFirst = !needsMessage(or.left()) || needsMessage(or.right());
        SearchKey first = leftFirst ? or.left() : or.right();
        return matches(first) || matches(leftFirst ? or.right() : or.left());
      }
      if (key instanceof SearchKey.Not not) {
        return !matches(not.key());
      }
      if (key instanceof SearchKey.Keyword keyword) {
        return hasFlag(keyword.flag()) == keyword.present();
      }
      if (key instanceof SearchKey.Size size) {
        return size.larger() ? candidate.size() > size.octets()
            : candidate.size() < size.octets();
      }
      if (key instanceof SearchKey.Uid uid) {
        return inSet(uid.set(), candidate.uid(), maxUid);
      }
      if (key instanceof SearchKey.Sequence sequence) {
        return inSet(sequence.set(), candidate.sequence(), maxSequence);
      }
      if (key instanceof SearchKey.ModSeq modSeq) {
        return candidate.modseq() >= modSeq.modSeq();
      }
      if (key instanceof SearchKey.Date date) {
        return date(date);
      }
      if (key instanceof SearchKey.Header header) {
        return header.value().isEmpty() ? text().hasHeader(header.name())
            : text().headerContains(header.name(), MessageText.lower(header.value()));
      }
      if (key instanceof SearchKey.Text textKey) {
        return text(textKey);
      }
      return false;
    }

    /** AND: the keys the index answers first, then the others. */
    private boolean all(SearchKey.And and) {
      for (SearchKey key : and.keys()) {
        if (!needsMessage(key) && !matches(key)) {
          return false;
        }
      }
      for (SearchKey key : and.keys()) {
        if (needsMessage(key) && !matches(key)) {
          return false;
        }
      }
      return true;
    }

    private boolean simple(SearchKey.Kind kind) {
      switch (kind) {
        case ALL:
        case OLD:
          return true;
        case NEW:
        case RECENT:
          return false;
        case ANSWERED:
          return hasFlag("\\Answered");
        case DELETED:
          return hasFlag("\\Deleted");
        case DRAFT:
          return hasFlag("\\Draft");
        case FLAGGED:
          return hasFlag("\\Flagged");
        case SEEN:
          return hasFlag("\\Seen");
        case UNANSWERED:
          return !hasFlag("\\Answered");
        case UNDELETED:
          return !hasFlag("\\Deleted");
        case UNDRAFT:
          return !hasFlag("\\Draft");
        case UNFLAGGED:
          return !hasFlag("\\Flagged");
        case UNSEEN:
          return !hasFlag("\\Seen");
        default:
          return false;
      }
    }

    private boolean hasFlag(String flag) {
      for (String held : candidate.flags()) {
        if (held.equalsIgnoreCase(flag)) {
          return true;
        }
      }
      return false;
    }

    /** A sequence-set holds {@code number}; {@code *} is {@code max}, ranges either way. */
    private boolean inSet(SequenceSet set, long number, long max) {
      if (set.savedResult()) {
        return savedUids.contains(candidate.uid());
      }
      for (SequenceSet.Range range : set.ranges()) {
        long first = range.first() == SequenceSet.STAR ? max : range.first();
        long last = range.last() == SequenceSet.STAR ? max : range.last();
        if (number >= Math.min(first, last) && number <= Math.max(first, last)) {
          return true;
        }
      }
      return false;
    }

    private boolean date(SearchKey.Date key) {
      Optional<LocalDate> day;
      if (isSent(key.field())) {
        day = MailDate.parse(candidate.message().root().header().lastValue("Date"));
      } else {
        day = Optional.of(LocalDate.ofInstant(
            Instant.ofEpochMilli(candidate.internalDateMillis()), zone));
      }
      if (day.isEmpty()) {
        return false;
      }
      int order = day.get().compareTo(key.date());
      switch (key.field()) {
        case BEFORE:
        case SENTBEFORE:
          return order < 0;
        case ON:
        case SENTON:
          return order == 0;
        default:
          return order >= 0;
      }
    }

    private boolean text(SearchKey.Text key) {
      String needle = MessageText.lower(key.value());
      switch (key.field()) {
        case BODY:
          return text().bodyContains(needle);
        case TEXT:
          return text().textContains(needle);
        default:
          return text().headerContains(key.field().name(), needle);
      }
    }

    private MessageText text() {
      if (text == null) {
        text = new MessageText(candidate.message());
      }
      return text;
    }
  }
}
