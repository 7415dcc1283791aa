package io.tandem.store;

/**
 * A request the store refuses because of what was asked, not because of a fault: the protocol
 * layers turn {@link #reason()} into NO/BAD (IMAP) or 5xx (LMTP) replies and the CLI into a
 * one-line error.
 */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused; each maps to a fixed protocol reply. */
  public enum Reason {
    BAD_NAME,
    NO_SUCH_USER,
    USER_EXISTS,
    NO_SUCH_MAILBOX,
    MAILBOX_EXISTS,
    NO_SUCH_MESSAGE,
    NOT_ALLOWED,
    NOT_PRIMARY,
    STORE_FULL
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
