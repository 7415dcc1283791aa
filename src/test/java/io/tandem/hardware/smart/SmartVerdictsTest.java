package io.tandem.hardware.smart;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.Sources.SmartVerdict;
import io.tandem.hardware.smart.AtaAttribute.WhenFailed;
import io.tandem.hardware.smart.SmartReport.Message;
import io.tandem.hardware.smart.SmartReport.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link SmartVerdicts} as a decision table: one row per rule and boundary. */
class SmartVerdictsTest {

  /** A report built up row by row; starts as a healthy ATA disk that passed. */
  static final class Disk {
    Protocol protocol = Protocol.ATA;
    int exit;
    Boolean passed = true;
    final List<AtaAttribute> attributes = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    NvmeHealth nvme;
    ScsiHealth scsi;
    Integer selfTestErrors;
    String lowPower;
    Boolean smartAvailable = true;

    Disk raw(int id, long raw) {
      attributes.add(new AtaAttribute(id, "", 100, 10, WhenFailed.NEVER, raw, raw));
      return this;
    }

    Disk failed(String name, WhenFailed when) {
      attributes.add(new AtaAttribute(3, name, 5, 21, when, 0, 0));
      return this;
    }

    Disk passed(boolean value) {
      passed = value;
      return this;
    }

    Disk exit(int bits) {
      exit = bits;
      return this;
    }

    Disk nvme(int warning, int spare, int threshold, int used, long mediaErrors) {
      protocol = Protocol.NVME;
      nvme = new NvmeHealth(warning, spare, threshold, used, mediaErrors, 0);
      return this;
    }

    Disk scsi(Long defects, long read, long write) {
      protocol = Protocol.SCSI;
      scsi = new ScsiHealth(defects, read, write, 0);
      return this;
    }

    Disk unread(int bits, String message) {
      passed = null;
      exit = bits;
      messages.add(new Message("error", message));
      return this;
    }

    SmartReport report() {
      return new SmartReport("/dev/sdq", protocol, "MODEL X", "SER1", 1L << 40,
          new SmartExitStatus(exit), messages, smartAvailable, passed, 34, attributes, nvme,
          scsi, selfTestErrors, lowPower);
    }
  }

  record Row(String what, Disk disk, DiskHealth health, List<String> reasons) {}

  static Disk disk() {
    return new Disk();
  }

  static List<Row> table() {
    Disk selfTests = disk().exit(128);
    selfTests.selfTestErrors = 2;
    Disk asleep = disk();
    asleep.lowPower = "STANDBY";
    asleep.passed = null;
    Disk noSmart = disk();
    noSmart.passed = null;
    noSmart.smartAvailable = false;
    return List.of(
        new Row("healthy", disk().raw(5, 0).raw(197, 0).raw(199, 0), DiskHealth.OK, List.of()),
        new Row("self-assessment failed", disk().exit(8).passed(false), DiskHealth.FAILING,
            List.of("SMART overall-health self-assessment failed")),
        new Row("bit 3 alone", disk().exit(8), DiskHealth.FAILING,
            List.of("SMART overall-health self-assessment failed")),
        new Row("1 reallocated", disk().raw(5, 1), DiskHealth.WARNING,
            List.of("1 reallocated sector")),
        new Row("12 reallocated", disk().raw(5, 12), DiskHealth.WARNING,
            List.of("12 reallocated sectors")),
        new Row("16 reallocated", disk().raw(5, 16), DiskHealth.WARNING,
            List.of("16 reallocated sectors")),
        new Row("17 reallocated", disk().raw(5, 17), DiskHealth.FAILING,
            List.of("17 reallocated sectors")),
        new Row("3 pending", disk().raw(197, 3), DiskHealth.FAILING,
            List.of("3 sectors pending reallocation")),
        new Row("1 offline uncorrectable", disk().raw(198, 1), DiskHealth.FAILING,
            List.of("1 sector found unreadable offline")),
        new Row("2 reported uncorrectable", disk().raw(187, 2), DiskHealth.FAILING,
            List.of("2 uncorrectable errors reported by the disk")),
        new Row("100 command timeouts", disk().raw(188, 100), DiskHealth.OK, List.of()),
        new Row("101 command timeouts", disk().raw(188, 101), DiskHealth.WARNING,
            List.of("101 command timeouts")),
        new Row("Seagate packed 188 (1, 1, 21)", disk().raw(188, 4295032853L), DiskHealth.OK,
            List.of()),
        new Row("40 CRC errors, first reading", disk().raw(199, 40), DiskHealth.WARNING,
            List.of("40 UDMA CRC errors recorded: check the cable, not the disk")),
        new Row("attribute failing now", disk().failed("Spin_Up_Time", WhenFailed.NOW).exit(16),
            DiskHealth.FAILING,
            List.of("Spin_Up_Time is at or below the maker's failure threshold now"
                + " (5, threshold 21)")),
        new Row("attribute failed in the past",
            disk().failed("Spin_Up_Time", WhenFailed.PAST).exit(32), DiskHealth.WARNING,
            List.of("Spin_Up_Time fell to the maker's failure threshold in the past")),
        new Row("bit 4 without a row saying so", disk().exit(16), DiskHealth.FAILING,
            List.of("a pre-failure attribute is at or below the maker's threshold")),
        new Row("bit 5 without a row saying so", disk().exit(32), DiskHealth.WARNING,
            List.of("an attribute fell to the maker's failure threshold in the past")),
        new Row("self-test errors", selfTests, DiskHealth.WARNING,
            List.of("the self-test log records 2 failed tests")),
        new Row("bit 2 and bit 6 only", disk().exit(4 | 64), DiskHealth.OK, List.of()),
        new Row("NVMe clean", disk().nvme(0, 100, 10, 3, 0), DiskHealth.OK, List.of()),
        new Row("NVMe spare below threshold by numbers", disk().nvme(0, 5, 10, 3, 0),
            DiskHealth.FAILING, List.of("NVMe spare below threshold (5% left, threshold 10%)")),
        new Row("NVMe spare bit and numbers, one reason", disk().nvme(1, 5, 10, 3, 0).exit(8),
            DiskHealth.FAILING, List.of("NVMe spare below threshold (5% left, threshold 10%)")),
        new Row("NVMe temperature bit alone: passed false, bit 3, still a warning",
            disk().nvme(2, 100, 10, 3, 0).exit(8).passed(false), DiskHealth.WARNING,
            List.of("NVMe temperature outside its limits")),
        new Row("NVMe volatile backup and PMR", disk().nvme(0x30, 100, 10, 3, 0),
            DiskHealth.FAILING, List.of("NVMe volatile memory backup failed",
                "NVMe persistent memory region unreliable")),
        new Row("NVMe media errors", disk().nvme(0, 100, 10, 3, 1), DiskHealth.FAILING,
            List.of("1 NVMe media error")),
        new Row("NVMe 89% used", disk().nvme(0, 100, 10, 89, 0), DiskHealth.OK, List.of()),
        new Row("NVMe 90% used", disk().nvme(0, 100, 10, 90, 0), DiskHealth.WARNING,
            List.of("NVMe near the end of its rated endurance (90% used)")),
        new Row("NVMe 101% used", disk().nvme(0, 100, 10, 101, 0), DiskHealth.FAILING,
            List.of("NVMe past its rated endurance (101% used)")),
        new Row("SCSI clean, bit 2 (unsupported log page)", disk().scsi(0L, 0, 0).exit(4),
            DiskHealth.OK, List.of()),
        new Row("SCSI 3 grown defects", disk().scsi(3L, 0, 0), DiskHealth.WARNING,
            List.of("3 grown defects (remapped blocks)")),
        new Row("SCSI 17 grown defects, uncorrected", disk().scsi(17L, 2, 0),
            DiskHealth.FAILING, List.of("17 grown defects (remapped blocks)",
                "2 uncorrected read errors")),
        new Row("cannot be opened", disk().unread(2, "Smartctl open device: /dev/sdq failed:"
            + " No such device"), DiskHealth.UNKNOWN, List.of("the disk could not be opened:"
            + " Smartctl open device: /dev/sdq failed: No such device")),
        new Row("unknown USB bridge, exit 1", disk().unread(1, "/dev/sdq: Unknown USB bridge"
            + " [0x152d:0xb581 (0x4403)]"), DiskHealth.UNKNOWN, List.of("behind a USB bridge"
            + " smartctl does not know (/dev/sdq: Unknown USB bridge [0x152d:0xb581 (0x4403)]):"
            + " its type must be given with -d (sat, sntjmicron, ...)")),
        new Row("asleep", asleep.exit(2), DiskHealth.UNKNOWN,
            List.of("asleep (standby), not woken to read SMART; no reading kept")),
        new Row("no SMART offered", noSmart.exit(4), DiskHealth.UNKNOWN,
            List.of("the disk offers no SMART (a virtual disk or a RAID volume?)")),
        new Row("failing and warning: failing wins, both said", disk().raw(5, 3).raw(197, 1),
            DiskHealth.FAILING, List.of("3 reallocated sectors",
                "1 sector pending reallocation")));
  }

  @Test
  void decisionTable() {
    for (Row row : table()) {
      SmartVerdict verdict = SmartVerdicts.judge(row.disk().report());
      assertThat(verdict.health()).as(row.what()).isEqualTo(row.health());
      assertThat(verdict.reasons()).as(row.what()).isEqualTo(row.reasons());
      assertThat(verdict.temperatureC()).as(row.what()).isEqualTo(34);
      assertThat(verdict.serial()).as(row.what()).isEqualTo("SER1");
    }
  }

  @Test
  void udmaCrcErrorsWarnWhenTheyRiseNotWhileTheyStay() {
    SmartReport before = disk().raw(199, 12).report();
    SmartVerdict rose = SmartVerdicts.judge(disk().raw(199, 40).report(), before);
    assertThat(rose.health()).isEqualTo(DiskHealth.WARNING);
    assertThat(rose.reasons())
        .containsExactly("UDMA CRC errors rose to 40: check the cable, not the disk");
    SmartVerdict settled = SmartVerdicts.judge(disk().raw(199, 12).report(), before);
    assertThat(settled.health()).as("a settled count is the old cable's").isEqualTo(DiskHealth.OK);
  }

  @Test
  void aSleepingDiskKeepsItsLastVerdictWithANote() {
    SmartVerdict last = new SmartVerdict(DiskHealth.WARNING, List.of("12 reallocated sectors"),
        36, "MODEL X", "SER1");
    SmartVerdict kept = SmartVerdicts.asleep("STANDBY", last);
    assertThat(kept).isEqualTo(new SmartVerdict(DiskHealth.WARNING, List.of(
        "12 reallocated sectors",
        "asleep (standby), not woken to read SMART; health from the last reading"),
        null, "MODEL X", "SER1"));
    assertThat(SmartVerdicts.asleep("STANDBY", null)).isEqualTo(new SmartVerdict(
        DiskHealth.UNKNOWN, List.of("asleep (standby), not woken to read SMART;"
            + " not read since the service started"), null, "", ""));
  }
}
