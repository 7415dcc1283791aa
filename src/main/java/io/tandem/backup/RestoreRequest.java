package io.tandem.backup;

import java.time.Instant;

/**
 * What to restore ({@code tandem restore}).
 *
 * @param user the user whose mail comes back; null for a disaster restore (everyone)
 * @param mailbox only this mailbox (and not those below it); null: every mailbox
 * @param asOf the state as of the newest run at or before this time; null: the newest run
 * @param deletedSince instead of a state, the messages deleted at or after this time (from every
 *     run within retention) and not present in the newest run
 * @param messageId only the message(s) with this Message-ID header (angle brackets optional)
 * @param into the folder restored mail goes below ({@code Restored/INBOX}, ...)
 * @param disaster rebuild an empty appliance: users, folders, subscriptions, then every message
 *     in its own folder with its flags
 */
public record RestoreRequest(String user, String mailbox, Instant asOf, Instant deletedSince,
    String messageId, String into, boolean disaster) {
  /** The folder restored mail goes below unless another is named. */
  public static final String DEFAULT_INTO = "Restored";

  /** Checks that the fields go together. */
  public RestoreRequest {
    if (disaster && (user != null || mailbox != null || deletedSince != null
        || messageId != null)) {
      throw new IllegalArgumentException("a disaster restore brings back everything: it takes"
          + " only --as-of");
    }
    if (!disaster && user == null) {
      throw new IllegalArgumentException("name the user whose mail to restore (--user), or"
          + " rebuild an empty appliance with --disaster");
    }
    if (asOf != null && deletedSince != null) {
      throw new IllegalArgumentException("--as-of and --deleted-since do not go together");
    }
    into = into == null || into.isBlank() ? DEFAULT_INTO : into;
  }
}
