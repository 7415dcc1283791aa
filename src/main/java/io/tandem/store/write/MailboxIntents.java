package io.tandem.store.write;

import io.tandem.journal.Operation;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.StoreException.Reason;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.write.UserIntents.Simple;
import java.sql.SQLException;
import java.util.List;

/** Intents that create, rename, delete and subscribe to mailboxes. */
public final class MailboxIntents {
  private MailboxIntents() {}

  /** A new mailbox; INBOX always exists, so creating it is refused. */
  public static Intent create(String user, String mailbox) throws StoreException {
    String name = Names.mailbox(mailbox);
    return new Simple(user, context -> {
      UserIndex index = context.index(user);
      if (index.mailbox(name).isPresent()) {
        throw new StoreException(Reason.MAILBOX_EXISTS, "mailbox '" + name + "' already exists");
      }
      return List.of(new Operation.CreateMailbox(user, name, context.nextUidValidity(user, 0),
          null));
    });
  }

  /** Renames a mailbox with its children; INBOX cannot be renamed here. */
  public static Intent rename(String user, String from, String to) throws StoreException {
    String source = Names.mailbox(from);
    String target = Names.mailbox(to);
    if (source.equals(Names.INBOX) || target.equals(Names.INBOX)) {
      throw new StoreException(Reason.NOT_ALLOWED, "INBOX cannot be renamed, nor renamed to");
    }
    if (target.startsWith(source + Names.SEPARATOR)) {
      throw new StoreException(Reason.NOT_ALLOWED, "a mailbox cannot be moved below itself");
    }
    return new Simple(user, context -> {
      context.mailbox(user, source);
      UserIndex index = context.index(user);
      for (MailboxRow row : index.mailboxes()) {
        String renamed = renamed(row.name(), source, target);
        if (renamed != null && index.mailbox(renamed).isPresent()) {
          throw new StoreException(Reason.MAILBOX_EXISTS, "mailbox '" + renamed + "' exists");
        }
      }
      return List.of(new Operation.RenameMailbox(user, source, target));
    });
  }

  /** Deletes a mailbox and its messages; its children stay. INBOX cannot be deleted. */
  public static Intent delete(String user, String mailbox) throws StoreException {
    String name = Names.mailbox(mailbox);
    if (name.equals(Names.INBOX)) {
      throw new StoreException(Reason.NOT_ALLOWED, "INBOX cannot be deleted");
    }
    return new Simple(user, context -> {
      context.mailbox(user, name);
      return List.of(new Operation.DeleteMailbox(user, name));
    });
  }

  /** Adds or removes a subscription; the mailbox need not exist (RFC 3501 §6.3.6). */
  public static Intent subscribe(String user, String mailbox, boolean subscribed)
      throws StoreException {
    String name = Names.mailbox(mailbox);
    return new Simple(user, context -> {
      context.index(user);
      return List.of(new Operation.Subscribe(user, name, subscribed));
    });
  }

  private static String renamed(String name, String from, String to) throws SQLException {
    if (name.equals(from)) {
      return to;
    }
    return name.startsWith(from + Names.SEPARATOR) ? to + name.substring(from.length()) : null;
  }
}
