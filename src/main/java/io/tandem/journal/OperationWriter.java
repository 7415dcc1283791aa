package io.tandem.journal;

import io.tandem.journal.Operation.AddUser;
import io.tandem.journal.Operation.ChangePassword;
import io.tandem.journal.Operation.CopiedMessage;
import io.tandem.journal.Operation.Copy;
import io.tandem.journal.Operation.CreateMailbox;
import io.tandem.journal.Operation.DeleteMailbox;
import io.tandem.journal.Operation.DeleteUser;
import io.tandem.journal.Operation.Deliver;
import io.tandem.journal.Operation.Expunge;
import io.tandem.journal.Operation.FlagChange;
import io.tandem.journal.Operation.MessageRef;
import io.tandem.journal.Operation.Move;
import io.tandem.journal.Operation.RenameMailbox;
import io.tandem.journal.Operation.SetFlags;
import io.tandem.journal.Operation.Subscribe;
import io.tandem.util.Sha256;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/** The encoding half of {@link OperationCodec}: type byte and body of each operation. */
final class OperationWriter {

  private OperationWriter() {}

  static void write(DataOutputStream out, Operation op) throws IOException {
    if (op instanceof Deliver d) {
      out.writeByte(1);
      strings(out, d.user(), d.mailbox());
      out.writeLong(d.uid());
      out.writeLong(d.modseq());
      flags(out, d.flags());
      out.writeLong(d.internalDateMillis());
      out.writeLong(d.size());
      out.write(Sha256.parseAnyCase(d.sha256()));
      out.writeUTF(d.fileName());
    } else if (op instanceof SetFlags s) {
      out.writeByte(2);
      strings(out, s.user(), s.mailbox());
      out.writeLong(s.modseq());
      out.writeInt(s.changes().size());
      for (FlagChange change : s.changes()) {
        out.writeLong(change.uid());
        out.writeUTF(change.fileBase());
        flags(out, change.flags());
      }
    } else if (op instanceof Expunge e) {
      out.writeByte(3);
      strings(out, e.user(), e.mailbox());
      out.writeLong(e.modseq());
      out.writeInt(e.messages().size());
      for (MessageRef ref : e.messages()) {
        out.writeLong(ref.uid());
        out.writeUTF(ref.fileBase());
      }
    } else if (op instanceof Copy c) {
      out.writeByte(4);
      strings(out, c.user(), c.sourceMailbox(), c.targetMailbox());
      out.writeLong(c.targetModseq());
      copied(out, c.messages());
    } else if (op instanceof Move m) {
      out.writeByte(5);
      strings(out, m.user(), m.sourceMailbox());
      out.writeLong(m.sourceModseq());
      out.writeUTF(m.targetMailbox());
      out.writeLong(m.targetModseq());
      copied(out, m.messages());
    } else {
      writeAdministrative(out, op);
    }
  }

  private static void writeAdministrative(DataOutputStream out, Operation op) throws IOException {
    if (op instanceof CreateMailbox c) {
      out.writeByte(6);
      strings(out, c.user(), c.mailbox());
      out.writeLong(c.uidValidity());
      out.writeUTF(c.specialUse() == null ? "" : c.specialUse());
    } else if (op instanceof RenameMailbox r) {
      out.writeByte(7);
      strings(out, r.user(), r.from(), r.to());
    } else if (op instanceof DeleteMailbox d) {
      out.writeByte(8);
      strings(out, d.user(), d.mailbox());
    } else if (op instanceof Subscribe s) {
      out.writeByte(9);
      strings(out, s.user(), s.mailbox());
      out.writeBoolean(s.subscribed());
    } else if (op instanceof AddUser a) {
      out.writeByte(10);
      strings(out, a.user(), a.passwordHash());
      out.writeLong(a.inboxUidValidity());
    } else if (op instanceof DeleteUser d) {
      out.writeByte(11);
      strings(out, d.user());
    } else if (op instanceof ChangePassword c) {
      out.writeByte(12);
      strings(out, c.user(), c.passwordHash());
    } else {
      throw new IllegalArgumentException("no encoding for " + op.getClass());
    }
  }

  private static void strings(DataOutputStream out, String... values) throws IOException {
    for (String value : values) {
      out.writeUTF(value);
    }
  }

  private static void flags(DataOutputStream out, List<String> flags) throws IOException {
    if (flags.size() > 0xFFFF) {
      throw new IllegalArgumentException("a message cannot have more than 65535 flags, got "
          + flags.size());
    }
    out.writeShort(flags.size());
    for (String flag : flags) {
      out.writeUTF(flag);
    }
  }

  private static void copied(DataOutputStream out, List<CopiedMessage> messages)
      throws IOException {
    out.writeInt(messages.size());
    for (CopiedMessage m : messages) {
      out.writeLong(m.sourceUid());
      out.writeUTF(m.sourceBase());
      out.writeLong(m.targetUid());
      out.writeUTF(m.targetBase());
      flags(out, m.flags());
    }
  }
}
