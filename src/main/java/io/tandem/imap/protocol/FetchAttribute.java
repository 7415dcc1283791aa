package io.tandem.imap.protocol;

import java.util.List;
import java.util.Optional;

/** One fetch-att of RFC 3501 §6.4.5 and §9, plus MODSEQ (RFC 7162 §3.1.4.1). Immutable. */
public sealed interface FetchAttribute {
  /** Attributes without argument; BODY here is the non-extensible BODYSTRUCTURE. */
  enum Kind {
    ENVELOPE, FLAGS, INTERNALDATE, RFC822, RFC822_HEADER, RFC822_SIZE, RFC822_TEXT, BODY,
    BODYSTRUCTURE, UID, MODSEQ
  }

  /** What a section names after its part number. */
  enum Specifier { ALL, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

  /** An attribute without argument. */
  record Simple(Kind kind) implements FetchAttribute {}

  /**
   * section = "[" [section-spec] "]": a part path ({@code 1.2.3}, empty for the message), what
   * of it, and the header field names for HEADER.FIELDS[.NOT], upper-cased.
   */
  record Section(List<Integer> part, Specifier specifier, List<String> fields) {
    /** Copies the lists. */
    public Section {
      part = List.copyOf(part);
      fields = List.copyOf(fields);
    }
  }

  /** "<" number "." nz-number ">". */
  record Partial(long offset, long length) {}

  /** BODY[section]&lt;partial&gt;, or BODY.PEEK[...] when {@code peek}. */
  record Body(boolean peek, Section section, Optional<Partial> partial)
      implements FetchAttribute {}
}
