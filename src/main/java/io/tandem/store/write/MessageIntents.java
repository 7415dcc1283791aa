package io.tandem.store.write;

import io.tandem.journal.Operation;
import io.tandem.journal.Operation.CopiedMessage;
import io.tandem.journal.Operation.FlagChange;
import io.tandem.journal.Operation.MessageRef;
import io.tandem.store.Flags;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.StoreException.Reason;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.write.UserIntents.Simple;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Intents on messages: deliver, flag, expunge, copy and move. */
public final class MessageIntents {
  /** How a flag change combines with the flags a message has (IMAP STORE FLAGS, +FLAGS, -FLAGS). */
  public enum FlagMode {
    REPLACE,
    ADD,
    REMOVE
  }

  private MessageIntents() {}

  /** A message already written to the spool as {@code spooled}, delivered into a mailbox. */
  public static Intent deliver(String user, String mailbox, SpooledMessage spooled,
      List<String> flags, long internalDateMillis) throws StoreException {
    String name = Names.mailbox(mailbox);
    List<String> normalized = Flags.normalize(flags);
    return new Simple(user, context -> {
      MailboxRow box = context.mailbox(user, name);
      return List.of(new Operation.Deliver(user, name, box.uidNext(), box.highestModseq() + 1,
          normalized, internalDateMillis, spooled.size(), spooled.sha256(), spooled.base()));
    });
  }

  /** Changes flags of the given UIDs; UIDs that do not exist are ignored, as IMAP asks. */
  public static Intent setFlags(String user, String mailbox, Collection<Long> uids, FlagMode mode,
      List<String> flags) throws StoreException {
    String name = Names.mailbox(mailbox);
    List<String> given = Flags.normalize(flags);
    return new Simple(user, context -> {
      MailboxRow box = context.mailbox(user, name);
      List<FlagChange> changes = new ArrayList<>();
      for (MessageRow row : existing(context.index(user), box, uids)) {
        List<String> next = combine(row.flags(), given, mode);
        if (!next.equals(row.flags())) {
          changes.add(new FlagChange(row.uid(), row.base(), next));
        }
      }
      return changes.isEmpty() ? List.of()
          : List.of(new Operation.SetFlags(user, name, box.highestModseq() + 1, changes));
    });
  }

  /** Expunges the given UIDs (whatever their flags; the caller chooses which). */
  public static Intent expunge(String user, String mailbox, Collection<Long> uids)
      throws StoreException {
    String name = Names.mailbox(mailbox);
    return new Simple(user, context -> {
      MailboxRow box = context.mailbox(user, name);
      List<MessageRef> refs = new ArrayList<>();
      for (MessageRow row : existing(context.index(user), box, uids)) {
        refs.add(new MessageRef(row.uid(), row.base()));
      }
      return refs.isEmpty() ? List.of()
          : List.of(new Operation.Expunge(user, name, box.highestModseq() + 1, refs));
    });
  }

  /** Copies (or, with {@code move}, moves) messages to another mailbox of the same user. */
  public static Intent copy(String user, String source, Collection<Long> uids, String target,
      boolean move) throws StoreException {
    String from = Names.mailbox(source);
    String to = Names.mailbox(target);
    if (move && from.equals(to)) {
      throw new StoreException(Reason.NOT_ALLOWED, "cannot move messages to the same mailbox");
    }
    return new Simple(user, context -> {
      MailboxRow sourceBox = context.mailbox(user, from);
      MailboxRow targetBox = context.mailbox(user, to);
      List<CopiedMessage> copies = new ArrayList<>();
      long uid = targetBox.uidNext();
      long micros = context.clock().millis() * 1000;
      for (MessageRow row : existing(context.index(user), sourceBox, uids)) {
        long crlf = io.tandem.store.maildir.MaildirName.crlfSizeOf(row.base(), row.size());
        String base = context.names().next(micros, row.size(), crlf);
        copies.add(new CopiedMessage(row.uid(), row.base(), uid++, base, row.flags()));
      }
      if (copies.isEmpty()) {
        return List.of();
      }
      long targetModseq = targetBox.highestModseq() + 1;
      return List.of(move
          ? new Operation.Move(user, from, sourceBox.highestModseq() + 1, to, targetModseq, copies)
          : new Operation.Copy(user, from, to, targetModseq, copies));
    });
  }

  private static List<MessageRow> existing(UserIndex index, MailboxRow box, Collection<Long> uids)
      throws SQLException {
    List<MessageRow> rows = new ArrayList<>();
    for (long uid : new TreeSet<>(uids)) {
      index.message(box.id(), uid).ifPresent(rows::add);
    }
    return rows;
  }

  private static List<String> combine(List<String> current, List<String> given, FlagMode mode) {
    TreeSet<String> result = new TreeSet<>(mode == FlagMode.REPLACE ? List.of() : current);
    if (mode == FlagMode.REMOVE) {
      result.removeAll(given);
    } else {
      result.addAll(given);
    }
    return Flags.normalize(result);
  }
}
