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
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The decoding half of {@link OperationCodec}; the grammar is documented there. */
final class OperationReader {

  private OperationReader() {}

  static Operation read(DataInputStream in) throws IOException {
    int type = in.readUnsignedByte();
    switch (type) {
      case 1:
        return new Deliver(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), flags(in),
            in.readLong(), in.readLong(), hash(in), in.readUTF());
      case 2:
        return setFlags(in);
      case 3:
        return new Expunge(in.readUTF(), in.readUTF(), in.readLong(), refs(in));
      case 4:
        return new Copy(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), copied(in));
      case 5:
        return new Move(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readLong(),
            copied(in));
      case 6:
        return createMailbox(in);
      case 7:
        return new RenameMailbox(in.readUTF(), in.readUTF(), in.readUTF());
      case 8:
        return new DeleteMailbox(in.readUTF(), in.readUTF());
      case 9:
        return new Subscribe(in.readUTF(), in.readUTF(), in.readBoolean());
      case 10:
        return new AddUser(in.readUTF(), in.readUTF(), in.readLong());
      case 11:
        return new DeleteUser(in.readUTF());
      case 12:
        return new ChangePassword(in.readUTF(), in.readUTF());
      default:
        throw new IOException("unknown operation type " + type);
    }
  }

  private static SetFlags setFlags(DataInputStream in) throws IOException {
    String user = in.readUTF();
    String mailbox = in.readUTF();
    long modseq = in.readLong();
    int count = OperationCodec.boundedCount(in.readInt());
    List<FlagChange> changes = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      changes.add(new FlagChange(in.readLong(), in.readUTF(), flags(in)));
    }
    return new SetFlags(user, mailbox, modseq, List.copyOf(changes));
  }

  private static CreateMailbox createMailbox(DataInputStream in) throws IOException {
    String user = in.readUTF();
    String mailbox = in.readUTF();
    long uidValidity = in.readLong();
    String specialUse = in.readUTF();
    return new CreateMailbox(user, mailbox, uidValidity, specialUse.isEmpty() ? null : specialUse);
  }

  private static List<String> flags(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    List<String> flags = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      flags.add(in.readUTF());
    }
    return List.copyOf(flags);
  }

  private static List<MessageRef> refs(DataInputStream in) throws IOException {
    int count = OperationCodec.boundedCount(in.readInt());
    List<MessageRef> refs = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      refs.add(new MessageRef(in.readLong(), in.readUTF()));
    }
    return List.copyOf(refs);
  }

  private static List<CopiedMessage> copied(DataInputStream in) throws IOException {
    int count = OperationCodec.boundedCount(in.readInt());
    List<CopiedMessage> messages = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      messages.add(new CopiedMessage(in.readLong(), in.readUTF(), in.readLong(), in.readUTF(),
          flags(in)));
    }
    return List.copyOf(messages);
  }

  private static String hash(DataInputStream in) throws IOException {
    byte[] bytes = new byte[32];
    in.readFully(bytes);
    return Sha256.hex(bytes);
  }
}
