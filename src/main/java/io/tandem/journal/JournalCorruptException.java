package io.tandem.journal;

/**
 * The journal has a damaged record that is not the torn tail of a crash. The service refuses to
 * start rather than guess; {@code tandem journal verify} names the record.
 */
public final class JournalCorruptException extends Exception {
  private static final long serialVersionUID = 1L;

  public JournalCorruptException(String message) {
    super(message);
  }
}
