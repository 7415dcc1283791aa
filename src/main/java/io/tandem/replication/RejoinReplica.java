package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.journal.Journal;
import io.tandem.journal.JournalEntry;
import io.tandem.reconcile.CommonHistory;
import io.tandem.reconcile.DivergenceRecord;
import io.tandem.reconcile.DivergenceRecords;
import io.tandem.reconcile.DivergenceTranslator;
import io.tandem.reconcile.DivergentAction;
import io.tandem.replication.PeerMessage.Ping;
import io.tandem.replication.PeerMessage.Pong;
import io.tandem.replication.PeerMessage.Refuse;
import io.tandem.replication.ReconcileMessage.Action;
import io.tandem.replication.ReconcileMessage.Begin;
import io.tandem.replication.ReconcileMessage.Diverged;
import io.tandem.replication.ReconcileMessage.Reconciled;
import io.tandem.util.Fsync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The returning appliance's half of a rejoin: finds the last seq it shares with the new primary,
 * turns what it wrote alone after it into {@link DivergentAction}s, keeps them and the bodies of
 * its messages in its divergence record (before anything is sent, so the record survives the
 * full resync that follows, whatever happens to the link), sends them, and waits until the new
 * primary carried them out.
 */
final class RejoinReplica {
  private static final Logger LOG = LoggerFactory.getLogger(RejoinReplica.class);

  private final PeerLink link;
  private final Receiver.Context context;
  private final String primary;

  RejoinReplica(PeerLink link, Receiver.Context context, String primary) {
    this.link = link;
    this.context = context;
    this.primary = primary;
  }

  void reconcile(Diverged diverged)
      throws IOException, PeerProtocolException, InterruptedException {
    Journal journal = context.store().journal();
    long ours = journal.lastSeq();
    long common = CommonHistory.lastCommonSeq(context.store().epochs().starts(), ours,
        diverged.history(), diverged.lastSeq());
    if (common < journal.firstSeq() - 1) {
      String why = "this appliance's journal no longer holds the entries after seq " + common
          + " (it starts at seq " + journal.firstSeq() + "), so what it did alone cannot be"
          + " reconciled; copy its store aside before resyncing it ('tandem journal dump')";
      link.send(new Refuse(why));
      throw new PeerRefusedException(why);
    }
    List<JournalEntry> entries = new ArrayList<>();
    journal.read(common, entries::add);
    List<DivergentAction> actions = DivergenceTranslator.translate(entries,
        context.rejoin().redeliver());
    String id = DivergenceRecord.idFor(context.appliance(), common, ours);
    DivergenceRecords records = context.rejoin().records();
    DivergenceRecord record = records.load(id).orElse(null);
    if (record == null) {
      actions = keepBodies(id, actions);
      List<DivergenceRecord.Item> items = new ArrayList<>();
      actions.forEach(action -> items.add(new DivergenceRecord.Item(action, "")));
      record = new DivergenceRecord(id, DivergenceRecord.OLD_PRIMARY, primary, Instant.now(),
          common, ours, false, "", items);
      records.save(record);
    } else {
      actions = record.items().stream().map(DivergenceRecord.Item::action).toList();
      // The record never holds password hashes: take them from the journal again.
      actions = withSecrets(actions, DivergenceTranslator.translate(entries,
          context.rejoin().redeliver()));
    }
    LOG.warn("Rejoin: this appliance wrote seqs {} to {} alone while {} was primary; handing"
        + " {} actions to it ({})", common + 1, ours, primary, actions.size(), record.summary());
    context.state().activity("rejoin: handing what this appliance did alone to " + primary);
    send(id, common, ours, actions, records.bodies(id));
    Reconciled done = next(link, Reconciled.class);
    records.save(record.withOutcomes(Collections.nCopies(actions.size(), "handed to "
        + primary), true, done.summary()));
    String what = "This appliance wrote " + (ours - common) + " operations alone after seq "
        + common + " (a forced failover made " + primary + " primary); they were handed to it:"
        + " " + done.summary() + ". It is now resynced from " + primary + "; 'tandem"
        + " divergence show' lists each operation, and the bodies of its messages are kept in "
        + records.bodies(id);
    LOG.warn("{}", what);
    context.alerts().raise(RejoinPrimary.ALERT, Severity.WARNING, "replication", what);
  }

  /**
   * Copies, durably, the bodies of the messages taken alone into the record's folder. A body
   * found nowhere intact cannot be delivered again: its action becomes a listed one that says
   * so, with a critical alert.
   */
  private List<DivergentAction> keepBodies(String id, List<DivergentAction> actions)
      throws IOException {
    Path dir = context.rejoin().records().bodies(id);
    Files.createDirectories(dir);
    List<DivergentAction> kept = new ArrayList<>();
    for (DivergentAction action : actions) {
      if (action.sha256().isEmpty()) {
        kept.add(action);
        continue;
      }
      Path target = dir.resolve(action.sha256());
      if (Files.exists(target) || copyBody(action, target)) {
        kept.add(action);
      } else {
        String why = "its file is missing or damaged on this appliance, so it cannot be"
            + " delivered again; restore it from a backup (sha256 " + action.sha256() + ")";
        context.alerts().raise("replication.divergence-body." + action.sha256().substring(0,
            12), Severity.CRITICAL, "replication", "A message " + action.user() + " received"
            + " while this appliance was primary alone (" + action.mailbox() + ") " + why);
        kept.add(new DivergentAction(DivergentAction.Kind.NOT_REDELIVERED, action.user(),
            action.mailbox(), "", 0, action.sha256(), action.size(), action.flags(),
            action.internalDateMillis(), why));
      }
    }
    Fsync.directory(dir);
    return kept;
  }

  private boolean copyBody(DivergentAction action, Path target) throws IOException {
    BodyLocator.Lookup found = context.rejoin().bodies().findByHash(action.user(),
        action.sha256());
    if (found.verified().isEmpty()) {
      return false;
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try (FileChannel in = found.verified().get();
        FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long size = in.size();
      for (long done = 0; done < size; ) {
        done += in.transferTo(done, size - done, out);
      }
      out.force(false);
    }
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** The stored actions with the password hashes of the freshly translated ones. */
  private static List<DivergentAction> withSecrets(List<DivergentAction> stored,
      List<DivergentAction> fresh) {
    if (stored.size() != fresh.size()) {
      return stored;
    }
    List<DivergentAction> merged = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      DivergentAction a = stored.get(i);
      DivergentAction f = fresh.get(i);
      boolean secret = a.kind() == DivergentAction.Kind.ADD_USER
          || a.kind() == DivergentAction.Kind.CHANGE_PASSWORD;
      merged.add(secret && f.kind() == a.kind() && f.user().equals(a.user()) ? f : a);
    }
    return merged;
  }

  private void send(String id, long common, long through, List<DivergentAction> actions,
      Path bodies) throws IOException {
    link.send(new Begin(id, common, through, actions.size()));
    for (int i = 0; i < actions.size(); i++) {
      DivergentAction action = actions.get(i);
      List<PeerMessage> out = new ArrayList<>();
      if (action.needsBody()) {
        try (FileChannel body = FileChannel.open(bodies.resolve(action.sha256()),
            StandardOpenOption.READ)) {
          BodyChunks.add(out, body, action.sha256());
        }
      }
      out.add(new Action(i, action));
      link.sendAll(out);
    }
  }

  /**
   * The next message of a rejoin, answering pings on the way; a refusal ends the session.
   *
   * @throws PeerProtocolException when it is not a {@code type}
   */
  static <T extends PeerMessage> T next(PeerLink link, Class<T> type)
      throws IOException, PeerProtocolException {
    while (true) {
      PeerMessage message = link.receive();
      if (message instanceof Ping ping) {
        link.send(new Pong(ping.nanos()));
      } else if (message instanceof Refuse refuse) {
        throw new PeerRefusedException("the partner stopped the rejoin: " + refuse.reason());
      } else if (!(message instanceof Pong)) {
        if (!type.isInstance(message)) {
          throw new PeerProtocolException(PeerProtocolException.Kind.MALFORMED, "a "
              + message.getClass().getSimpleName() + " where a " + type.getSimpleName()
              + " was due in a rejoin");
        }
        return type.cast(message);
      }
    }
  }
}
