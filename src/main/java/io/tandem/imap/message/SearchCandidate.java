package io.tandem.imap.message;

import java.util.List;

/**
 * One message as SEARCH sees it. Everything but {@link #message()} comes from the index; the
 * evaluator asks for the message only when a key needs its header or body, so an
 * implementation should read the file lazily.
 */
public interface SearchCandidate {
  /** The message sequence number. */
  long sequence();

  long uid();

  /** System flags ({@code \Seen}) and keywords. */
  List<String> flags();

  /** RFC822.SIZE. */
  long size();

  /** INTERNALDATE in milliseconds since the epoch. */
  long internalDateMillis();

  long modseq();

  /** The parsed message; called at most when a header, body or SENT* key is evaluated. */
  ParsedMessage message();
}
