package io.tandem.replication;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.journal.Operation.FlagChange;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One realistic message of every type, by a stable name: the fuzz seeds are made from these. */
final class PeerExamples {
  static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final String HASH_OF_BODY =
      "72e9b7d9f44250ffd3c12d206bbbd3c31e401985c6f6c71ac12b2770d0fde645";
  static final byte[] BODY =
      "Return-Path: <a@example.org>\nDelivered-To: alice\nSubject: hi\n\nhello\n"
          .getBytes(StandardCharsets.UTF_8);

  private PeerExamples() {}

  static Map<String, PeerMessage> all() {
    Map<String, PeerMessage> all = new LinkedHashMap<>();
    all.put("hello", new Hello(PeerCodec.PROTOCOL_VERSION, "tandem-b", "replica", 4, 1200, 3,
        1, 1200, Set.of("bodies-chunked", "digest-v1")));
    all.put("stream-from", new StreamFrom(1200));
    all.put("entries", new Entries(List.of(
        new JournalEntry(1201, 4, 1_700_000_000_000L, new Operation.Deliver("alice", "INBOX",
            42, 77, List.of("\\Seen"), 1_699_999_999_000L, BODY.length, HASH_OF_BODY,
            "1700000000.M1P2Q3.tandem-a,S=68,W=73")),
        new JournalEntry(1202, 4, 1_700_000_000_500L, new Operation.SetFlags("alice", "INBOX",
            78, List.of(new FlagChange(42, "1700000000.M1P2Q3.tandem-a,S=68,W=73",
                List.of("$Label1", "\\Flagged", "\\Seen"))))))));
    all.put("message-body", MessageBody.whole(BODY));
    all.put("message-body-chunk", new MessageBody(HASH, 40_000_000, 16_777_216,
        new byte[] {1, 2, 3, 4}));
    all.put("need-body", new NeedBody(HASH));
    all.put("body-request", new BodyRepairMessage.Request("alice", HASH_OF_BODY));
    all.put("body-reply", new BodyRepairMessage.Reply(MessageBody.whole(BODY)));
    all.put("body-missing", new BodyRepairMessage.Missing(HASH_OF_BODY,
        "every copy here is damaged too"));
    all.put("ack", new Ack(1202));
    all.put("resync-user", new ResyncUser("alice"));
    all.put("digest", new Digest("alice", "Archive.2024", 1_700_000_001L, 78, 2, HASH));
    all.put("refuse", new Refuse("the peer tandem-a is at epoch 5 and we are at 4"));
    all.put("ping", new Ping(123_456_789L));
    all.put("pong", new Pong(123_456_789L));
    all.put("digest-request", new PeerMessage.DigestRequest("alice"));
    all.put("digests", new PeerMessage.Digests("alice", 1202, 7));
    all.put("handover", new PeerMessage.Handover(5, 1202));
    all.put("handover-done", new PeerMessage.HandoverDone(5));
    all.put("diverged", new ReconcileMessage.Diverged(List.of(
        new io.tandem.journal.EpochHistory.Start(1, 1),
        new io.tandem.journal.EpochHistory.Start(2, 91)), 150));
    all.put("reconcile-begin", new ReconcileMessage.Begin("tandem-a-91-100", 90, 100, 2));
    all.put("reconcile-action", new ReconcileMessage.Action(0,
        new io.tandem.reconcile.DivergentAction(
            io.tandem.reconcile.DivergentAction.Kind.DELIVER, "alice", "INBOX", "", 0,
            HASH_OF_BODY, BODY.length, List.of("\\Seen"), 1_700_000_000_000L, "")));
    all.put("hardware-request", new HardwareMessage.HardwareRequest());
    all.put("hardware-report", new HardwareMessage.HardwareReport(
        new io.tandem.hardware.HardwareHealth(1, 0, 1, List.of("md0 degraded",
            "disk bay 2, serial WD-BBB (sdb) failing"))));
    all.put("reconciled", new ReconcileMessage.Reconciled("tandem-a-91-100",
        "1 messages delivered again, 1 other changes replayed"));
    all.putAll(snapshots());
    return all;
  }

  private static Map<String, PeerMessage> snapshots() {
    Map<String, PeerMessage> all = new LinkedHashMap<>();
    all.put("snapshot-begin", new SnapshotMessage.Begin("alice", 1200,
        "pbkdf2-sha256$600000$c2FsdA==$aGFzaA==", 1_700_000_002L));
    all.put("snapshot-mailbox", new SnapshotMessage.Mailbox("alice", "Sent", 1_700_000_002L, 9,
        31, "\\Sent"));
    all.put("snapshot-messages", new SnapshotMessage.Messages("alice", "Sent", List.of(
        new SnapshotMessage.Message(7, 30, List.of("\\Seen"), 1_699_000_000_000L, 71, HASH,
            "cur/1699000000.M5P6Q7.tandem-a,S=71,W=75:2,S"))));
    all.put("snapshot-expunged", new SnapshotMessage.Expunged("alice", "Sent", List.of(
        new SnapshotMessage.Tombstone(8, 31, "1699000001.M5P6Q8.tandem-a,S=90,W=95"))));
    all.put("snapshot-subscriptions", new SnapshotMessage.Subscriptions("alice",
        List.of("Sent", "Archive.2024")));
    all.put("snapshot-end", new SnapshotMessage.End("alice", 1200, 2, 1));
    all.put("user-absent", new SnapshotMessage.UserAbsent("bob", 1200));
    all.put("resync-done", new SnapshotMessage.ResyncDone(1199, 2, 1250));
    return all;
  }
}
