package io.tandem.store.write;

import io.tandem.store.StoreException;
import io.tandem.store.StoreException.Reason;
import io.tandem.store.index.IndexPool;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.maildir.MaildirName;
import java.sql.SQLException;
import java.time.Clock;

/**
 * What an {@link Intent} may read while resolving: the writer's view of the indexes (including
 * the not yet committed changes of earlier operations in the same batch), the clock and the
 * maildir name generator.
 */
public final class ResolveContext {
  private final IndexPool pool;
  private final Clock clock;
  private final MaildirName names;

  ResolveContext(IndexPool pool, Clock clock, MaildirName names) {
    this.pool = pool;
    this.clock = clock;
    this.names = names;
  }

  public Clock clock() {
    return clock;
  }

  public MaildirName names() {
    return names;
  }

  /** Whether the user has a store on this appliance. */
  public boolean userExists(String user) {
    return pool.exists(user);
  }

  /** The user's index; the user must exist. */
  public UserIndex index(String user) throws StoreException, SQLException {
    if (!pool.exists(user)) {
      throw new StoreException(Reason.NO_SUCH_USER, "no user '" + user + "' on this appliance");
    }
    return pool.get(user);
  }

  /** A mailbox of the user, or NO_SUCH_MAILBOX. */
  public MailboxRow mailbox(String user, String mailbox) throws StoreException, SQLException {
    return index(user).mailbox(mailbox).orElseThrow(() -> new StoreException(
        Reason.NO_SUCH_MAILBOX, "no mailbox '" + mailbox + "' for user '" + user + "'"));
  }

  /**
   * A UIDVALIDITY for a new mailbox: the current time in seconds, but always above every value
   * this user had before, so a re-created mailbox never repeats an old one (RFC 3501 §2.3.1.1).
   */
  public long nextUidValidity(String user, int offset) throws SQLException {
    long last = pool.exists(user) ? pool.get(user).lastUidValidity() : 0;
    return Math.max(clock.instant().getEpochSecond(), last + 1) + offset;
  }
}
