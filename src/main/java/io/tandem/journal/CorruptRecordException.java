package io.tandem.journal;

/** A journal record (or a peer frame) whose bytes do not decode to an entry. */
public final class CorruptRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorruptRecordException(String message) {
    super(message);
  }
}
