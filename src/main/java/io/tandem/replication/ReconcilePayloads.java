package io.tandem.replication;

import io.tandem.journal.EpochHistory;
import io.tandem.reconcile.DivergentAction;
import io.tandem.replication.PeerProtocolException.Kind;
import io.tandem.replication.ReconcileMessage.Action;
import io.tandem.replication.ReconcileMessage.Begin;
import io.tandem.replication.ReconcileMessage.Diverged;
import io.tandem.replication.ReconcileMessage.Reconciled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The payloads of {@link ReconcileMessage}s (grammar in {@link PeerCodec}):
 *
 * <pre>
 * 16 diverged        count:u32 (&lt;= 65536) (epoch:u64 first-seq:u64){count} last-seq:u64
 * 17 reconcile-begin id:str common-seq:u64 through-seq:u64 actions:u64
 * 18 reconcile-action index:u64 kind:str user:str mailbox:str target:str uid:u64
 *                    sha256-hex:str ("" = none) size:u64 flags internal-date:u64 detail:str
 * 19 reconciled      id:str summary:str
 * </pre>
 */
final class ReconcilePayloads {
  private ReconcilePayloads() {}

  static void write(WireOutput out, ReconcileMessage message) {
    if (message instanceof Diverged d) {
      out.u8(MessageTypes.DIVERGED).count(d.history().size(), PeerLimits.MAX_LIST);
      for (EpochHistory.Start start : d.history()) {
        out.u64(start.epoch()).u64(start.firstSeq());
      }
      out.u64(d.lastSeq());
    } else if (message instanceof Begin b) {
      out.u8(MessageTypes.RECONCILE_BEGIN).str(b.id()).u64(b.commonSeq()).u64(b.throughSeq())
          .u64(b.actions());
    } else if (message instanceof Action a) {
      DivergentAction d = a.action();
      out.u8(MessageTypes.RECONCILE_ACTION).u64(a.index()).str(d.kind().wireName())
          .str(d.user()).str(d.mailbox()).str(d.target()).u64(d.uid()).str(d.sha256())
          .u64(d.size()).flags(d.flags()).u64(d.internalDateMillis()).str(d.detail());
    } else if (message instanceof Reconciled r) {
      out.u8(MessageTypes.RECONCILED).str(r.id()).str(r.summary());
    } else {
      throw new IllegalArgumentException("no encoding for " + message.getClass());
    }
  }

  static ReconcileMessage read(int type, WireInput in) throws IOException, PeerProtocolException {
    switch (type) {
      case MessageTypes.DIVERGED: {
        int count = in.count(PeerLimits.MAX_LIST, 16);
        List<EpochHistory.Start> history = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          history.add(new EpochHistory.Start(in.u64(), in.u64()));
        }
        return new Diverged(history, in.u64());
      }
      case MessageTypes.RECONCILE_BEGIN:
        return new Begin(in.str(), in.u64(), in.u64(), in.u64());
      case MessageTypes.RECONCILE_ACTION: {
        long index = in.u64();
        String kindName = in.str();
        DivergentAction.Kind kind = DivergentAction.Kind.fromWire(kindName);
        if (kind == null) {
          throw new PeerProtocolException(Kind.MALFORMED, "no reconcile action is called '"
              + kindName + "'");
        }
        return new Action(index, new DivergentAction(kind, in.str(), in.str(), in.str(),
            in.u64(), in.str(), in.u64(), in.flags(), in.u64(), in.str()));
      }
      case MessageTypes.RECONCILED:
        return new Reconciled(in.str(), in.str());
      default:
        throw new PeerProtocolException(Kind.UNKNOWN_TYPE, "no message has type " + type);
    }
  }
}
