package io.tandem.hotswap.swap;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.Disk;
import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MdArray.MdSync;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import io.tandem.hardware.Reading;
import io.tandem.hardware.SyncAction;
import io.tandem.hotswap.HotswapTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwapMachineTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static Swap diskSwap() {
    return new Swap(HotswapTarget.disk(2), SwapState.PREPARED, "WD-BBB",
        List.of(new Swap.Member("md0", "sdb1")), Map.of(1, "WD-AAA", 2, "WD-BBB"), "", "", "",
        NOW, 10, false);
  }

  private static Disk disk(int bay, String serial, String device) {
    return new Disk(device, bay, "WDC", serial, 10, DiskHealth.OK, List.of(), 30);
  }

  private static HardwareSnapshot snapshot(List<Disk> disks, MdArray array) {
    return new HardwareSnapshot(Reading.of(List.of(array), NOW), Reading.of(disks, NOW),
        Reading.of(List.of(), NOW), Reading.none("none"), Reading.of("md0", NOW));
  }

  private static MdArray md0(ArrayState state, MemberState second, double percent) {
    return new MdArray("md0", "raid1", state, 2, List.of(
        new MdMember("sda1", 0, MemberState.IN_SYNC, false),
        new MdMember("sdb1", 1, second, false)),
        percent < 0 ? MdSync.NONE : new MdSync(SyncAction.RECOVERY, percent, 600, false));
  }

  @Test
  void aFailingDiskIsReplacedStartToFinish() {
    Swap swap = diskSwap();
    MdArray degraded = md0(ArrayState.DEGRADED, MemberState.REMOVED, -1);
    assertThat(SwapPrompts.lines(swap, snapshot(List.of(disk(1, "WD-AAA", "sda"),
        disk(2, "WD-BBB", "sdb")), degraded)))
        .containsExactly("PULL BAY 2", "SERIAL WD-BBB", "ITS LED BLINKS");

    SwapMachine.Step stillIn = SwapMachine.advance(swap, snapshot(List.of(disk(1, "WD-AAA",
        "sda"), disk(2, "WD-BBB", "sdb")), degraded));
    assertThat(stillIn.swap().state()).isEqualTo(SwapState.PREPARED);

    SwapMachine.Step pulled = SwapMachine.advance(swap, snapshot(List.of(disk(1, "WD-AAA",
        "sda")), degraded));
    assertThat(pulled.swap().state()).isEqualTo(SwapState.PULLED);
    assertThat(SwapPrompts.lines(pulled.swap(), snapshot(List.of(disk(1, "WD-AAA", "sda")),
        degraded))).containsExactly("INSERT NEW DISK", "IN BAY 2");

    SwapMachine.Step replaced = SwapMachine.advance(pulled.swap(), snapshot(List.of(
        disk(1, "WD-AAA", "sda"), disk(2, "WD-NEW", "sdc")), degraded));
    assertThat(replaced.swap().state()).isEqualTo(SwapState.REPLACED);
    assertThat(replaced.swap().newSerial()).isEqualTo("WD-NEW");
    assertThat(replaced.actions()).contains(new SwapAction.AddNewDisk(2, "sdc"));

    Swap rebuilding = SwapMachine.added(replaced.swap());
    MdArray recovering = md0(ArrayState.RECOVERING, MemberState.REBUILDING, 43.2);
    List<Disk> both = List.of(disk(1, "WD-AAA", "sda"), disk(2, "WD-NEW", "sdc"));
    assertThat(SwapMachine.advance(rebuilding, snapshot(both, recovering)).swap().state())
        .isEqualTo(SwapState.REBUILDING);
    assertThat(SwapPrompts.lines(rebuilding, snapshot(both, recovering)))
        .containsExactly("REBUILDING BAY 2", "MD0 43% 10MIN");

    SwapMachine.Step done = SwapMachine.advance(rebuilding, snapshot(both,
        md0(ArrayState.CLEAN, MemberState.IN_SYNC, -1)));
    assertThat(done.swap().state()).isEqualTo(SwapState.DONE);
    assertThat(done.actions()).contains(new SwapAction.LedOff(2));
    assertThat(SwapPrompts.lines(done.swap(), snapshot(both, degraded))).isEmpty();
  }

  @Test
  void theWrongDiskPulledIsACriticalAlertAtOnceNamingTheDiskToPutBack() {
    SwapMachine.Step step = SwapMachine.advance(diskSwap(), snapshot(List.of(disk(2, "WD-BBB",
        "sdb")), md0(ArrayState.DEGRADED, MemberState.REMOVED, -1)));
    assertThat(step.swap().state()).isEqualTo(SwapState.PREPARED);
    assertThat(step.actions()).anySatisfy(action -> assertThat(action)
        .isInstanceOfSatisfying(SwapAction.Raise.class, raise -> {
          assertThat(raise.key()).isEqualTo(SwapMachine.WRONG_PART);
          assertThat(raise.message()).contains("bay 1 (serial WD-AAA) is out")
              .contains("bay 2 (serial WD-BBB) was the one to pull")
              .contains("Put bay 1 (serial WD-AAA) back now");
        }));
    assertThat(SwapPrompts.lines(step.swap(), snapshot(List.of(disk(2, "WD-BBB", "sdb")),
        md0(ArrayState.DEGRADED, MemberState.REMOVED, -1))))
        .containsExactly("WRONG DISK PULLED", "PUT BACK BAY 1", "SERIAL WD-AAA");
    SwapMachine.Step putBack = SwapMachine.advance(step.swap(), snapshot(List.of(
        disk(1, "WD-AAA", "sda"), disk(2, "WD-BBB", "sdb")),
        md0(ArrayState.DEGRADED, MemberState.REMOVED, -1)));
    assertThat(putBack.actions()).contains(new SwapAction.Clear(SwapMachine.WRONG_PART));
  }

  @Test
  void aRefusedDiskWaitsForAnotherAndAStaleReadingChangesNothing() {
    Swap replaced = SwapMachine.advance(diskSwap().with(SwapState.PULLED, "", ""),
        snapshot(List.of(disk(1, "WD-AAA", "sda"), disk(2, "WD-SMALL", "sdc")),
            md0(ArrayState.DEGRADED, MemberState.REMOVED, -1))).swap();
    SwapMachine.Step refused = SwapMachine.refused(replaced, "it holds 1.0 TB, the member"
        + " needs 4.0 TB");
    assertThat(refused.swap().problem()).contains("needs 4.0 TB");
    assertThat(SwapPrompts.lines(refused.swap(), snapshot(List.of(disk(1, "WD-AAA", "sda"),
        disk(2, "WD-SMALL", "sdc")), md0(ArrayState.DEGRADED, MemberState.REMOVED, -1))))
        .containsExactly("BAY 2 DISK REFUSED", "SEE TANDEM STATUS");

    SwapMachine.Step another = SwapMachine.advance(refused.swap(), snapshot(List.of(
        disk(1, "WD-AAA", "sda"), disk(2, "WD-BIG", "sdd")),
        md0(ArrayState.DEGRADED, MemberState.REMOVED, -1)));
    assertThat(another.swap().newSerial()).isEqualTo("WD-BIG");
    assertThat(another.actions()).contains(new SwapAction.AddNewDisk(2, "sdd"));

    HardwareSnapshot stale = new HardwareSnapshot(Reading.none("x"),
        Reading.<List<Disk>>none("x").failed("sysfs unreadable"), Reading.none("x"),
        Reading.none("x"), Reading.none("x"));
    assertThat(SwapMachine.advance(diskSwap(), stale).swap()).isEqualTo(diskSwap());
  }

  @Test
  void aPowerSupplySwapFollowsTheUnitOutAndTheNewOneIn() {
    Swap swap = new Swap(HotswapTarget.psu(1), SwapState.PREPARED, "", List.of(), Map.of(), "",
        "", "", NOW, 0, false);
    SwapMachine.Step out = SwapMachine.advance(swap, psus(PsuState.ABSENT, PsuState.OK));
    assertThat(out.swap().state()).isEqualTo(SwapState.PULLED);
    SwapMachine.Step noCord = SwapMachine.advance(out.swap(),
        psus(PsuState.AC_LOST, PsuState.OK));
    assertThat(noCord.swap().state()).isEqualTo(SwapState.REPLACED);
    assertThat(noCord.swap().problem()).contains("reports ac_lost");
    assertThat(SwapMachine.advance(noCord.swap(), psus(PsuState.OK, PsuState.OK)).swap()
        .state()).isEqualTo(SwapState.DONE);
    assertThat(SwapMachine.advance(swap, psus(PsuState.OK, PsuState.ABSENT)).actions())
        .anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(SwapAction.Raise.class,
            r -> assertThat(r.message()).contains("power supply 2 (absent)")));
  }

  private static HardwareSnapshot psus(PsuState one, PsuState two) {
    List<Psu> psus = new ArrayList<>(List.of(new Psu(1, "PS1", one, ""),
        new Psu(2, "PS2", two, "")));
    return new HardwareSnapshot(Reading.none("x"), Reading.none("x"), Reading.of(psus, NOW),
        Reading.none("x"), Reading.none("x"));
  }

  @Test
  void theSwapSurvivesARestart(@TempDir Path state) throws Exception {
    SwapStore store = new SwapStore(state);
    assertThat(store.load()).isEmpty();
    Swap swap = SwapMachine.added(diskSwap().with(SwapState.REPLACED, "WD-NEW", ""));
    store.save(swap);
    assertThat(new SwapStore(state).load()).contains(swap);
  }
}
