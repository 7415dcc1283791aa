package io.tandem.replication;

import static io.tandem.replication.CatchUpPlan.Action.FULL_RESYNC;
import static io.tandem.replication.CatchUpPlan.Action.RECONCILE;
import static io.tandem.replication.CatchUpPlan.Action.REFUSE;
import static io.tandem.replication.CatchUpPlan.Action.STREAM;
import static io.tandem.replication.CatchUpPlan.Action.UP_TO_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replication.CatchUpInput.EpochStart;
import io.tandem.replication.CatchUpPlan.Action;
import io.tandem.replication.PeerMessage.Hello;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner as a decision table: every row is one case, first match of the rules wins. */
class CatchUpPlannerTest {
  /** Ours: epoch 1 wrote seqs 1-100, epoch 2 wrote 101-150, epoch 4 wrote 151 on. */
  private static final List<EpochStart> HISTORY =
      List.of(new EpochStart(1, 1), new EpochStart(2, 101), new EpochStart(4, 151));
  private static final List<EpochStart> ONLY_ONE = List.of(new EpochStart(1, 1));

  /** A row: the peer, then ours, then what must be decided. */
  private static Arguments row(String why, Peer peer, Ours ours, Action action, long from,
      boolean stepDown, String reasonPart) {
    return Arguments.of(why, peer, ours, action, from, stepDown, reasonPart);
  }

  record Peer(int version, String role, long epoch, long applied, long appliedEpoch) {
    Hello hello() {
      return new Hello(version, "tandem-b", role, epoch, applied, appliedEpoch, 1, applied,
          Set.of());
    }
  }

  record Ours(long epoch, long first, long last, List<EpochStart> history) {}

  private static Peer replica(long epoch, long applied, long appliedEpoch) {
    return new Peer(1, "replica", epoch, applied, appliedEpoch);
  }

  private static Peer primary(long epoch, long applied, long appliedEpoch) {
    return new Peer(1, "primary", epoch, applied, appliedEpoch);
  }

  static Stream<Arguments> table() {
    Ours held = new Ours(4, 1, 200, HISTORY);
    Ours pruned = new Ours(4, 42, 200, HISTORY);
    return Stream.of(
        row("both new", replica(1, 0, 0), new Ours(1, 1, 0, ONLY_ONE), UP_TO_DATE, 0, false,
            "every entry up to seq 0"),
        row("new replica, full journal", replica(1, 0, 0), new Ours(1, 1, 100, ONLY_ONE),
            STREAM, 0, false, "streaming 100 entries from seq 1"),
        row("behind, journal held", replica(4, 60, 1), held, STREAM, 60, false,
            "streaming 140 entries from seq 61"),
        row("caught up", replica(4, 200, 4), held, UP_TO_DATE, 200, false, "up to seq 200"),
        row("needs a pruned entry", replica(4, 40, 1), pruned, FULL_RESYNC, 41, false,
            "entries from seq 41 but the journal was pruned up to seq 41"),
        row("needs exactly the oldest held entry", replica(4, 41, 1), pruned, STREAM, 41, false,
            "from seq 42"),
        row("new replica, pruned journal", replica(1, 0, 0), pruned, FULL_RESYNC, 41, false,
            "resyncing every user"),
        row("journal pruned empty, replica behind", replica(4, 100, 1),
            new Ours(4, 201, 200, HISTORY), FULL_RESYNC, 200, false, "pruned up to seq 200"),
        row("journal pruned empty, replica current", replica(4, 200, 4),
            new Ours(4, 201, 200, HISTORY), UP_TO_DATE, 200, false, "up to seq 200"),
        row("lower epoch, consistent history", replica(3, 150, 2), held, STREAM, 150, false,
            "from seq 151"),
        row("old primary that shipped everything", primary(2, 150, 2), held, STREAM, 150, false,
            "from seq 151"),
        row("peer epoch higher: we are fenced", replica(5, 200, 4), held, REFUSE, 0, true,
            "at epoch 5 and we are at 4"),
        row("newer primary: we are fenced", primary(5, 210, 5), held, REFUSE, 0, true,
            "step down"),
        row("two primaries in one epoch", primary(4, 200, 4), held, REFUSE, 0, false,
            "two primaries"),
        row("peer applied past our end", replica(4, 250, 4), held, RECONCILE, 0, false,
            "our journal ends at seq 200"),
        row("same seq, older epoch", replica(4, 120, 1), held, RECONCILE, 0, false,
            "agree at most up to seq 100"),
        row("same seq, skipped epoch", primary(3, 160, 2), held, RECONCILE, 0, false,
            "written in epoch 2 but ours in epoch 4"),
        row("diverged, journal pruned: resync from its start", replica(4, 120, 1), pruned,
            RECONCILE, 41, false, "reconciling what it wrote alone"),
        row("other protocol version", new Peer(2, "replica", 4, 200, 4), held, REFUSE, 0, false,
            "protocol version 2"),
        row("unknown role", new Peer(1, "observer", 4, 200, 4), held, REFUSE, 0, false,
            "unknown role"),
        row("epoch 0", replica(0, 0, 0), held, REFUSE, 0, false, "impossible"),
        row("applied seq without an epoch", replica(4, 10, 0), held, REFUSE, 0, false,
            "impossible"),
        row("epoch without an applied seq", replica(4, 0, 3), held, REFUSE, 0, false,
            "impossible"),
        row("entry from a future epoch", replica(2, 100, 3), held, REFUSE, 0, false,
            "impossible"),
        row("negative applied seq", replica(4, -1, 1), held, REFUSE, 0, false, "impossible"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(String why, Peer peer, Ours ours, Action action, long from, boolean stepDown,
      String reasonPart) {
    CatchUpPlan plan = new CatchUpPlanner().plan(
        new CatchUpInput(peer.hello(), ours.epoch(), ours.first(), ours.last(), ours.history()));
    assertThat(plan.action()).as(plan.reason()).isEqualTo(action);
    assertThat(plan.fromSeq()).as(plan.reason()).isEqualTo(from);
    assertThat(plan.stepDown()).as(plan.reason()).isEqualTo(stepDown);
    assertThat(plan.reason()).contains(reasonPart);
  }

  @Test
  void impossibleFactsOfOurOwnAreABugNotAPlan() {
    Hello hello = replica(1, 0, 0).hello();
    assertThatThrownBy(() -> new CatchUpInput(hello, 1, 5, 3, ONLY_ONE))
        .hasMessageContaining("journal range");
    assertThatThrownBy(() -> new CatchUpInput(hello, 1, 1, 0, List.of(new EpochStart(1, 2))))
        .hasMessageContaining("start at seq 1");
    assertThatThrownBy(() -> new CatchUpInput(hello, 4, 1, 0,
        List.of(new EpochStart(2, 1), new EpochStart(1, 5)))).hasMessageContaining("order");
    assertThatThrownBy(() -> new CatchUpInput(hello, 1, 1, 0, HISTORY))
        .hasMessageContaining("past the current epoch");
  }

  @Test
  void theEpochOfASeqComesFromTheHistory() {
    CatchUpInput input = new CatchUpInput(replica(1, 0, 0).hello(), 4, 1, 200, HISTORY);
    assertThat(List.of(1L, 100L, 101L, 150L, 151L, 200L).stream().map(input::epochAt))
        .containsExactly(1L, 1L, 2L, 2L, 4L, 4L);
  }
}
