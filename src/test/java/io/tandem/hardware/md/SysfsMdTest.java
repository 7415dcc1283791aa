package io.tandem.hardware.md;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.MemberState;
import io.tandem.hardware.SyncAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sysfs reader on the recorded trees, and the interpreter on their values. */
class SysfsMdTest {
  @Test
  void everyRecordedTreeIsUnderstood() throws Exception {
    for (String situation : MdFixtures.situations()) {
      for (SysfsMd.Raw raw : new SysfsMd(MdFixtures.root(situation)).read()) {
        assertThat(SysfsMdInterpreter.interpret(raw).warnings()).as(situation).isEmpty();
      }
    }
  }

  @Test
  void aSpareWithASlotIsRebuildingAndOneWithoutIsASpare() throws Exception {
    SysfsArray md0 = one("raid1-spare-rebuilding");
    assertThat(md0.arrayState()).isEqualTo("clean");
    assertThat(md0.action()).isEqualTo(SyncAction.RECOVERY);
    assertThat(md0.degraded()).isEqualTo(1);
    assertThat(md0.syncDoneSectors()).isZero();
    assertThat(md0.syncTotalSectors()).isEqualTo(129024);
    assertThat(md0.members()).extracting(SysfsArray.Member::device, SysfsArray.Member::slot,
        SysfsArray.Member::state).containsExactly(
            org.assertj.core.groups.Tuple.tuple("vda", -1, MemberState.FAULTY),
            org.assertj.core.groups.Tuple.tuple("vdb", 1, MemberState.IN_SYNC),
            org.assertj.core.groups.Tuple.tuple("vdc", 0, MemberState.REBUILDING));
    assertThat(one("raid1-spare").members().get(2).state()).isEqualTo(MemberState.SPARE);
  }

  @Test
  void reshapeShowsNewAndOldCounts() throws Exception {
    SysfsArray md1 = one("raid5-reshape");
    assertThat(md1.raidDisks()).isEqualTo(4);
    assertThat(md1.raidDisksBefore()).isEqualTo(3);
    assertThat(md1.action()).isEqualTo(SyncAction.RESHAPE);
  }

  @Test
  void delayedJournalWriteMostlyBlockedInactive() throws Exception {
    SysfsArray md8 = new SysfsMd(MdFixtures.root("nvme-partitions-delayed")).read().stream()
        .filter(r -> r.name().equals("md8")).map(SysfsMdInterpreter::interpret).findFirst()
        .orElseThrow();
    assertThat(md8.syncDelayed()).isTrue();
    assertThat(md8.action()).isEqualTo(SyncAction.RESYNC);
    SysfsArray.Member journal = one("raid5-journal").members().get(3);
    assertThat(journal.journal()).isTrue();
    assertThat(journal.slot()).isEqualTo(-1);
    assertThat(journal.state()).isEqualTo(MemberState.IN_SYNC);
    assertThat(one("raid1-writemostly-failed").members().get(1).writeMostly()).isTrue();
    assertThat(one("raid6-three-failed").members().get(4).words())
        .containsExactly("faulty", "blocked");
    SysfsArray inactive = one("inactive");
    assertThat(inactive.inactive()).isTrue();
    assertThat(inactive.level()).isEmpty();
    assertThat(inactive.raidDisks()).isEqualTo(-1);
    assertThat(one("raid1-auto-read-only-pending").arrayState()).isEqualTo("read-auto");
  }

  @Test
  void unknownValuesAreWarnings() {
    SysfsArray odd = SysfsMdInterpreter.interpret(new SysfsMd.Raw("md9",
        Map.of("array_state", "melting", "raid_disks", "many", "sync_action", "dance",
            "sync_completed", "soon"),
        List.of(new SysfsMd.RawMember("sdz", "in_sync,sparkly", "7x")), List.of()));
    assertThat(odd.warnings()).containsExactly("md9: unknown array_state 'melting'",
        "md9: raid_disks 'many' is not a number", "md9: unknown sync_action 'dance'",
        "md9: sync_completed 'soon' not understood",
        "md9: sdz has an unknown state word 'sparkly'", "md9: sdz has slot '7x'");
    assertThat(odd.members().get(0).state()).isEqualTo(MemberState.IN_SYNC);
  }

  @Test
  void noSysfsMeansNoArrays(@TempDir Path root) throws Exception {
    assertThat(new SysfsMd(root).read()).isEmpty();
    Files.createDirectories(root.resolve("sys/block/md0"));
    assertThat(new SysfsMd(root).read()).as("md0 without md/ is no array").isEmpty();
  }

  private static SysfsArray one(String situation) throws Exception {
    List<SysfsMd.Raw> raw = new SysfsMd(MdFixtures.root(situation)).read();
    assertThat(raw).hasSize(1);
    return SysfsMdInterpreter.interpret(raw.get(0));
  }
}
