package io.tandem.lifecycle;

/**
 * Process exit codes an operator can look up (also in docs/exit-codes.md). systemd restarts the
 * service on the fail-stop ones (10 and above).
 */
public enum ExitCode {
  OK(0),
  /** A command failed for an ordinary reason (printed on one line). */
  FAILURE(1),
  /** Wrong command-line usage. */
  USAGE(2),
  /** Hot-swap verdict UNSAFE (tandem hotswap plan). */
  UNSAFE(3),
  /** Hot-swap verdict UNKNOWN (tandem hotswap plan): do not pull. */
  UNKNOWN(4),
  /** The configuration file is missing or invalid; the message names file, line and reason. */
  BAD_CONFIG(5),
  /** Another process holds the store (a running service, or a CLI command working offline). */
  STORE_LOCKED(6),
  /** Verification found problems (journal verify, index verify). */
  VERIFY_FAILED(7),
  /** A listener could not bind its address. */
  CANNOT_LISTEN(8),
  /** The journal could not be written or forced: nothing more can be acknowledged safely. */
  JOURNAL_WRITE_FAILED(10),
  /** The journal holds a damaged record that is not a torn tail; see tandem journal verify. */
  JOURNAL_CORRUPT(11),
  /** The index could not be written or the maildir files could not be changed. */
  STORE_WRITE_FAILED(12),
  /** Start-up recovery failed. */
  RECOVERY_FAILED(13);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
