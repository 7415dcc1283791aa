package io.tandem.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert.Severity;
import io.tandem.hardware.HardwareConditions.Condition;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MdArray.MdSync;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareConditionsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final List<Disk> DISKS = List.of(
      new Disk("sda", 1, "WDC WD40", "WD-AAA", 4_000_000_000_000L, DiskHealth.OK, List.of(), 31),
      new Disk("sdb", 2, "WDC WD40", "WD-BBB", 4_000_000_000_000L, DiskHealth.OK, List.of(),
          33));

  private static HardwareSnapshot snapshot(List<MdArray> arrays, List<Disk> disks,
      List<Psu> psus) {
    return new HardwareSnapshot(Reading.of(arrays, NOW), Reading.of(disks, NOW),
        Reading.of(psus, NOW), Reading.none("not configured: none on this machine"),
        Reading.of("md0", NOW));
  }

  private static MdArray raid1(ArrayState state, MdSync sync, MdMember... members) {
    return new MdArray("md0", "raid1", state, 2, List.of(members), sync);
  }

  @Test
  void aHealthyApplianceHasNothingToSay() {
    HardwareSnapshot healthy = snapshot(List.of(raid1(ArrayState.CLEAN, MdSync.NONE,
        new MdMember("sda1", 0, MemberState.IN_SYNC, false),
        new MdMember("sdb1", 1, MemberState.IN_SYNC, false))), DISKS,
        List.of(new Psu(1, "PS1 Status", PsuState.OK, "Presence detected"),
            new Psu(2, "PS2 Status", PsuState.OK, "Presence detected")));
    assertThat(HardwareConditions.evaluate(healthy)).isEmpty();
  }

  @Test
  void aDegradedArrayNamesTheFaultyDiskByBayAndSerial() {
    List<Condition> conditions = HardwareConditions.evaluate(snapshot(List.of(
        raid1(ArrayState.DEGRADED, MdSync.NONE,
            new MdMember("sda1", 0, MemberState.IN_SYNC, false),
            new MdMember("sdb1", -1, MemberState.FAULTY, false))), DISKS, List.of()));
    assertThat(conditions).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo("hardware.array.md0");
      assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(c.message()).contains("md0 (raid1) is degraded: 1 of 2 members in sync")
          .contains("faulty: bay 2, serial WD-BBB (sdb1)").contains("tandem hotswap plan");
    });
  }

  @Test
  void aRebuildIsAWarningWithItsProgress() {
    List<Condition> conditions = HardwareConditions.evaluate(snapshot(List.of(
        raid1(ArrayState.RECOVERING, new MdSync(SyncAction.RECOVERY, 43.2, 720, false),
            new MdMember("sda1", 0, MemberState.IN_SYNC, false),
            new MdMember("sdb1", 1, MemberState.REBUILDING, false))), DISKS, List.of()));
    assertThat(conditions).singleElement().satisfies(c -> {
      assertThat(c.severity()).isEqualTo(Severity.WARNING);
      assertThat(c.message()).isEqualTo("md0 (raid1) is rebuilding onto bay 2, serial WD-BBB"
          + " (sdb1): 43.2 %, about 12 min left; it has no redundancy until then");
    });
  }

  @Test
  void failingDisksPowerSuppliesAndUnreadableSourcesAreEachTheirOwnAlert() {
    List<Disk> disks = List.of(new Disk("sdc", 3, "ST4000", "ZL2ABCDE", 1, DiskHealth.FAILING,
        List.of("12 reallocated sectors"), 40));
    HardwareSnapshot s = new HardwareSnapshot(
        Reading.<List<MdArray>>none("x").failed("mdadm timed out after 30 s"),
        Reading.of(disks, NOW),
        Reading.of(List.of(new Psu(2, "PS2 Status", PsuState.AC_LOST, "Power Supply AC lost"),
            new Psu(1, "PS1 Status", PsuState.PREDICTIVE_FAILURE, "Predictive failure")), NOW),
        Reading.none("not configured: none on this machine"),
        Reading.<String>none("x").failed("/srv/mail is on /dev/sda2, not on an md array"));
    assertThat(HardwareConditions.evaluate(s)).extracting(c -> c.key() + " " + c.severity())
        .containsExactlyInAnyOrder("hardware.disk.ZL2ABCDE CRITICAL",
            "hardware.psu.2 CRITICAL", "hardware.psu.1 WARNING",
            "hardware.source.arrays WARNING", "hardware.store-not-on-raid WARNING");
    assertThat(HardwareConditions.evaluate(s)).filteredOn(c -> c.key().endsWith("psu.2"))
        .singleElement().extracting(Condition::message).asString()
        .contains("lost AC power").contains("runs on one supply");
  }

  @Test
  void partitionsBelongToTheirWholeDisk() {
    assertThat(HardwareConditions.wholeDisk("sdb1")).isEqualTo("sdb");
    assertThat(HardwareConditions.wholeDisk("sdab12")).isEqualTo("sdab");
    assertThat(HardwareConditions.wholeDisk("nvme0n1p2")).isEqualTo("nvme0n1");
    assertThat(HardwareConditions.wholeDisk("nvme0n1")).isEqualTo("nvme0n1");
    assertThat(HardwareConditions.wholeDisk("sdc")).isEqualTo("sdc");
  }
}
