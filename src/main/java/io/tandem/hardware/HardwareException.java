package io.tandem.hardware;

/**
 * A hardware source could not be read: the tool hung, failed or printed what cannot be parsed,
 * or a file is missing. The message says what, in an operator's words; that part of the state
 * becomes unknown and the rest goes on.
 */
public class HardwareException extends Exception {
  private static final long serialVersionUID = 1L;

  public HardwareException(String message) {
    super(message);
  }

  public HardwareException(String message, Throwable cause) {
    super(message, cause);
  }
}
