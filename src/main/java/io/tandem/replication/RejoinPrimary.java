package io.tandem.replication;

import io.tandem.alert.Alert.Severity;
import io.tandem.reconcile.DivergenceApplier;
import io.tandem.reconcile.DivergenceRecord;
import io.tandem.reconcile.DivergenceRecords;
import io.tandem.reconcile.DivergentAction;
import io.tandem.replication.PeerMessage.Hello;
import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.PeerProtocolException.Kind;
import io.tandem.replication.ReconcileMessage.Action;
import io.tandem.replication.ReconcileMessage.Begin;
import io.tandem.replication.ReconcileMessage.Diverged;
import io.tandem.replication.ReconcileMessage.Reconciled;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new primary's half of a rejoin: tells the returning appliance that their histories
 * diverged, takes the actions it did alone, carries each out as a new operation of this
 * appliance (noting each, durably, as done: an interrupted rejoin resumes without doing anything
 * twice), records the whole in its divergence record, raises the alert, and confirms. The
 * session then resyncs the returning appliance in full.
 */
final class RejoinPrimary {
  private static final Logger LOG = LoggerFactory.getLogger(RejoinPrimary.class);
  static final String ALERT = "replication.divergence";
  /** More actions than any real divergence has; a bound on what the partner can make us hold. */
  private static final long MAX_ACTIONS = 1L << 24;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}-\\d{1,19}-\\d{1,19}");

  private final PeerLink link;
  private final Sender.Context context;

  RejoinPrimary(PeerLink link, Sender.Context context) {
    this.link = link;
    this.context = context;
  }

  /** Runs the rejoin; returns the last seq the two appliances share. */
  long reconcile(Hello replica) throws IOException, PeerProtocolException, InterruptedException {
    context.state().connected(replica.appliance(), "rejoin: taking the operations "
        + replica.appliance() + " did alone");
    link.send(new Diverged(context.epochs().starts(), context.journal().lastSeq()));
    Begin begin = RejoinReplica.next(link, Begin.class);
    if (!ID.matcher(begin.id()).matches() || begin.actions() < 0
        || begin.actions() > MAX_ACTIONS) {
      throw new PeerProtocolException(Kind.MALFORMED, "an impossible reconcile-begin: "
          + begin);
    }
    DivergenceRecords records = context.rejoin().records();
    int count = (int) begin.actions();
    List<String> outcomes = records.outcomes(begin.id(), count);
    DivergenceApplier applier = new DivergenceApplier(context.store());
    List<DivergenceRecord.Item> items = new ArrayList<>(count);
    Files.createDirectories(records.bodies(begin.id()));
    try (BodyInbox inbox = new BodyInbox(records.bodies(begin.id()), ForkJoinPool.commonPool())) {
      for (int index = 0; index < count; index++) {
        DivergentAction action = nextAction(inbox, index);
        String outcome = outcomes.get(index);
        if (outcome.isEmpty()) {
          if (action.needsBody() && !inbox.has(action.sha256())) {
            throw new PeerProtocolException(Kind.MALFORMED, "action " + index + " delivers body "
                + action.sha256() + ", which was not sent before it");
          }
          outcome = applier.apply(action, action.needsBody() ? inbox.path(action.sha256())
              : null);
          records.done(begin.id(), index, outcome);
          LOG.info("Rejoin of {}: {}: {}", replica.appliance(), action.describe(), outcome);
        }
        if (action.needsBody()) {
          inbox.commitPlacements();
        }
        items.add(new DivergenceRecord.Item(action, outcome));
      }
    }
    io.tandem.util.FileTrees.delete(records.bodies(begin.id()));
    String summary = summary(items);
    DivergenceRecord record = new DivergenceRecord(begin.id(), DivergenceRecord.NEW_PRIMARY,
        replica.appliance(), Instant.now(), begin.commonSeq(), begin.throughSeq(), true,
        summary, items);
    records.save(record);
    String what = replica.appliance() + " came back with " + (begin.throughSeq()
        - begin.commonSeq()) + " operations it took alone after seq " + begin.commonSeq()
        + " (a forced failover): " + summary + ". 'tandem divergence show' lists each";
    LOG.warn("Rejoin: {}", what);
    context.alerts().raise(ALERT, Severity.WARNING, "replication", what);
    link.send(new Reconciled(begin.id(), summary));
    return begin.commonSeq();
  }

  private DivergentAction nextAction(BodyInbox inbox, int index)
      throws IOException, PeerProtocolException {
    while (true) {
      PeerMessage message = RejoinReplica.next(link, PeerMessage.class);
      if (message instanceof MessageBody body) {
        inbox.accept(body);
      } else if (message instanceof Action action) {
        if (action.index() != index) {
          throw new PeerProtocolException(Kind.MALFORMED, "reconcile action " + action.index()
              + " where action " + index + " was due");
        }
        return action.action();
      } else {
        throw new PeerProtocolException(Kind.MALFORMED, "unexpected "
            + message.getClass().getSimpleName() + " during a rejoin");
      }
    }
  }

  /** Counts by what became of each action, in plain words. */
  static String summary(List<DivergenceRecord.Item> items) {
    long delivered = 0;
    long replayed = 0;
    long notDone = 0;
    long listed = 0;
    for (DivergenceRecord.Item item : items) {
      if (!item.action().kind().replayed()) {
        listed++;
      } else if (item.outcome().startsWith("not done")) {
        notDone++;
      } else if (item.action().kind() == DivergentAction.Kind.DELIVER) {
        delivered++;
      } else {
        replayed++;
      }
    }
    return delivered + " messages delivered again, " + replayed + " other changes replayed, "
        + notDone + " not possible here, " + listed + " listed without replay";
  }
}
