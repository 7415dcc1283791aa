package io.tandem.hotswap;

import static io.tandem.hotswap.Rig.MAX_AGE;
import static io.tandem.hotswap.Rig.NOW;
import static io.tandem.hotswap.Rig.faulty;
import static io.tandem.hotswap.Rig.in;
import static io.tandem.hotswap.Rig.rebuilding;
import static io.tandem.hotswap.Rig.removed;
import static io.tandem.hotswap.Rig.spare;
import static io.tandem.hotswap.Rig.unknown;
import static io.tandem.hotswap.Verdict.SAFE;
import static io.tandem.hotswap.Verdict.UNKNOWN;
import static io.tandem.hotswap.Verdict.UNSAFE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.PsuState;
import io.tandem.hardware.Reading;
import io.tandem.hardware.SyncAction;
import io.tandem.lifecycle.ExitCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard's decision table: each row a snapshot, the pair, what is asked, the verdict and a
 * fragment of the reasons that says why.
 */
class HotswapPlannerTest {
  private static final PairState IN_SYNC = PairState.primary(true, 3, 20);
  private static final HotswapTarget DISK1 = HotswapTarget.disk(1);
  private static final HotswapTarget DISK2 = HotswapTarget.disk(2);
  private static final HotswapTarget DISK3 = HotswapTarget.disk(3);
  private static final HotswapTarget PSU1 = HotswapTarget.psu(1);

  private static Rig raid1() {
    return Rig.bays(2).array("md0", "raid1", 2, in("sda1", 0), in("sdb1", 1));
  }

  private static Arguments row(String name, Rig rig, PairState pair, HotswapTarget target,
      Verdict verdict, String fragment) {
    return Arguments.of(name, rig, pair, target, verdict, fragment);
  }

  static Stream<Arguments> disks() {
    return Stream.of(
        // redundancy per level
        row("raid1 healthy: one member may go", raid1(), IN_SYNC, DISK1, SAFE,
            "md0 (raid1) keeps a complete copy of its data without bay 1, serial S1 (1 of 2"
                + " members in sync); it has no redundancy until the replacement is rebuilt"),
        row("raid1 of three: still redundant after one", Rig.bays(3).array("md0", "raid1", 3,
            in("sda1", 0), in("sdb1", 1), in("sdc1", 2)), IN_SYNC, DISK1, SAFE,
            "(2 of 3 members in sync)."),
        row("raid1 last in-sync member (partner faulty)", Rig.bays(2).array("md0", "raid1", 2,
            in("sda1", 0), faulty("sdb1")), IN_SYNC, DISK1, UNSAFE,
            "Bay 1, serial S1 holds the last in-sync copy of md0 (raid1): pulling it loses the"
                + " array's data (not in sync: bay 2, serial S2 (faulty))"),
        row("raid1 last in-sync member (partner's slot empty)", Rig.bays(2).gone(2)
            .array("md0", "raid1", 2, in("sda1", 0), removed(1)), IN_SYNC, DISK1, UNSAFE,
            "last in-sync copy of md0 (raid1): pulling it loses the array's data (not in sync:"
                + " an empty slot)"),
        row("raid10 healthy", Rig.bays(4).array("md0", "raid10", 4, in("sda", 0), in("sdb", 1),
            in("sdc", 2), in("sdd", 3)), IN_SYNC, DISK1, SAFE, "(3 of 4 members in sync)"),
        row("raid10 last copy of a mirror pair", Rig.bays(4).gone(2).array("md0", "raid10", 4,
            in("sda", 0), removed(1), in("sdc", 2), in("sdd", 3)), IN_SYNC, DISK1, UNSAFE,
            "holds the last in-sync copy of its mirror pair in md0 (raid10) (its partner: slot"
                + " 1 empty)"),
        row("raid10 the other pair may still lose one", Rig.bays(4).gone(2).array("md0",
            "raid10", 4, in("sda", 0), removed(1), in("sdc", 2), in("sdd", 3)), IN_SYNC,
            DISK3, SAFE, "(2 of 4 members in sync)"),
        row("raid10 of three: neighbours share chunks", Rig.bays(3).gone(2).array("md0",
            "raid10", 3, in("sda", 0), removed(1), in("sdc", 2)), IN_SYNC, DISK3, UNSAFE,
            "(its partner: bay 1, serial S1, in sync; slot 1 empty)"),
        row("raid5 healthy", Rig.bays(3).array("md0", "raid5", 3, in("sda", 0), in("sdb", 1),
            in("sdc", 2)), IN_SYNC, DISK1, SAFE, "(2 of 3 members in sync)"),
        row("raid5 already degraded: any member", Rig.bays(3).gone(3).array("md0", "raid5", 3,
            in("sda", 0), in("sdb", 1), removed(2)), IN_SYNC, DISK2, UNSAFE,
            "md0 (raid5) is already degraded (1 of 3 members not in sync: an empty slot)"),
        row("raid6 with one out may lose another", Rig.bays(4).gone(4).array("md0", "raid6", 4,
            in("sda", 0), in("sdb", 1), in("sdc", 2), removed(3)), IN_SYNC, DISK1, SAFE,
            "(2 of 4 members in sync)"),
        row("raid6 with two out: not a third", Rig.bays(5).gone(4).gone(5).array("md0",
            "raid6", 5, in("sda", 0), in("sdb", 1), in("sdc", 2), removed(3), removed(4)),
            IN_SYNC, DISK1, UNSAFE, "md0 (raid6) already has 2 of 5 members out (an empty slot; an empty slot)"),
        row("raid0 has no redundancy", Rig.bays(2).array("md0", "raid0", 2, in("sda", 0),
            in("sdb", 1)), IN_SYNC, DISK1, UNSAFE, "md0 (raid0) has no redundancy"),
        row("linear has no redundancy", Rig.bays(2).array("md0", "linear", 2, in("sda", 0),
            in("sdb", 1)), IN_SYNC, DISK2, UNSAFE, "md0 (linear) has no redundancy"),
        // rebuilds, resyncs, checks
        row("raid1 of three: the source of a rebuild", Rig.bays(3).array("md0", "raid1", 3,
            in("sda1", 0), in("sdb1", 1), rebuilding("sdc1", 2)).doing(ArrayState.RECOVERING,
            SyncAction.RECOVERY), IN_SYNC, DISK1, UNSAFE, "Bay 1, serial S1 is a source of the"
                + " rebuild of md0 (raid1) onto bay 3, serial S3 (40.0 %, about 10 min left)"),
        row("raid6: every in-sync member feeds the rebuild", Rig.bays(4).array("md0", "raid6",
            4, in("sda", 0), in("sdb", 1), in("sdc", 2), rebuilding("sdd", 3))
            .doing(ArrayState.RECOVERING, SyncAction.RECOVERY), IN_SYNC, DISK2, UNSAFE,
            "is a source of the rebuild of md0 (raid6)"),
        row("raid1: the only source is the last copy too", Rig.bays(2).array("md0", "raid1", 2,
            in("sda1", 0), rebuilding("sdb1", 1)).doing(ArrayState.RECOVERING,
            SyncAction.RECOVERY), IN_SYNC, DISK1, UNSAFE, "holds the last in-sync copy"),
        row("the disk being rebuilt onto may go", Rig.bays(2).array("md0", "raid1", 2,
            in("sda1", 0), rebuilding("sdb1", 1)).doing(ArrayState.RECOVERING,
            SyncAction.RECOVERY), IN_SYNC, DISK2, SAFE, "is being rebuilt onto in md0 (raid1)"
                + " (40.0 %, about 10 min left): it is not yet a complete copy"),
        row("raid10: the other pair is no source", Rig.bays(4).array("md0", "raid10", 4,
            in("sda", 0), rebuilding("sdb", 1), in("sdc", 2), in("sdd", 3))
            .doing(ArrayState.RECOVERING, SyncAction.RECOVERY), IN_SYNC, DISK3, SAFE,
            "(2 of 4 members in sync)"),
        row("resync under way", raid1().doing(ArrayState.RESYNCING, SyncAction.RESYNC),
            IN_SYNC, DISK1, UNSAFE, "md0 (raid1) is in the middle of a resync (40.0 %"),
        row("reshape under way", Rig.bays(3).array("md0", "raid5", 3, in("sda", 0),
            in("sdb", 1), in("sdc", 2)).doing(ArrayState.RESHAPING, SyncAction.RESHAPE),
            IN_SYNC, DISK1, UNSAFE, "md0 (raid5) is being reshaped"),
        row("repair under way", raid1().doing(ArrayState.REPAIRING, SyncAction.REPAIR),
            IN_SYNC, DISK1, UNSAFE, "md0 (raid1) is repairing mismatched copies"),
        row("a check is aborted, with a word", raid1().doing(ArrayState.CHECKING,
            SyncAction.CHECK), IN_SYNC, DISK1, SAFE, "The check of md0 (raid1) under way"
                + " (40.0 %, about 10 min left) stops when the disk leaves"),
        row("a spare may go even during a resync", Rig.bays(3).array("md0", "raid1", 2,
            in("sda1", 0), in("sdb1", 1), spare("sdc1")).doing(ArrayState.RESYNCING,
            SyncAction.RESYNC), IN_SYNC, DISK3, SAFE, "Bay 3, serial S3 is a spare of md0"),
        // spares, faulty, no array, empty bay
        row("a faulty member may go", Rig.bays(2).array("md0", "raid1", 2, in("sda1", 0),
            faulty("sdb1")), IN_SYNC, DISK2, SAFE, "Bay 2, serial S2 is a faulty member of md0"
                + " (raid1): the array does not rely on it"),
        row("the faulty disk is named as the failing one", Rig.bays(2).array("md0", "raid1", 2,
            in("sda1", 0), faulty("sdb1")), IN_SYNC, DISK2, SAFE,
            "Bay 2, serial S2 is the failing disk (faulty in md0): replace it"),
        row("a disk in no array", Rig.bays(3).array("md0", "raid1", 2, in("sda1", 0),
            in("sdb1", 1)), IN_SYNC, DISK3, SAFE, "is a member of no md array"),
        row("an empty bay", Rig.bays(2).gone(2).array("md0", "raid1", 2, in("sda1", 0),
            removed(1)), IN_SYNC, DISK2, SAFE, "Bay 2 is empty: the disk with serial S2 has"
                + " left it"),
        row("all arrays of the disk count", Rig.bays(3).array("md0", "raid1", 2, in("sda1", 0),
            in("sdb1", 1)).array("md1", "raid1", 2, in("sda2", 0), removed(1)), IN_SYNC, DISK1,
            UNSAFE, "holds the last in-sync copy of md1 (raid1)"),
        row("a failed array: pull none of its disks", Rig.bays(2).array("md0", "raid5", 3,
            in("sda", 0), in("sdb", 1), removed(2)).doing(ArrayState.FAILED, SyncAction.NONE),
            IN_SYNC, DISK1, UNSAFE, "md0 (raid5) is failed"),
        // wrong bay
        row("wrong bay: another disk fails SMART", Rig.bays(4).health(4, DiskHealth.FAILING,
            "12 pending sectors").array("md0", "raid6", 4, in("sda", 0), in("sdb", 1),
            in("sdc", 2), in("sdd", 3)), IN_SYNC, DISK2, UNSAFE, "Bay 4, serial S4, is the"
                + " failing disk (SMART: 12 pending sectors); bay 2 is healthy"),
        row("wrong bay: another disk is faulty in md", Rig.bays(4).array("md0", "raid6", 4,
            in("sda", 0), in("sdb", 1), in("sdc", 2), faulty("sdd")), IN_SYNC, DISK2, UNSAFE,
            "Bay 4, serial S4, is the failing disk (faulty in md0); bay 2 is healthy"),
        row("wrong bay points at the right one", Rig.bays(4).array("md0", "raid6", 4,
            in("sda", 0), in("sdb", 1), in("sdc", 2), faulty("sdd")), IN_SYNC, DISK2, UNSAFE,
            "Pulling it would take a good disk out while the failing one stays"),
        row("a failing disk still in sync may go while redundant", Rig.bays(3)
            .health(1, DiskHealth.FAILING, "5 reallocated sectors").array("md0", "raid1", 3,
                in("sda1", 0), in("sdb1", 1), in("sdc1", 2)), IN_SYNC, DISK1, SAFE,
            "Bay 1, serial S1 is the failing disk (SMART: 5 reallocated sectors)"),
        // the pair
        row("replica disconnected", raid1(), PairState.primary(false, 0, 0), DISK1, UNSAFE,
            "The replica is not connected: while md0 runs degraded it would hold the only"
                + " current copy"),
        row("replica lags in operations", raid1(), PairState.primary(true, 1500, 900), DISK1,
            UNSAFE, "The replica lags 1500 operations (900 ms) behind, more than the bound of"
                + " 1000 operations / 5 s"),
        row("replica lags in time", raid1(), PairState.primary(true, 20, 6000), DISK1, UNSAFE,
            "The replica lags 20 operations (6000 ms) behind"),
        row("replica's position not known yet", raid1(), PairState.primary(true, -1, -1),
            DISK1, UNKNOWN, "The replica has not yet told what it holds"),
        row("replica at the bound is in sync", raid1(), PairState.primary(true, 1000, 5000),
            DISK1, SAFE, "The replica is connected and in sync"),
        row("on the replica: primary gone", raid1(), PairState.replica(false, 0, 0), DISK1,
            UNSAFE, "The primary is not connected"),
        row("on the replica: its own lag does not matter", raid1(),
            PairState.replica(true, 5000, 60_000), DISK1, SAFE, "The primary is connected"),
        row("no partner configured", raid1(), PairState.none(), DISK1, SAFE,
            "No partner appliance is configured"),
        row("the pair only guards the store's array", Rig.bays(4).array("md0", "raid1", 2,
            in("sda1", 0), in("sdb1", 1)).array("md1", "raid1", 2, in("sdc", 0), in("sdd", 1)),
            PairState.primary(false, 0, 0), DISK3, SAFE, "md1 (raid1) keeps a complete copy"),
        row("the pair guards every array when the store's is unknown", Rig.bays(4).store(null)
            .array("md1", "raid1", 2, in("sdc", 0), in("sdd", 1)),
            PairState.primary(false, 0, 0), DISK3, UNSAFE, "The replica is not connected"),
        row("pulling a faulty disk needs no replica", Rig.bays(2).array("md0", "raid1", 2,
            in("sda1", 0), faulty("sdb1")), PairState.primary(false, 0, 0), DISK2, SAFE,
            "is a faulty member of md0"),
        // UNKNOWN
        row("the arrays' last reading failed", raid1().arraysRead(Reading.of(raid1().arrays(),
            NOW.minusSeconds(5)).failed("mdadm timed out after 30 s")), IN_SYNC, DISK1,
            UNKNOWN, "The last reading of the md arrays failed (mdadm timed out after 30 s)"),
        row("the arrays' reading is too old", raid1().arraysRead(Reading.of(raid1().arrays(),
            NOW.minusSeconds(31))), IN_SYNC, DISK1, UNKNOWN,
            "The reading of the md arrays is 31 s old (more than 30 s)"),
        row("the arrays were never read", raid1().arraysRead(Reading.none("not read yet")),
            IN_SYNC, DISK1, UNKNOWN, "The state of the md arrays is unknown: not read yet"),
        row("the disks' reading is stale", raid1().disksRead(Reading.of(raid1().disks(),
            NOW.minusSeconds(60))), IN_SYNC, DISK1, UNKNOWN, "the disks and their bays"),
        row("a member's state is unknown", Rig.bays(2).array("md0", "raid1", 2, in("sda1", 0),
            unknown("sdb1", 1)), IN_SYNC, DISK1, UNKNOWN, "The state of md0 (raid1) or of one"
                + " of its members could not be read"),
        row("an array's state is unknown", raid1().doing(ArrayState.UNKNOWN, SyncAction.NONE),
            IN_SYNC, DISK1, UNKNOWN, "could not be read"),
        row("a level the guard does not know", Rig.bays(2).array("md0", "multipath", 2,
            in("sda", 0), in("sdb", 1)), IN_SYNC, DISK1, UNKNOWN,
            "has a level the guard does not know ('multipath')"),
        row("no disk known in the bay", raid1(), IN_SYNC, HotswapTarget.disk(9), UNKNOWN,
            "No disk is known in bay 9 (disks are known in bays 1, 2)"),
        row("a known danger outweighs a doubt", Rig.bays(3).array("md0", "raid1", 2,
            in("sda1", 0), removed(1)).array("md1", "raid1", 2, in("sda2", 0),
            unknown("sdc2", 1)), IN_SYNC, DISK1, UNSAFE, "last in-sync copy of md0"));
  }

  static Stream<Arguments> psus() {
    Rig two = Rig.bays(1);
    return Stream.of(
        row("both supplies ok", two, IN_SYNC, PSU1, SAFE, "Power supply 2 is present, has AC"
            + " and no failure: it carries the appliance alone while 1 is out"),
        row("the other lost AC", Rig.bays(1).psus(PsuState.OK, PsuState.AC_LOST), IN_SYNC,
            PSU1, UNSAFE, "Power supply 2 is without AC power: without 1 it could not carry"),
        row("the other failed", Rig.bays(1).psus(PsuState.OK, PsuState.FAILED), IN_SYNC, PSU1,
            UNSAFE, "Power supply 2 is failed"),
        row("the other is absent", Rig.bays(1).psus(PsuState.OK, PsuState.ABSENT), IN_SYNC,
            PSU1, UNSAFE, "Power supply 2 is not present"),
        row("the other predicts its failure", Rig.bays(1).psus(PsuState.OK,
            PsuState.PREDICTIVE_FAILURE), IN_SYNC, PSU1, UNSAFE, "predicting its own failure"),
        row("the other's state is unknown", Rig.bays(1).psus(PsuState.OK, PsuState.UNKNOWN),
            IN_SYNC, PSU1, UNKNOWN, "The state of power supply 2 is unknown"),
        row("a failed supply may go while the other is ok", Rig.bays(1).psus(PsuState.FAILED,
            PsuState.OK), IN_SYNC, PSU1, SAFE, "Power supply 1 is failed"),
        row("an absent supply: nothing to pull", Rig.bays(1).psus(PsuState.ABSENT,
            PsuState.OK), IN_SYNC, PSU1, SAFE, "there is nothing to pull"),
        row("the only supply", Rig.bays(1).psus(PsuState.OK), IN_SYNC, PSU1, UNSAFE,
            "is the only one the BMC reports"),
        row("ipmi not configured", Rig.bays(1).psusRead(Reading.none(
            "not configured: ipmi.command is not set")), IN_SYNC, PSU1, UNKNOWN,
            "cannot see its power supplies (not configured: ipmi.command is not set)"),
        row("the supplies' reading is stale", Rig.bays(1).psusRead(Reading.of(two.psuList(),
            NOW.minusSeconds(45))), IN_SYNC, PSU1, UNKNOWN, "The reading of the power supplies"
                + " is 45 s old"),
        row("the supplies' last reading failed", Rig.bays(1).psusRead(Reading.of(
            two.psuList(), NOW).failed("ipmitool: no output")), IN_SYNC, PSU1, UNKNOWN,
            "The last reading of the power supplies failed (ipmitool: no output)"),
        row("no such supply", two, IN_SYNC, HotswapTarget.psu(3), UNKNOWN,
            "The BMC reports no power supply 3 (it reports 1, 2)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"disks", "psus"})
  void decides(String name, Rig rig, PairState pair, HotswapTarget target, Verdict verdict,
      String fragment) {
    HotswapPlan plan = HotswapPlanner.plan(rig.build(), pair, target, NOW, MAX_AGE);

    assertThat(plan.verdict()).as("%s: %s", name, plan.reasons()).isEqualTo(verdict);
    assertThat(String.join("\n", plan.reasons())).as(name).contains(fragment);
    assertThat(plan.steps()).as(name).isNotEmpty();
    if (verdict != SAFE) {
      assertThat(plan.steps().get(0)).as(name).startsWith("Do not pull");
    }
    assertThat(String.join("\n", plan.reasons())).as("%s names bays, not kernel names", name)
        .doesNotContainPattern("\\bsd[a-z]\\d*\\b");
  }

  @Test
  void aSafeDiskPlanSaysWhatToDoAtTheRack() {
    HotswapPlan plan = HotswapPlanner.plan(raid1().build(), IN_SYNC, DISK2, NOW, MAX_AGE);

    assertThat(plan.steps()).containsExactly(
        "Run 'tandem hotswap prepare disk 2': it takes the disk out of its arrays and makes the"
            + " LED of bay 2 blink.",
        "Press the release lever of bay 2, the one whose LED blinks, check that its label reads"
            + " serial S2 (if not, push it back and stop), and pull the disk out.",
        "Put the replacement into the same bay and run 'tandem hotswap done disk 2'; the arrays"
            + " rebuild onto it ('tandem status' shows the progress).");
  }

  @Test
  void theWrongBayAnswerSendsTheTechnicianToTheRightOne() {
    HotswapPlan plan = HotswapPlanner.plan(Rig.bays(4).array("md0", "raid6", 4, in("sda", 0),
        in("sdb", 1), in("sdc", 2), faulty("sdd")).build(), IN_SYNC, DISK2, NOW, MAX_AGE);

    assertThat(plan.steps()).containsExactly("Do not pull the disk in bay 2.",
        "Replace the failing disk first: 'tandem hotswap plan disk 4'.",
        "Ask again afterwards: 'tandem hotswap plan disk 2'.");
  }

  @Test
  void anUnsafePlanSaysWhatToWaitFor() {
    HotswapPlan plan = HotswapPlanner.plan(raid1().doing(ArrayState.RESYNCING,
        SyncAction.RESYNC).build(), IN_SYNC, DISK1, NOW, MAX_AGE);

    assertThat(plan.steps()).containsExactly("Do not pull the disk in bay 1.",
        "Wait until md0 has finished ('tandem status' shows its progress).",
        "Ask again afterwards: 'tandem hotswap plan disk 1'.");
  }

  @Test
  void theAnswerHasDesignsFieldsAndExitCodes() {
    HotswapPlan plan = HotswapPlanner.plan(Rig.bays(1).psus(PsuState.OK, PsuState.AC_LOST)
        .build(), IN_SYNC, PSU1, NOW, MAX_AGE);

    assertThat(plan.toJson()).containsOnlyKeys("verdict", "target", "reasons", "steps")
        .containsEntry("verdict", "UNSAFE").containsEntry("target", "psu 1");
    assertThat(plan.steps()).contains("Restore AC to power supply 2 first: check its cord and"
        + " circuit.");
    assertThat(List.of(SAFE.exitCode(), UNSAFE.exitCode(), UNKNOWN.exitCode()))
        .containsExactly(ExitCode.OK, ExitCode.UNSAFE, ExitCode.UNKNOWN);
    assertThat(List.of(SAFE.exitCode().code(), UNSAFE.exitCode().code(),
        UNKNOWN.exitCode().code())).containsExactly(0, 3, 4);
  }
}
