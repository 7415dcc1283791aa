package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.journal.EpochHistory;
import io.tandem.journal.Journal;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation.Deliver;
import io.tandem.lifecycle.RoleState;
import io.tandem.replication.PeerMessage.Ack;
import io.tandem.replication.PeerMessage.Entries;
import io.tandem.replication.PeerMessage.Hello;
import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.PeerMessage.NeedBody;
import io.tandem.replication.PeerMessage.Ping;
import io.tandem.replication.PeerMessage.Pong;
import io.tandem.replication.PeerMessage.Refuse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's half of one connection: hello, the catch-up plan, then every journal entry
 * after the replica's position, each delivery's body (checked against its hash) just before the
 * entries that need it. Entries come from the journal files while the replica is far behind and
 * from the in-memory feed once it is close, so new mail leaves within milliseconds of becoming
 * durable. A second thread reads the replica's acknowledgements and pings.
 */
final class SenderSession {
  private static final Logger LOG = LoggerFactory.getLogger(SenderSession.class);
  /** Entries per frame: big enough to batch under load, small enough to ack often. */
  static final int MAX_BATCH = 1024;
  /** Body bytes gathered before they are written out, so memory stays bounded. */
  private static final long FLUSH_BYTES = 8L << 20;
  /** How often a stalled sender looks again for a body it could not send. */
  private static final long STALL_RETRY_MILLIS = 10_000;

  private final PeerLink link;
  private final Sender.Context context;
  private final AtomicReference<Exception> readerFailure = new AtomicReference<>();
  /** The last seq handed to the link (read by the ack reader to check acknowledgements). */
  private volatile long position;
  /** After a full resync in this session: entries the replica's copies already hold. */
  private ResyncSender.ResyncSkips skips = ResyncSender.ResyncSkips.none();
  /** The acknowledgement the replica had before it came back with less; -1 if it did not. */
  private volatile long regressedFrom = -1;

  SenderSession(PeerLink link, Sender.Context context) {
    this.link = link;
    this.context = context;
  }

  /** Runs until the link fails or is closed; returns normally only if it was closed here. */
  void run() throws IOException, PeerProtocolException, InterruptedException {
    Hello replica = link.exchangeHellos(context.hello());
    context.bodyRepair().attach(link, replica);
    CatchUpPlan plan = new CatchUpPlanner().plan(input(replica));
    LOG.info("Replication to {} ({}): {}", replica.appliance(), link.remote(), plan.reason());
    switch (plan.action()) {
      case REFUSE -> refuse(replica, plan);
      case RECONCILE -> {
        // What the replica holds beyond the common seq is not ours: it never counts as acked.
        long common = new RejoinPrimary(link, context).reconcile(replica);
        context.state().restartFrom(common);
        stream(replica, plan.fromSeq(), true);
      }
      default -> {
        long lost = context.state().restartFrom(replica.lastAppliedSeq());
        if (lost >= 0) {
          regressedFrom = lost;
          context.alerts().raise(Sender.ALERT_REGRESSED, Severity.CRITICAL, "replication",
              "The replica " + replica.appliance() + " says it holds entries up to seq "
                  + replica.lastAppliedSeq() + " but had acknowledged seq " + lost + ": it lost"
                  + " data it had made durable (a disk or filesystem fault?). Bodies removed"
                  + " meanwhile may be gone from the attic; check the replica's storage");
        }
        stream(replica, plan.fromSeq(), plan.action() == CatchUpPlan.Action.FULL_RESYNC);
      }
    }
  }

  private CatchUpInput input(Hello replica) {
    Journal journal = context.journal();
    long last = journal.lastSeq();
    List<CatchUpInput.EpochStart> history = new ArrayList<>();
    for (EpochHistory.Start start : context.epochs().starts()) {
      history.add(new CatchUpInput.EpochStart(start.epoch(),
          history.isEmpty() ? 1 : start.firstSeq()));
    }
    if (history.isEmpty()) {
      history.add(new CatchUpInput.EpochStart(context.role().epoch(), 1));
    }
    return new CatchUpInput(replica, context.role().epoch(), Math.min(journal.firstSeq(),
        last + 1), last, history);
  }

  private void refuse(Hello peer, CatchUpPlan plan) throws IOException {
    link.send(new Refuse(plan.reason()));
    String what = "Replication refused: " + plan.reason();
    if (plan.stepDown()) {
      // Fencing: another primary of a newer epoch exists, so this one must not write again.
      context.role().stepDown(peer.epoch());
      what = "This appliance stepped down to replica (epoch " + peer.epoch() + "): "
          + plan.reason();
      LOG.error("{}", what);
    }
    context.alerts().raise(Sender.ALERT_REFUSED, Severity.CRITICAL, "replication", what);
    throw new PeerRefusedException(plan.reason());
  }

  private void stream(Hello replica, long from, boolean resyncFirst)
      throws IOException, InterruptedException {
    context.alerts().clear(Sender.ALERT_REFUSED);
    position = from;
    Thread reader = new Thread(this::readReplies, "replication-acks");
    reader.setDaemon(true);
    reader.start();
    try {
      if (resyncFirst) {
        context.state().connected(replica.appliance(), "full resync: copying every user");
        skips = new ResyncSender(link, context.store(), context.bodies()).sendAll(from);
      }
      context.state().connected(replica.appliance(), "catching up from seq " + from);
      while (!link.isClosed()) {
        checkReader();
        sendRequestedResyncs();
        List<JournalEntry> recent = context.journal().feed().after(position, MAX_BATCH, 500);
        if (recent == null) {
          catchUpFromFiles();
        } else if (!recent.isEmpty()) {
          ship(recent);
        }
        if (position == context.journal().lastSeq()) {
          context.state().activity("streaming");
        }
      }
      checkReader();
    } finally {
      link.close();
      reader.join(TimeUnit.SECONDS.toMillis(5));
    }
  }

  /**
   * Sends the snapshots a repair asked for. Each waits until this primary's index holds every
   * entry already sent: the snapshot then covers them, and the replica skips the later entries
   * it already contains (its index is past them).
   */
  private void sendRequestedResyncs() throws IOException, InterruptedException {
    for (UserResyncs.Request request = context.resyncs().next(); request != null;
        request = context.resyncs().next()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (context.store().appliedThrough() < position && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      try {
        long consistent = new ResyncSender(link, context.store(), context.bodies())
            .sendOne(request.user());
        LOG.info("Sent a fresh copy of {} to the replica (consistent with seq {})",
            request.user(), consistent);
        request.sent().complete(consistent);
      } catch (IOException e) {
        request.sent().completeExceptionally(e);
        throw e;
      }
    }
  }

  /** Streams from the journal files what the feed no longer holds, at disk speed. */
  private void catchUpFromFiles() throws IOException, InterruptedException {
    context.state().activity("catching up from seq " + position + " (journal files)");
    List<JournalEntry> batch = new ArrayList<>(MAX_BATCH);
    try {
      context.journal().read(position, entry -> {
        batch.add(entry);
        if (batch.size() == MAX_BATCH) {
          shipUnchecked(batch);
          batch.clear();
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!batch.isEmpty()) {
      ship(batch);
    }
  }

  private void shipUnchecked(List<JournalEntry> batch) {
    try {
      ship(batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }

  /**
   * Sends the bodies the batch's deliveries need, then the entries. A body that cannot be sent
   * (corrupt or gone) holds the stream just before its delivery: the entries before it go out,
   * and the sender tries again until the body is repaired or the link closes.
   */
  private void ship(List<JournalEntry> batch) throws IOException, InterruptedException {
    checkReader();
    List<PeerMessage> out = new ArrayList<>();
    java.util.Set<String> bodiesInBatch = new java.util.HashSet<>();
    long bytes = 0;
    int sendable = 0;
    for (JournalEntry entry : batch) {
      if (entry.op() instanceof Deliver d && !skips.covers(d.user(), entry.seq())) {
        BodyLocator.Lookup found = findSettled(d);
        if (found.verified().isEmpty()) {
          sendEntries(out, batch.subList(0, sendable));
          stall(entry, d, found);
          // Start this entry's batch again: the body is back.
          ship(batch.subList(sendable, batch.size()));
          return;
        }
        clearBodyAlert(d);
        try (FileChannel body = found.verified().get()) {
          if (bodiesInBatch.add(d.sha256())) {
            bytes += BodyChunks.add(out, body, d.sha256());
          }
        }
        if (bytes >= FLUSH_BYTES) {
          link.sendAll(out);
          out.clear();
          bytes = 0;
        }
      }
      sendable++;
    }
    sendEntries(out, batch);
  }

  /**
   * Looks for a body, again a few times when no copy is found at all: while the committer is
   * applying later entries a file can be between two places for a moment (a flag change renames
   * it before the index says so), which is not worth an alert.
   */
  private BodyLocator.Lookup findSettled(Deliver d) throws IOException, InterruptedException {
    BodyLocator.Lookup found = context.bodies().find(d);
    for (int retry = 0; retry < 5 && found.verified().isEmpty() && found.corrupt().isEmpty();
        retry++) {
      Thread.sleep(20);
      found = context.bodies().find(d);
    }
    return found;
  }

  private void sendEntries(List<PeerMessage> out, List<JournalEntry> entries) throws IOException {
    if (!entries.isEmpty()) {
      out.add(new Entries(entries));
      context.state().sent(entries.get(0).seq(), entries.get(0).timeMillis());
      // Before the write: the replica may acknowledge before sendAll returns.
      position = entries.get(entries.size() - 1).seq();
    }
    if (!out.isEmpty()) {
      link.sendAll(out);
      out.clear();
    }
  }

  private void stall(JournalEntry entry, Deliver d, BodyLocator.Lookup found)
      throws IOException, InterruptedException {
    String what = "message uid " + d.uid() + " in " + d.user() + "/" + d.mailbox() + " (SHA-256 "
        + d.sha256() + ", journal seq " + entry.seq() + ")";
    String message = found.corrupt().isEmpty()
        ? "The body of " + what + " is missing from this appliance, so replication is held"
            + " at seq " + (entry.seq() - 1) + ". Restore the file " + d.fileName()
            + " (from the partner or a backup); replication resumes by itself"
        : "The body of " + what + " is CORRUPT on this appliance (" + found.corrupt()
            + " does not match its hash). The corrupt bytes are not sent and replication is held"
            + " at seq " + (entry.seq() - 1) + ". Restore the file from the partner or a"
            + " backup; replication resumes by itself";
    // The status first, then the alert: whoever sees the alert finds the status saying why.
    context.state().activity("held at seq " + (entry.seq() - 1) + ": body of " + what
        + (found.corrupt().isEmpty() ? " missing" : " corrupt"));
    context.alerts().raise(bodyAlert(d), Severity.CRITICAL, "replication", message);
    while (!link.isClosed()) {
      checkReader();
      Thread.sleep(Math.min(STALL_RETRY_MILLIS, 500));
      java.util.Optional<FileChannel> repaired = context.bodies().find(d).verified();
      if (repaired.isPresent()) {
        repaired.get().close();
        return;
      }
    }
    throw new IOException("link closed while replication was held at seq " + (entry.seq() - 1));
  }

  private void clearBodyAlert(Deliver d) {
    context.alerts().clear(bodyAlert(d));
  }

  private static String bodyAlert(Deliver d) {
    return "replication.body." + d.sha256();
  }

  private void checkReader() throws IOException {
    Exception failure = readerFailure.get();
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure != null) {
      throw new IOException(failure.getMessage(), failure);
    }
  }

  /** The reader thread: acknowledgements, pings and refusals from the replica. */
  private void readReplies() {
    try {
      while (true) {
        PeerMessage message = link.receive();
        if (message instanceof Ack ack) {
          if (ack.appliedSeq() > position) {
            throw new PeerProtocolException(PeerProtocolException.Kind.MALFORMED, "the replica"
                + " acknowledged seq " + ack.appliedSeq() + ", beyond what was sent ("
                + position + ")");
          }
          context.state().acked(ack.appliedSeq());
          if (regressedFrom >= 0 && ack.appliedSeq() >= regressedFrom) {
            context.alerts().clear(Sender.ALERT_REGRESSED);
            regressedFrom = -1;
          }
        } else if (message instanceof Ping ping) {
          link.send(new Pong(ping.nanos()));
        } else if (message instanceof Pong pong) {
          context.state().roundTrip(System.nanoTime() - pong.nanos());
        } else if (message instanceof NeedBody need) {
          LOG.warn("The replica {} received a damaged copy of body {}; it reconnects and the"
              + " body is sent again", link.remote(), need.sha256());
        } else if (message instanceof Refuse refuse) {
          throw new PeerRefusedException("the replica stopped replication: " + refuse.reason());
        } else if (message instanceof PeerMessage.HandoverDone done) {
          context.handovers().complete(done.epoch());
        } else if (message instanceof HardwareMessage.HardwareReport report) {
          context.hardwareReports().complete(report.health());
        } else if (context.digests().received(message)) {
          continue;
        } else if (context.bodyRepair().received(link, message)) {
          continue;
        } else {
          throw new PeerProtocolException(PeerProtocolException.Kind.MALFORMED,
              "unexpected " + message.getClass().getSimpleName() + " from the replica");
        }
      }
    } catch (IOException | PeerProtocolException | RuntimeException e) {
      readerFailure.compareAndSet(null, e);
      link.close();
    }
  }
}
