package io.tandem.imap.message;

import java.util.List;

/**
 * A search candidate as the index gives it; a null {@code parsed} stands for a message that must
 * not be read, and reading it fails the test.
 */
record TestCandidate(long sequence, long uid, List<String> flags, long size,
    long internalDateMillis, long modseq, ParsedMessage parsed) implements SearchCandidate {
  /** A candidate that is only its message. */
  static TestCandidate of(ParsedMessage message) {
    return new TestCandidate(1, 1, List.of(), message.size(), 0, 1, message);
  }

  @Override
  public ParsedMessage message() {
    if (parsed == null) {
      throw new AssertionError("the message was read for a key the index answers");
    }
    return parsed;
  }
}
