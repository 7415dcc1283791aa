package io.tandem.backup;

import io.tandem.backup.store.MessageEntry;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stretch of the journal touched, read from its operations alone (pure): the messages
 * (user, mailbox, uid), the mailboxes whose every message may have moved or gone (a rename, with
 * the mailboxes below it; a deletion), the users removed or added, and whether users, folders or
 * subscriptions changed. Each with the time of the last operation that touched it: a message
 * found gone is recorded as deleted at that time. An incremental run looks at exactly these,
 * never at the rest of the store. Not thread-safe.
 */
final class Touched {
  /** A mailbox whose messages all count as touched; {@code children}: those below it too. */
  record Mailbox(String user, String name, boolean children) {}

  private final Map<MessageEntry.Key, Long> messages = new LinkedHashMap<>();
  private final Map<Mailbox, Long> mailboxes = new LinkedHashMap<>();
  private final Map<String, Long> users = new LinkedHashMap<>();
  private boolean accountsChanged;
  private long entries;

  /** Takes in one journal entry. */
  void add(JournalEntry entry) {
    entries++;
    long at = entry.timeMillis();
    Operation op = entry.op();
    String user = op.user();
    if (op instanceof Operation.Deliver d) {
      message(user, d.mailbox(), d.uid(), at);
    } else if (op instanceof Operation.SetFlags f) {
      f.changes().forEach(c -> message(user, f.mailbox(), c.uid(), at));
    } else if (op instanceof Operation.Expunge x) {
      x.messages().forEach(m -> message(user, x.mailbox(), m.uid(), at));
    } else if (op instanceof Operation.Copy c) {
      c.messages().forEach(m -> message(user, c.targetMailbox(), m.targetUid(), at));
    } else if (op instanceof Operation.Move m) {
      for (Operation.CopiedMessage moved : m.messages()) {
        message(user, m.sourceMailbox(), moved.sourceUid(), at);
        message(user, m.targetMailbox(), moved.targetUid(), at);
      }
    } else if (op instanceof Operation.RenameMailbox r) {
      mailboxes.merge(new Mailbox(user, r.from(), true), at, Math::max);
      mailboxes.merge(new Mailbox(user, r.to(), true), at, Math::max);
      accountsChanged = true;
    } else if (op instanceof Operation.DeleteMailbox d) {
      mailboxes.merge(new Mailbox(user, d.mailbox(), false), at, Math::max);
      accountsChanged = true;
    } else if (op instanceof Operation.DeleteUser || op instanceof Operation.AddUser) {
      users.merge(user, at, Math::max);
      accountsChanged = true;
    } else {
      // CreateMailbox, Subscribe, ChangePassword: no message moves, the accounts change.
      accountsChanged = true;
    }
  }

  /** Counts every message of {@code user} as touched (a full run names every user). */
  void addUser(String user, long at) {
    users.merge(user, at, Math::max);
  }

  /** Counts one message as touched (one the last run could not back up). */
  void addMessage(MessageEntry.Key key, long at) {
    messages.merge(key, at, Math::max);
  }

  /** A new accounts snapshot is due whatever the journal says. */
  void accountsAll() {
    accountsChanged = true;
  }

  private void message(String user, String mailbox, long uid, long at) {
    messages.merge(new MessageEntry.Key(user, mailbox, uid), at, Math::max);
  }

  /** Each message touched, with the time of the last operation on it. */
  Map<MessageEntry.Key, Long> messages() {
    return messages;
  }

  /** Each mailbox whose messages all count as touched, with the time. */
  Map<Mailbox, Long> mailboxes() {
    return mailboxes;
  }

  /** Each user added or removed, with the time. */
  /** One part per user touched, each with that user alone (a full run goes user by user). */
  List<Touched> perUser() {
    List<Touched> parts = new ArrayList<>();
    users.forEach((user, at) -> {
      Touched part = new Touched();
      part.addUser(user, at);
      parts.add(part);
    });
    return parts;
  }

  Map<String, Long> users() {
    return users;
  }

  /** Whether users, folders or subscriptions changed (a new accounts snapshot is due). */
  boolean accountsChanged() {
    return accountsChanged;
  }

  /** How many journal entries were read. */
  long entries() {
    return entries;
  }
}
