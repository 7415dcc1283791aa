package io.tandem.reconcile;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.MessageIntents.FlagMode;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.UserIntents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Carries out, on the new primary, the {@link DivergentAction}s of an old primary, each as a new
 * operation of this appliance (journaled and replicated like any other): messages born during
 * the divergence are delivered again (new UIDs, same bytes, their flags), changes to messages of
 * the common history are applied where those messages still are. A refusal (a mailbox that
 * exists, a message since deleted here) is the action's outcome in plain words, not a failure;
 * only a store fault throws, and the reconciliation is then tried again from where it stopped.
 */
public final class DivergenceApplier {
  private final MailStore store;

  public DivergenceApplier(MailStore store) {
    this.store = store;
  }

  /**
   * Carries out one action.
   *
   * @param body DELIVER: a checked copy of the message body (left in place); otherwise null
   * @return what was done, for the divergence record
   */
  public String apply(DivergentAction action, Path body) throws IOException {
    if (!action.kind().replayed()) {
      return "listed, not replayed";
    }
    String user = action.user();
    try {
      // Names from the partner are input like any other: never a path outside the store.
      Names.user(user);
      if (action.kind() != DivergentAction.Kind.ADD_USER && !store.users().contains(user)) {
        return "not done: the user " + user + " does not exist here"
            + (action.needsBody() ? "; the message is kept in the old primary's divergence"
                + " record" : "");
      }
      return switch (action.kind()) {
        case ADD_USER -> addUser(action);
        case CHANGE_PASSWORD -> {
          store.execute(UserIntents.changePassword(user, action.detail()));
          yield "password set as on the old primary";
        }
        case CREATE_MAILBOX -> {
          store.execute(MailboxIntents.create(user, action.mailbox()));
          yield "created";
        }
        case RENAME_MAILBOX -> {
          store.execute(MailboxIntents.rename(user, action.mailbox(), action.target()));
          yield "renamed";
        }
        case SUBSCRIBE, UNSUBSCRIBE -> {
          store.execute(MailboxIntents.subscribe(user, action.mailbox(),
              action.kind() == DivergentAction.Kind.SUBSCRIBE));
          yield "done";
        }
        case DELIVER -> deliver(action, body);
        case COPY -> copy(action);
        case SET_FLAGS -> setFlags(action);
        case EXPUNGE -> expunge(action);
        default -> throw new IllegalStateException("no rule for " + action.kind());
      };
    } catch (StoreException e) {
      return "not done: " + e.getMessage();
    }
  }

  private String addUser(DivergentAction action) throws StoreException, IOException {
    if (store.users().contains(action.user())) {
      return "not done: the user already exists here (its password is left as it is here)";
    }
    store.execute(UserIntents.add(action.user(), action.detail()));
    return "added";
  }

  private String deliver(DivergentAction action, Path body) throws StoreException, IOException {
    String created = ensureMailbox(action.user(), action.mailbox());
    SpooledMessage spooled;
    try (InputStream in = Files.newInputStream(body)) {
      spooled = store.spool().write(new byte[0], in, action.size(), countLf(body));
    }
    if (!spooled.sha256().equals(action.sha256())) {
      store.spool().discard(spooled);
      throw new IOException("the body of " + action.describe() + " changed while it was"
          + " spooled (sha256 " + spooled.sha256() + ")");
    }
    List<JournalEntry> entries = store.execute(MessageIntents.deliver(action.user(),
        action.mailbox(), spooled, action.flags(), action.internalDateMillis()));
    long uid = entries.stream().map(JournalEntry::op)
        .filter(op -> op instanceof Operation.Deliver).mapToLong(op -> ((Operation.Deliver) op)
            .uid()).findFirst().orElse(-1);
    return created + "delivered again as UID " + uid;
  }

  private String copy(DivergentAction action) throws StoreException, IOException {
    if (!exists(action.user(), action.mailbox(), action.uid())) {
      return "not done: UID " + action.uid() + " of " + action.mailbox()
          + " is no longer here";
    }
    String created = ensureMailbox(action.user(), action.target());
    List<JournalEntry> entries = store.execute(MessageIntents.copy(action.user(),
        action.mailbox(), List.of(action.uid()), action.target(), false));
    long uid = -1;
    for (JournalEntry entry : entries) {
      if (entry.op() instanceof Operation.Copy copy && !copy.messages().isEmpty()) {
        uid = copy.messages().get(0).targetUid();
      }
    }
    if (uid < 0) {
      return "not done: UID " + action.uid() + " of " + action.mailbox() + " is no longer here";
    }
    store.execute(MessageIntents.setFlags(action.user(), action.target(), List.of(uid),
        FlagMode.REPLACE, action.flags()));
    return created + "copied as UID " + uid + " of " + action.target();
  }

  private String setFlags(DivergentAction action) throws StoreException, IOException {
    if (!exists(action.user(), action.mailbox(), action.uid())) {
      return "not done: the message is no longer here";
    }
    store.execute(MessageIntents.setFlags(action.user(), action.mailbox(),
        List.of(action.uid()), FlagMode.REPLACE, action.flags()));
    return "flags set";
  }

  private String expunge(DivergentAction action) throws StoreException, IOException {
    if (!exists(action.user(), action.mailbox(), action.uid())) {
      return "not done: the message is no longer here";
    }
    store.execute(MessageIntents.expunge(action.user(), action.mailbox(),
        List.of(action.uid())));
    return "expunged";
  }

  /** Creates a mailbox the old primary had and this one lacks (renamed or deleted here). */
  private String ensureMailbox(String user, String mailbox) throws StoreException, IOException {
    if (mailboxRow(user, Names.mailbox(mailbox)).isPresent()) {
      return "";
    }
    store.execute(MailboxIntents.create(user, mailbox));
    return "created the missing mailbox " + mailbox + ", ";
  }

  private boolean exists(String user, String mailbox, long uid)
      throws StoreException, IOException {
    try (UserIndex index = UserIndex.openReadOnly(store.indexPool().file(user), user)) {
      Optional<MailboxRow> box = index.mailbox(Names.mailbox(mailbox));
      return box.isPresent() && index.message(box.get().id(), uid).isPresent();
    } catch (SQLException e) {
      throw new IOException("cannot read the index of " + user + ": " + e.getMessage(), e);
    }
  }

  private Optional<MailboxRow> mailboxRow(String user, String mailbox) throws IOException {
    try (UserIndex index = UserIndex.openReadOnly(store.indexPool().file(user), user)) {
      return index.mailbox(mailbox);
    } catch (SQLException e) {
      throw new IOException("cannot read the index of " + user + ": " + e.getMessage(), e);
    }
  }

  private static long countLf(Path file) throws IOException {
    long count = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            count++;
          }
        }
      }
    }
    return count;
  }
}
