package io.tandem.reconcile;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.journal.Operation.CopiedMessage;
import io.tandem.journal.Operation.FlagChange;
import io.tandem.journal.Operation.MessageRef;
import io.tandem.reconcile.DivergentAction.Kind;
import io.tandem.store.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns the journal entries an appliance wrote alone (after the last seq it shares with the new
 * primary) into {@link DivergentAction}s: what the new primary must do so that nothing the old
 * one accepted is lost. It replays the entries on a small model instead of copying them one by
 * one, because what matters is where each thing ended: a message delivered, flagged and moved
 * during the divergence is delivered once, into its last mailbox, with its last flags.
 *
 * <p>The rules: users, mailboxes and subscriptions created or renamed are created or renamed
 * (a new user's special folders come with it, as on any primary);
 * deletions of users and mailboxes are listed, not replayed (the new primary may have received
 * mail into them meanwhile); a message born during the divergence is delivered again unless it
 * was removed again (listed) or, with {@code redeliver} false, never acknowledged to its sender
 * (listed: the sending MTA retried it, so the new primary has it from there); flag changes,
 * copies, moves and expunges of messages of the common history are replayed on those messages.
 * Pure.
 */
public final class DivergenceTranslator {
  /** Why a message was not delivered again, when {@code redeliver} is off. */
  static final String UNACKNOWLEDGED = "not delivered again: it was never acknowledged to its"
      + " sender (replication.ack = peer), which retried it";

  private record Key(String user, String mailbox, long uid) {
    Key in(String otherMailbox) {
      return new Key(user, otherMailbox, uid);
    }
  }

  /** A message born during the divergence, or a copy of a common one made during it. */
  private record Born(String sha256, long size, long internalDate, List<String> flags,
      Key copiedFrom) {
    Born withFlags(List<String> newFlags) {
      return new Born(sha256, size, internalDate, newFlags, copiedFrom);
    }
  }

  private final boolean redeliver;
  private final List<DivergentAction> structural = new ArrayList<>();
  private final List<DivergentAction> listed = new ArrayList<>();
  /** Users added during the divergence, and the folders that came with them. */
  private final Set<String> addedUsers = new java.util.HashSet<>();
  private final Set<String> foldersOfAddedUsers = new java.util.HashSet<>();
  private Map<Key, Born> born = new LinkedHashMap<>();
  private Map<Key, List<String>> commonFlags = new LinkedHashMap<>();
  private Set<Key> commonExpunged = new LinkedHashSet<>();

  private DivergenceTranslator(boolean redeliver) {
    this.redeliver = redeliver;
  }

  /**
   * The actions for {@code entries}, in the order the new primary carries them out: users and
   * mailboxes first, then messages to deliver or copy, then flag changes and expunges of common
   * messages (copies before the expunges of a move's source), then what is only listed.
   *
   * @param entries the divergent entries, in seq order
   * @param redeliver false when deliveries were never acknowledged without the partner
   */
  public static List<DivergentAction> translate(List<JournalEntry> entries, boolean redeliver) {
    DivergenceTranslator model = new DivergenceTranslator(redeliver);
    for (JournalEntry entry : entries) {
      model.replay(entry.op());
    }
    return model.actions();
  }

  private void replay(Operation op) {
    String user = op.user();
    if (op instanceof Operation.Deliver d) {
      born.put(new Key(user, d.mailbox(), d.uid()),
          new Born(d.sha256(), d.size(), d.internalDateMillis(), d.flags(), null));
    } else if (op instanceof Operation.SetFlags s) {
      for (FlagChange change : s.changes()) {
        Key key = new Key(user, s.mailbox(), change.uid());
        Born message = born.get(key);
        if (message != null) {
          born.put(key, message.withFlags(change.flags()));
        } else {
          commonFlags.put(key, change.flags());
        }
      }
    } else if (op instanceof Operation.Expunge e) {
      for (MessageRef ref : e.messages()) {
        remove(new Key(user, e.mailbox(), ref.uid()), "expunged on this appliance during the"
            + " divergence: not delivered again");
      }
    } else if (op instanceof Operation.Copy c) {
      copy(user, c.sourceMailbox(), c.targetMailbox(), c.messages());
    } else if (op instanceof Operation.Move m) {
      copy(user, m.sourceMailbox(), m.targetMailbox(), m.messages());
      for (CopiedMessage moved : m.messages()) {
        Key source = new Key(user, m.sourceMailbox(), moved.sourceUid());
        if (born.remove(source) == null) {
          expungeCommon(source);
        }
      }
    } else {
      replayStructural(user, op);
    }
  }

  private void replayStructural(String user, Operation op) {
    if (op instanceof Operation.CreateMailbox c) {
      if (addedUsers.contains(user) && c.specialUse() != null) {
        // Adding the user on the new primary creates its special folders (and subscribes).
        foldersOfAddedUsers.add(user + "/" + c.mailbox());
        return;
      }
      structural.add(DivergentAction.structural(Kind.CREATE_MAILBOX, user, c.mailbox(), "",
          c.specialUse()));
    } else if (op instanceof Operation.RenameMailbox r) {
      structural.add(DivergentAction.structural(Kind.RENAME_MAILBOX, user, r.from(), r.to(),
          ""));
      rename(user, r.from(), r.to());
    } else if (op instanceof Operation.DeleteMailbox d) {
      structural.add(DivergentAction.structural(Kind.DELETE_MAILBOX, user, d.mailbox(), "",
          "not replayed: the new primary may hold mail received in it meanwhile; delete it"
              + " again if it is still wanted"));
      drop(key -> key.user().equals(user) && key.mailbox().equals(d.mailbox()),
          "its mailbox was deleted on this appliance during the divergence: not delivered"
              + " again");
    } else if (op instanceof Operation.Subscribe s) {
      if (s.subscribed() && foldersOfAddedUsers.contains(user + "/" + s.mailbox())) {
        return;
      }
      structural.add(DivergentAction.structural(s.subscribed() ? Kind.SUBSCRIBE
          : Kind.UNSUBSCRIBE, user, s.mailbox(), "", ""));
    } else if (op instanceof Operation.AddUser a) {
      addedUsers.add(user);
      structural.add(DivergentAction.structural(Kind.ADD_USER, user, "", "",
          a.passwordHash()));
    } else if (op instanceof Operation.ChangePassword c) {
      structural.add(DivergentAction.structural(Kind.CHANGE_PASSWORD, user, "", "",
          c.passwordHash()));
    } else if (op instanceof Operation.DeleteUser) {
      structural.add(DivergentAction.structural(Kind.DELETE_USER, user, "", "",
          "not replayed: the new primary may hold mail received for the user meanwhile;"
              + " delete the user again if it is still wanted"));
      drop(key -> key.user().equals(user), "its user was deleted on this appliance during the"
          + " divergence: not delivered again");
    } else {
      throw new IllegalArgumentException("no reconciliation rule for " + op.kind());
    }
  }

  private void copy(String user, String from, String to, List<CopiedMessage> messages) {
    for (CopiedMessage copied : messages) {
      Key source = new Key(user, from, copied.sourceUid());
      Born original = born.get(source);
      Born copy = original != null ? original.withFlags(copied.flags())
          : new Born("", 0, 0, copied.flags(), source);
      born.put(new Key(user, to, copied.targetUid()), copy);
    }
  }

  private void remove(Key key, String why) {
    Born message = born.remove(key);
    if (message == null) {
      expungeCommon(key);
    } else if (message.copiedFrom() == null) {
      listed.add(notRedelivered(key, message, why));
    }
  }

  private void expungeCommon(Key key) {
    commonFlags.remove(key);
    commonExpunged.add(key);
  }

  /** Forgets what happened to messages the removal of a mailbox or user took with it. */
  private void drop(java.util.function.Predicate<Key> gone, String why) {
    for (Map.Entry<Key, Born> entry : List.copyOf(born.entrySet())) {
      if (gone.test(entry.getKey())) {
        born.remove(entry.getKey());
        if (entry.getValue().copiedFrom() == null) {
          listed.add(notRedelivered(entry.getKey(), entry.getValue(), why));
        }
      }
    }
    commonFlags.keySet().removeIf(gone);
    commonExpunged.removeIf(gone);
  }

  /** A rename moves a mailbox and its children: every key in them follows. */
  private void rename(String user, String from, String to) {
    UnaryOperator<Key> moved = key -> {
      if (!key.user().equals(user)) {
        return key;
      }
      if (key.mailbox().equals(from)) {
        return key.in(to);
      }
      return key.mailbox().startsWith(from + Names.SEPARATOR)
          ? key.in(to + key.mailbox().substring(from.length())) : key;
    };
    Map<Key, Born> renamedBorn = new LinkedHashMap<>();
    born.forEach((key, message) -> renamedBorn.put(moved.apply(key),
        message.copiedFrom() == null ? message
            : new Born("", 0, 0, message.flags(), moved.apply(message.copiedFrom()))));
    born = renamedBorn;
    Map<Key, List<String>> renamedFlags = new LinkedHashMap<>();
    commonFlags.forEach((key, flags) -> renamedFlags.put(moved.apply(key), flags));
    commonFlags = renamedFlags;
    Set<Key> renamedExpunged = new LinkedHashSet<>();
    commonExpunged.forEach(key -> renamedExpunged.add(moved.apply(key)));
    commonExpunged = renamedExpunged;
  }

  private DivergentAction notRedelivered(Key key, Born message, String why) {
    return new DivergentAction(Kind.NOT_REDELIVERED, key.user(), key.mailbox(), "", 0,
        message.sha256(), message.size(), message.flags(), message.internalDate(), why);
  }

  private List<DivergentAction> actions() {
    List<DivergentAction> actions = new ArrayList<>(structural);
    List<DivergentAction> unacknowledged = new ArrayList<>();
    born.forEach((key, message) -> {
      if (message.copiedFrom() != null) {
        Key source = message.copiedFrom();
        actions.add(new DivergentAction(Kind.COPY, key.user(), source.mailbox(), key.mailbox(),
            source.uid(), "", 0, message.flags(), 0, ""));
      } else if (redeliver) {
        actions.add(new DivergentAction(Kind.DELIVER, key.user(), key.mailbox(), "", 0,
            message.sha256(), message.size(), message.flags(), message.internalDate(), ""));
      } else {
        unacknowledged.add(notRedelivered(key, message, UNACKNOWLEDGED));
      }
    });
    commonFlags.forEach((key, flags) -> actions.add(new DivergentAction(Kind.SET_FLAGS,
        key.user(), key.mailbox(), "", key.uid(), "", 0, flags, 0, "")));
    commonExpunged.forEach(key -> actions.add(new DivergentAction(Kind.EXPUNGE, key.user(),
        key.mailbox(), "", key.uid(), "", 0, List.of(), 0, "")));
    actions.addAll(unacknowledged);
    actions.addAll(listed);
    return actions;
  }
}
