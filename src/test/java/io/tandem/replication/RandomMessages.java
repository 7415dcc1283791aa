package io.tandem.replication;

import io.tandem.util.Sha256;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.journal.Operation.CopiedMessage;
import io.tandem.journal.Operation.FlagChange;
import io.tandem.journal.Operation.MessageRef;
import io.tandem.replication.PeerMessage.Ack;
import io.tandem.replication.PeerMessage.Digest;
import io.tandem.replication.PeerMessage.Entries;
import io.tandem.replication.PeerMessage.Hello;
import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.PeerMessage.NeedBody;
import io.tandem.replication.PeerMessage.Ping;
import io.tandem.replication.PeerMessage.Pong;
import io.tandem.replication.PeerMessage.Refuse;
import io.tandem.replication.PeerMessage.ResyncUser;
import io.tandem.replication.PeerMessage.StreamFrom;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Seeded random messages of every type, for round trips; equal seeds give equal messages. */
final class RandomMessages {
  /** Letters, a NUL (two bytes in modified UTF-8), accents, CJK and a surrogate pair half. */
  private static final String CHARS = "abcXYZ09._-/\\$ \u0000\u00e9\u00fc\u65e5\u672c\ud83d";

  private final SplittableRandom random;

  RandomMessages(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One random message of the {@code kind}-th type (0 .. {@link #KINDS} - 1). */
  PeerMessage message(int kind) {
    return generators().get(kind).get();
  }

  static final int KINDS = 32;

  private List<Supplier<PeerMessage>> generators() {
    return List.of(
        () -> new Hello(random.nextInt(), str(), str(), num(), num(), num(), num(), num(),
            Set.copyOf(strings(5))),
        () -> new StreamFrom(num()),
        () -> new Entries(entries()),
        this::body,
        () -> new NeedBody(sha()),
        () -> new Ack(num()),
        () -> new ResyncUser(str()),
        () -> new Digest(str(), str(), num(), num(), num(), sha()),
        () -> new Refuse(str()),
        () -> new Ping(random.nextLong()),
        () -> new Pong(random.nextLong()),
        () -> new PeerMessage.DigestRequest(str()),
        () -> new PeerMessage.Handover(num(), num()),
        () -> new PeerMessage.HandoverDone(num()),
        () -> new PeerMessage.Digests(str(), random.nextLong(), num()),
        () -> new SnapshotMessage.Begin(str(), num(), str(), num()),
        () -> new SnapshotMessage.Mailbox(str(), str(), num(), num(), num(),
            random.nextBoolean() ? null : "\\" + str() + "x"),
        () -> new SnapshotMessage.Messages(str(), str(), list(() -> new SnapshotMessage.Message(
            num(), num(), strings(4), num(), num(), sha(), str()))),
        () -> new SnapshotMessage.Expunged(str(), str(),
            list(() -> new SnapshotMessage.Tombstone(num(), num(), str()))),
        () -> new SnapshotMessage.Subscriptions(str(), strings(6)),
        () -> new SnapshotMessage.End(str(), num(), num(), num()),
        () -> new SnapshotMessage.UserAbsent(str(), num()),
        () -> new SnapshotMessage.ResyncDone(num(), num(), num()),
        () -> new ReconcileMessage.Diverged(list(() -> new io.tandem.journal.EpochHistory.Start(
            num(), num())), num()),
        () -> new ReconcileMessage.Begin(str(), num(), num(), num()),
        this::reconcileAction,
        HardwareMessage.HardwareRequest::new,
        () -> new HardwareMessage.HardwareReport(new io.tandem.hardware.HardwareHealth(
            random.nextInt(0, 100), random.nextInt(0, 3), random.nextInt(0, 12), strings(4))),
        () -> new ReconcileMessage.Reconciled(str(), str()),
        () -> new BodyRepairMessage.Request(str(), sha()),
        () -> new BodyRepairMessage.Reply(body()),
        () -> new BodyRepairMessage.Missing(sha(), str()));
  }

  private ReconcileMessage.Action reconcileAction() {
    io.tandem.reconcile.DivergentAction.Kind[] kinds =
        io.tandem.reconcile.DivergentAction.Kind.values();
    io.tandem.reconcile.DivergentAction.Kind kind = kinds[random.nextInt(kinds.length)];
    String hash = kind == io.tandem.reconcile.DivergentAction.Kind.DELIVER
        || random.nextBoolean() ? sha() : "";
    return new ReconcileMessage.Action(num(), new io.tandem.reconcile.DivergentAction(kind,
        str(), str(), str(), num(), hash, num(), strings(3), num(), str()));
  }

  private MessageBody body() {
    byte[] bytes = new byte[random.nextInt(300)];
    random.nextBytes(bytes);
    if (random.nextBoolean()) {
      return MessageBody.whole(bytes);
    }
    long offset = random.nextLong(1, 1L << 40);
    return new MessageBody(sha(), offset + bytes.length + random.nextLong(1000), offset, bytes);
  }

  private List<JournalEntry> entries() {
    long first = random.nextLong(1, Long.MAX_VALUE / 2);
    int count = random.nextInt(8);
    return IntStream.range(0, count)
        .mapToObj(i -> new JournalEntry(first + i, num(), num(), operation()))
        .toList();
  }

  /** One random operation of any of the journal's twelve types. */
  Operation operation() {
    String user = str();
    switch (random.nextInt(12)) {
      case 0:
        return new Operation.Deliver(user, str(), num(), num(), strings(3), num(), num(), sha(),
            str());
      case 1:
        return new Operation.SetFlags(user, str(), num(),
            list(() -> new FlagChange(num(), str(), strings(3))));
      case 2:
        return new Operation.Expunge(user, str(), num(), list(() -> new MessageRef(num(), str())));
      case 3:
        return new Operation.Copy(user, str(), str(), num(), copied());
      case 4:
        return new Operation.Move(user, str(), num(), str(), num(), copied());
      case 5:
        return new Operation.CreateMailbox(user, str(), num(),
            random.nextBoolean() ? null : "\\Sent");
      case 6:
        return new Operation.RenameMailbox(user, str(), str());
      case 7:
        return new Operation.DeleteMailbox(user, str());
      case 8:
        return new Operation.Subscribe(user, str(), random.nextBoolean());
      case 9:
        return new Operation.AddUser(user, str(), num());
      case 10:
        return new Operation.DeleteUser(user);
      default:
        return new Operation.ChangePassword(user, str());
    }
  }

  private List<CopiedMessage> copied() {
    return list(() -> new CopiedMessage(num(), str(), num(), str(), strings(2)));
  }

  private <T> List<T> list(Supplier<T> element) {
    return IntStream.range(0, random.nextInt(6)).mapToObj(i -> element.get()).toList();
  }

  List<String> strings(int max) {
    return IntStream.range(0, random.nextInt(max + 1)).mapToObj(i -> str() + i).toList();
  }

  String str() {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      text.append(CHARS.charAt(random.nextInt(CHARS.length())));
    }
    return text.toString();
  }

  /** Any long, with the edges (0, -1, MIN, MAX) more often than chance. */
  long num() {
    int pick = random.nextInt(10);
    return pick == 0 ? 0 : pick == 1 ? -1 : pick == 2 ? Long.MAX_VALUE
        : pick == 3 ? Long.MIN_VALUE : random.nextLong();
  }

  String sha() {
    byte[] hash = new byte[32];
    random.nextBytes(hash);
    return Sha256.hex(hash);
  }
}
