package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation.Deliver;
import io.tandem.replication.PeerMessage.Ack;
import io.tandem.replication.PeerMessage.Entries;
import io.tandem.replication.PeerMessage.Hello;
import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.PeerMessage.NeedBody;
import io.tandem.replication.PeerMessage.Ping;
import io.tandem.replication.PeerMessage.Pong;
import io.tandem.replication.PeerMessage.Refuse;
import io.tandem.store.write.MessageSpool.BodyHashMismatchException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's half of one connection: checks the primary's hello (role, epoch fencing), then
 * applies the entries it streams, in seq order, through the same committer and apply path the
 * primary used, and acknowledges each frame once its entries are durable here. Entries are
 * pipelined into the committer (it batches them under one fsync) while the next frame is read.
 */
final class ReceiverSession {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiverSession.class);
  /** Entries handed to the committer and not yet durable: bounds memory on a fast catch-up. */
  private static final int MAX_IN_FLIGHT = 16_384;

  private final PeerLink link;
  private final Receiver.Context context;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicReference<Throwable> applyFailure = new AtomicReference<>();
  private long submittedSeq;
  /** After a full resync in this session: entries the staged copies already hold. */
  private ResyncSender.ResyncSkips skips;
  /** The last seq known durable here (set on the committer thread); guarded by itself. */
  private final long[] durable = {0};
  /** Set when a full resync moved the journal: the acker starts over from there. */
  private boolean ackRestart;
  /** The primary's name, from its hello. */
  private String primaryName;

  ReceiverSession(PeerLink link, Receiver.Context context) {
    this.link = link;
    this.context = context;
  }

  void run() throws IOException, PeerProtocolException, InterruptedException {
    Hello primary = link.exchangeHellos(context.hello());
    primaryName = primary.appliance();
    String refusal = refusal(primary);
    if (refusal != null) {
      link.send(new Refuse(refusal));
      context.alerts().raise(Receiver.ALERT_REFUSED, Severity.CRITICAL, "replication",
          "Refused replication from " + primary.appliance() + " (" + link.remote() + "): "
              + refusal);
      throw new PeerRefusedException(refusal);
    }
    context.alerts().clear(Receiver.ALERT_REFUSED);
    context.bodyRepair().attach(link, primary);
    context.role().adoptEpoch(primary.epoch());
    submittedSeq = context.store().journal().lastSeq();
    context.state().primaryHas(primary.journalLastSeq());
    context.state().connected(primary.appliance(), "receiving from seq " + submittedSeq);
    durable[0] = submittedSeq;
    // The starting point is read here, not in the thread: by the time it runs, this thread may
    // already have submitted entries (and moved submittedSeq), and it would wait for them forever.
    long ackedAtStart = submittedSeq;
    Thread acker = new Thread(() -> acknowledgeLoop(ackedAtStart), "replication-acker");
    acker.setDaemon(true);
    acker.start();
    try (BodyInbox inbox = new BodyInbox(context.store().spool().dir(), context.forcing())) {
      ResyncReceiver resync = new ResyncReceiver(context.store(), inbox);
      try {
        receive(inbox, resync);
      } finally {
        resync.abandon();
      }
    } finally {
      link.close();
      synchronized (durable) {
        durable.notifyAll();
      }
      acker.join(5000);
      // The next session starts from the journal's end: let what is queued get there first.
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, 2, java.util.concurrent.TimeUnit.MINUTES)) {
        inFlight.release(MAX_IN_FLIGHT);
      }
    }
  }

  /** Why this appliance will not take entries from that hello, or null when it will. */
  private String refusal(Hello primary) throws IOException {
    if (context.role().isPrimary() && primary.role().equals("primary")
        && primary.epoch() > context.role().epoch()) {
      // Fencing: a primary of a newer epoch exists, so this one stops writing and follows it.
      context.role().stepDown(primary.epoch());
      String what = "This appliance stepped down to replica: " + primary.appliance()
          + " is primary in the newer epoch " + primary.epoch();
      LOG.error("{}", what);
      context.alerts().raise(Receiver.ALERT_STEPPED_DOWN, Severity.CRITICAL, "replication",
          what);
    }
    if (context.role().isPrimary() && primary.epoch() < context.role().epoch()) {
      return "this appliance (" + context.appliance() + ") is the primary of epoch "
          + context.role().epoch() + "; the partner is a primary of the older epoch "
          + primary.epoch() + " (it was replaced) and must step down; mail it took alone is"
          + " reconciled when it rejoins";
    }
    if (context.role().isPrimary()) {
      return "this appliance (" + context.appliance() + ") is itself the primary in epoch "
          + context.role().epoch() + "; two primaries cannot replicate to each other. Fail one"
          + " over (or promote) first";
    }
    if (!primary.role().equals("primary")) {
      return "the partner says it is a " + primary.role() + ", and only a primary sends entries";
    }
    if (primary.epoch() < context.role().epoch()) {
      return "the partner is a primary of epoch " + primary.epoch() + " but this appliance has"
          + " seen epoch " + context.role().epoch() + ": that primary was replaced (fenced) and"
          + " must not write";
    }
    if (primary.protocolVersion() != PeerCodec.PROTOCOL_VERSION) {
      return "the partner speaks protocol version " + primary.protocolVersion() + " and we"
          + " speak " + PeerCodec.PROTOCOL_VERSION;
    }
    return null;
  }

  private void receive(BodyInbox inbox, ResyncReceiver resync)
      throws IOException, PeerProtocolException, InterruptedException {
    while (true) {
      checkApply();
      PeerMessage message = link.receive();
      if (message instanceof SnapshotMessage snapshot) {
        context.state().activity("full resync from the primary");
        resync.accept(snapshot);
        if (resync.skips() != null && skips == null) {
          skips = resync.skips();
          submittedSeq = context.store().journal().lastSeq();
          synchronized (durable) {
            // After a rejoin the journal may have moved back (the replica had been ahead).
            durable[0] = submittedSeq;
            ackRestart = true;
            durable.notifyAll();
          }
          context.state().activity("resynced; receiving from seq " + submittedSeq);
        }
      } else if (message instanceof MessageBody body) {
        try {
          inbox.accept(body);
        } catch (BodyHashMismatchException e) {
          LOG.warn("Body {} from {} arrived damaged ({}); asking for it again",
              body.sha256(), link.remote(), e.getMessage());
          link.send(new NeedBody(body.sha256()));
          throw e;
        }
      } else if (message instanceof Entries entries) {
        apply(entries.entries(), inbox);
      } else if (message instanceof Ping ping) {
        link.send(new Pong(ping.nanos()));
      } else if (message instanceof Pong pong) {
        context.state().roundTrip(System.nanoTime() - pong.nanos());
      } else if (message instanceof PeerMessage.Handover handover) {
        takeOver(handover);
        return;
      } else if (message instanceof HardwareMessage.HardwareRequest) {
        link.send(new HardwareMessage.HardwareReport(context.hardware().get()));
      } else if (message instanceof ReconcileMessage.Diverged diverged) {
        new RejoinReplica(link, context, primaryName).reconcile(diverged);
      } else if (message instanceof PeerMessage.ResyncUser announced) {
        resync.announceSingle(announced.user());
      } else if (message instanceof PeerMessage.DigestRequest request) {
        answerDigests(request.user());
      } else if (message instanceof Refuse refuse) {
        throw new PeerRefusedException("the primary stopped replication: " + refuse.reason());
      } else if (context.bodyRepair().received(link, message)) {
        continue; // a body repair: answered on its own thread, or a fetch's answer
      } else {
        throw new PeerProtocolException(PeerProtocolException.Kind.MALFORMED,
            "unexpected " + message.getClass().getSimpleName() + " from the primary");
      }
    }
  }

  private void apply(List<JournalEntry> entries, BodyInbox inbox)
      throws IOException, PeerProtocolException, InterruptedException {
    if (entries.isEmpty()) {
      return;
    }
    if (entries.get(0).seq() != submittedSeq + 1) {
      throw new PeerProtocolException(PeerProtocolException.Kind.MALFORMED, "entries from seq "
          + entries.get(0).seq() + " do not follow seq " + submittedSeq);
    }
    for (JournalEntry entry : entries) {
      if (entry.op() instanceof Deliver d
          && (skips == null || !skips.covers(d.user(), entry.seq()))) {
        if (!inbox.has(d.sha256())) {
          throw new PeerProtocolException(PeerProtocolException.Kind.MALFORMED, "entry "
              + entry.seq() + " delivers body " + d.sha256() + ", which was not sent before it");
        }
        inbox.placeInSpool(d.sha256(), d.fileName());
      }
    }
    inbox.commitPlacements();
    JournalEntry last = entries.get(entries.size() - 1);
    context.state().received(entries.get(0).seq(), last.seq(), entries.get(0).timeMillis());
    inFlight.acquire(entries.size());
    CompletableFuture<?> lastDone = null;
    for (JournalEntry entry : entries) {
      lastDone = context.store().submitReplicated(entry).whenComplete((applied, failure) -> {
        inFlight.release();
        if (failure != null) {
          applyFailed(entry, failure);
        }
      });
    }
    submittedSeq = last.seq();
    lastDone.thenRun(() -> {
      synchronized (durable) {
        durable[0] = Math.max(durable[0], last.seq());
        durable.notifyAll();
      }
    });
  }

  /**
   * A controlled failover: once every entry up to the primary's last is durable here, this
   * appliance becomes the primary of the new epoch (recorded before anything else), confirms,
   * and ends the session; its own sender then dials the old primary, now its replica.
   */
  private void takeOver(PeerMessage.Handover handover) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (durableSeq() < handover.lastSeq() && System.nanoTime() < deadline) {
      checkApply();
      Thread.sleep(2);
    }
    long have = context.store().journal().lastSeq();
    if (have != handover.lastSeq() || durableSeq() < handover.lastSeq()) {
      link.send(new Refuse("cannot take over: this replica has seq " + have + " durable up to "
          + durableSeq() + ", the primary's last is " + handover.lastSeq()));
      throw new PeerRefusedException("a hand-over at seq " + handover.lastSeq()
          + " found this replica at seq " + have);
    }
    context.role().promoteTo(handover.newEpoch());
    LOG.warn("Controlled failover: this appliance is now the primary of epoch {} (every entry"
        + " up to seq {} is here)", handover.newEpoch(), have);
    link.send(new PeerMessage.HandoverDone(handover.newEpoch()));
  }

  private long durableSeq() {
    synchronized (durable) {
      return durable[0];
    }
  }

  /** The digests of one user's mailboxes as this replica has them now. */
  private void answerDigests(String user) throws IOException {
    UserDigest digest;
    try {
      digest = io.tandem.store.Names.isValidUser(user)
          ? UserDigest.read(context.store().indexPool().file(user), user)
          : new UserDigest(user, -1, List.of());
    } catch (java.sql.SQLException e) {
      throw new IOException("cannot read the index of " + user + " for its digests: "
          + e.getMessage(), e);
    }
    List<PeerMessage> answer = new java.util.ArrayList<>();
    answer.add(new PeerMessage.Digests(user, digest.appliedSeq(), digest.mailboxes().size()));
    answer.addAll(digest.mailboxes());
    link.sendAll(answer);
  }

  /**
   * Sends an Ack whenever more entries became durable, from a thread of its own: the committer
   * that makes them durable must never wait on the network. Acks coalesce under load.
   */
  private void acknowledgeLoop(long ackedAtStart) {
    long sent = ackedAtStart;
    try {
      while (!link.isClosed()) {
        long seq;
        synchronized (durable) {
          while (durable[0] <= sent && !ackRestart && !link.isClosed()) {
            durable.wait(500);
          }
          if (ackRestart) {
            ackRestart = false;
            sent = -1;
          }
          seq = durable[0];
        }
        if (seq > sent) {
          link.send(new Ack(seq));
          sent = seq;
          context.alerts().clear(Receiver.ALERT_APPLY);
          context.state().applied(seq);
          long known = context.state().knownPrimarySeq();
          context.state().activity(seq >= known ? "streaming, applied up to seq " + seq
              : "catching up, applied seq " + seq + " of " + known);
        }
      }
    } catch (IOException e) {
      // The session thread sees the closed link; the primary learns our position at hello.
      link.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void applyFailed(JournalEntry entry, Throwable failure) {
    if (applyFailure.compareAndSet(null, failure)) {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException
          ? failure.getCause() : failure;
      if (cause instanceof io.tandem.store.write.Committer.StoreClosingException) {
        // The store is closing (this appliance stops): nothing diverged; the primary resends.
        link.close();
        return;
      }
      context.alerts().raise(Receiver.ALERT_APPLY, Severity.CRITICAL, "replication",
          "Entry " + entry.seq() + " (" + entry.op().kind() + " for " + entry.op().user()
              + ") from the primary could not be applied here: " + cause.getMessage()
              + ". The stores may have diverged; replication retries from this entry");
      link.close();
    }
  }

  private void checkApply() throws IOException {
    Throwable failure = applyFailure.get();
    if (failure != null) {
      throw new IOException("applying an entry failed: " + failure.getMessage(), failure);
    }
  }
}
