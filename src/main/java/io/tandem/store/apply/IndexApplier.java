package io.tandem.store.apply;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.journal.Operation.AddUser;
import io.tandem.journal.Operation.ChangePassword;
import io.tandem.journal.Operation.CopiedMessage;
import io.tandem.journal.Operation.Copy;
import io.tandem.journal.Operation.CreateMailbox;
import io.tandem.journal.Operation.DeleteMailbox;
import io.tandem.journal.Operation.Deliver;
import io.tandem.journal.Operation.Expunge;
import io.tandem.journal.Operation.FlagChange;
import io.tandem.journal.Operation.MessageRef;
import io.tandem.journal.Operation.Move;
import io.tandem.journal.Operation.RenameMailbox;
import io.tandem.journal.Operation.SetFlags;
import io.tandem.journal.Operation.Subscribe;
import io.tandem.store.Flags;
import io.tandem.store.Names;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.maildir.MaildirName;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The index half of the one apply path: writes an operation's effect into the user's index (in
 * the caller's open transaction) and returns the file actions it implies. The primary, the
 * replica and crash recovery all apply operations through here, then run the actions with
 * {@link FileActionRunner}.
 *
 * <p>Not thread-safe; used by the committer thread.
 */
public final class IndexApplier {
  private final MaildirLayout layout;

  public IndexApplier(MaildirLayout layout) {
    this.layout = layout;
  }

  /**
   * Applies {@code entry} to {@code index} and returns the file actions to run once the entry is
   * durable in the journal. An entry the index already holds ({@code applied_seq >= seq}, as in a
   * replay after a crash) yields nothing, since its files were forced before its index commit,
   * with one exception: a delivery's move out of the spool is not forced per batch (that would
   * cost an fsync of {@code new/} per delivery) but only at the next checkpoint, so a replay
   * (which starts at the checkpoint) always repeats it. It is safe to repeat: the
   * spool file still exists only if that rename was lost, and then no later change to the
   * message can have been committed either, because each one forces the directory it renamed
   * the file from ({@code new/}), which would have made the first rename durable too.
   *
   * @throws ApplyException when the entry does not fit the index (a missing mailbox or message):
   *     on a replica that means divergence and must be reported, never skipped silently
   */
  public List<FileAction> apply(JournalEntry entry, UserIndex index)
      throws SQLException, ApplyException {
    if (index.appliedSeq() >= entry.seq()) {
      return entry.op() instanceof Deliver d ? List.of(moveIn(d)) : List.of();
    }
    Operation op = entry.op();
    List<FileAction> actions = new ArrayList<>();
    if (op instanceof Deliver d) {
      deliver(d, index, actions);
    } else if (op instanceof SetFlags s) {
      setFlags(s, index, actions);
    } else if (op instanceof Expunge e) {
      expungeRefs(e.user(), e.mailbox(), e.modseq(), e.messages(), entry.seq(), index, actions);
    } else if (op instanceof Copy c) {
      copy(c.user(), c.sourceMailbox(), c.targetMailbox(), c.targetModseq(), c.messages(), index,
          actions);
    } else if (op instanceof Move m) {
      move(m, index, actions);
    } else {
      applyMailboxOrUser(op, entry.seq(), index, actions);
    }
    index.setAppliedSeq(entry.seq());
    return actions;
  }

  private void deliver(Deliver d, UserIndex index, List<FileAction> actions)
      throws SQLException, ApplyException {
    String rel = MaildirLayout.relativeFile(d.fileName(), Flags.maildirLetters(d.flags()), false);
    MailboxRow box = requireMailbox(index, d.mailbox());
    index.insertMessage(box.id(), new MessageRow(d.uid(), d.modseq(), d.flags(),
        d.internalDateMillis(), d.size(), d.sha256(), rel));
    index.setCounters(box.id(), d.uid() + 1, d.modseq());
    actions.add(moveIn(d));
  }

  private FileAction moveIn(Deliver d) {
    String rel = MaildirLayout.relativeFile(d.fileName(), Flags.maildirLetters(d.flags()), false);
    return new FileAction.MoveIn(layout.spool().resolve(d.fileName()),
        layout.mailbox(d.user(), d.mailbox()).resolve(rel));
  }

  private void setFlags(SetFlags s, UserIndex index, List<FileAction> actions)
      throws SQLException, ApplyException {
    Path dir = layout.mailbox(s.user(), s.mailbox());
    MailboxRow box = requireMailbox(index, s.mailbox());
    for (FlagChange change : s.changes()) {
      String rel = MaildirLayout.relativeFile(change.fileBase(),
          Flags.maildirLetters(change.flags()), true);
      String hint = requireMessage(index, box, change.uid()).file();
      index.updateFlags(box.id(), change.uid(), s.modseq(), change.flags(), rel);
      actions.add(new FileAction.Place(dir, change.fileBase(), hint, dir.resolve(rel)));
    }
    index.setCounters(box.id(), 0, s.modseq());
  }

  private void expungeRefs(String user, String mailbox, long modseq, List<MessageRef> refs,
      long seq, UserIndex index, List<FileAction> actions) throws SQLException, ApplyException {
    Path dir = layout.mailbox(user, mailbox);
    MailboxRow box = requireMailbox(index, mailbox);
    for (MessageRef ref : refs) {
      MessageRow row = requireMessage(index, box, ref.uid());
      index.expungeMessage(box.id(), ref.uid(), modseq, ref.fileBase());
      actions.add(new FileAction.Remove(dir, ref.fileBase(), row.file(),
          seq > 0 ? row.sha256() : null, seq));
    }
    index.setCounters(box.id(), 0, modseq);
  }

  private void copy(String user, String source, String target, long targetModseq,
      List<CopiedMessage> messages, UserIndex index, List<FileAction> actions)
      throws SQLException, ApplyException {
    Path sourceDir = layout.mailbox(user, source);
    Path targetDir = layout.mailbox(user, target);
    MailboxRow from = requireMailbox(index, source);
    MailboxRow to = requireMailbox(index, target);
    long uidNext = 0;
    for (CopiedMessage m : messages) {
      String rel = MaildirLayout.relativeFile(m.targetBase(), Flags.maildirLetters(m.flags()),
          true);
      MessageRow original = requireMessage(index, from, m.sourceUid());
      index.insertMessage(to.id(), new MessageRow(m.targetUid(), targetModseq, m.flags(),
          original.internalDateMillis(), original.size(), original.sha256(), rel));
      uidNext = Math.max(uidNext, m.targetUid() + 1);
      actions.add(new FileAction.Link(sourceDir, m.sourceBase(), original.file(),
          targetDir.resolve(rel)));
    }
    index.setCounters(to.id(), uidNext, targetModseq);
  }

  private void move(Move m, UserIndex index, List<FileAction> actions)
      throws SQLException, ApplyException {
    copy(m.user(), m.sourceMailbox(), m.targetMailbox(), m.targetModseq(), m.messages(), index,
        actions);
    List<MessageRef> sources = new ArrayList<>();
    for (CopiedMessage c : m.messages()) {
      sources.add(new MessageRef(c.sourceUid(), c.sourceBase()));
    }
    // The body lives on in the target (a hard link), so the source needs no keeping: seq 0.
    expungeRefs(m.user(), m.sourceMailbox(), m.sourceModseq(), sources, 0, index, actions);
  }

  /**
   * Removals of every message of {@code box}, so that their bodies are offered to the attic
   * before the folder goes (a deleted folder or user).
   */
  public List<FileAction> removeAll(String user, MailboxRow box, long seq, UserIndex index)
      throws SQLException {
    Path dir = layout.mailbox(user, box.name());
    List<FileAction> actions = new ArrayList<>();
    for (MessageRow row : index.messages(box.id())) {
      String base = MaildirName.baseOf(Path.of(row.file()).getFileName().toString());
      actions.add(new FileAction.Remove(dir, base, row.file(), row.sha256(), seq));
    }
    return actions;
  }

  private void applyMailboxOrUser(Operation op, long seq, UserIndex index,
      List<FileAction> actions) throws SQLException, ApplyException {
    if (op instanceof CreateMailbox c) {
      if (index.mailbox(c.mailbox()).isPresent()) {
        throw new ApplyException("mailbox " + c.mailbox() + " of " + c.user() + " exists");
      }
      index.insertMailbox(c.mailbox(), c.uidValidity(), c.specialUse());
      actions.add(new FileAction.EnsureMailbox(layout.mailbox(c.user(), c.mailbox()), true));
    } else if (op instanceof RenameMailbox r) {
      requireMailbox(index, r.from());
      if (index.mailbox(r.to()).isPresent()) {
        throw new ApplyException("mailbox " + r.to() + " of " + r.user() + " exists");
      }
      index.renameMailbox(r.from(), r.to());
      actions.add(new FileAction.RenameFolders(layout.maildir(r.user()), r.from(), r.to()));
    } else if (op instanceof DeleteMailbox d) {
      MailboxRow box = requireMailbox(index, d.mailbox());
      actions.addAll(removeAll(d.user(), box, seq, index));
      index.deleteMailbox(box.id());
      actions.add(new FileAction.RemoveTree(layout.mailbox(d.user(), d.mailbox())));
    } else if (op instanceof Subscribe s) {
      index.setSubscribed(s.mailbox(), s.subscribed());
    } else if (op instanceof AddUser a) {
      index.insertMailbox(Names.INBOX, a.inboxUidValidity(), null);
      index.setSubscribed(Names.INBOX, true);
      actions.add(new FileAction.EnsureMailbox(layout.mailbox(a.user(), Names.INBOX), false));
    } else if (!(op instanceof ChangePassword)) {
      throw new ApplyException("no apply rule for " + op.kind());
    }
  }

  private static MailboxRow requireMailbox(UserIndex index, String name)
      throws SQLException, ApplyException {
    return index.mailbox(name).orElseThrow(
        () -> new ApplyException("mailbox " + name + " of " + index.user()
            + " is not in the index"));
  }

  private static MessageRow requireMessage(UserIndex index, MailboxRow box, long uid)
      throws SQLException, ApplyException {
    return index.message(box.id(), uid).orElseThrow(() -> new ApplyException(
        "message " + uid + " of " + index.user() + "/" + box.name() + " is not in the index"));
  }
}
