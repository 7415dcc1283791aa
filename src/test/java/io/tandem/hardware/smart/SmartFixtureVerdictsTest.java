package io.tandem.hardware.smart;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.Sources.SmartVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees for every recorded and published smartctl output: the health word, the
 * reasons, the temperature, the model and the serial. Each file is parsed with the exit status
 * its README gives.
 */
class SmartFixtureVerdictsTest {

  record Seen(int exit, DiskHealth health, List<String> reasons, Integer temperature,
      String model, String serial) {}

  static final String NOT_OPENED = "the disk could not be opened: ";
  static final String NO_TYPE = "smartctl cannot tell what kind of disk this is, so SMART cannot"
      + " be read (a virtual disk or a RAID controller's volume?)";
  static final String QEMU_NVME = "QEMU NVMe Ctrl";

  static Map<String, Seen> expected() {
    Map<String, Seen> seen = new LinkedHashMap<>();
    seen.put("recorded/host-virtio-unknown-type.json",
        new Seen(1, DiskHealth.UNKNOWN, List.of(NO_TYPE), null, "", ""));
    seen.put("recorded/host-virtio-forced-sat-not-permitted.json", new Seen(2,
        DiskHealth.UNKNOWN, List.of(NOT_OPENED
            + "Smartctl open device: /dev/vda [SAT] failed: Operation not permitted"),
        null, "", ""));
    seen.put("recorded/host-no-such-device.json", new Seen(2, DiskHealth.UNKNOWN,
        List.of(NOT_OPENED + "Smartctl open device: /dev/sdz failed: No such device"),
        null, "", ""));
    seen.put("recorded/host-unrecognized-option.json", new Seen(1, DiskHealth.UNKNOWN,
        List.of("smartctl refused its command line (check smart.command): "
            + "=======> UNRECOGNIZED OPTION: bogus"), null, "", ""));
    seen.put("recorded/qemu-sata-ok.json",
        new Seen(0, DiskHealth.OK, List.of(), 31, "QEMU-SATA-TEST", "SATA0"));
    seen.put("recorded/qemu-sata-after-selftest.json",
        new Seen(0, DiskHealth.OK, List.of(), 31, "QEMU-SATA-TEST", "SATA0"));
    seen.put("recorded/qemu-nvme-ok.json",
        new Seen(0, DiskHealth.OK, List.of(), 50, QEMU_NVME, "NVME0"));
    seen.put("recorded/qemu-nvme-warning-1-spare.json", new Seen(8, DiskHealth.FAILING,
        List.of("NVMe spare below threshold"), 50, QEMU_NVME, "NVME0"));
    seen.put("recorded/qemu-nvme-warning-2-temperature.json", new Seen(8, DiskHealth.WARNING,
        List.of("NVMe temperature outside its limits"), 50, QEMU_NVME, "NVME0"));
    seen.put("recorded/qemu-nvme-warning-4-reliability.json", new Seen(8, DiskHealth.FAILING,
        List.of("NVMe reliability degraded (media or internal errors)"), 50, QEMU_NVME,
        "NVME0"));
    seen.put("recorded/qemu-nvme-warning-8-read-only.json", new Seen(8, DiskHealth.FAILING,
        List.of("NVMe media switched to read-only"), 50, QEMU_NVME, "NVME0"));
    seen.put("recorded/qemu-scsi-no-smart.json", new Seen(4, DiskHealth.UNKNOWN,
        List.of("the disk offers no SMART (a virtual disk or a RAID volume?)"), null,
        "QEMU QEMU HARDDISK", "SCSI0"));
    seen.put("recorded/qemu-virtio-unknown-type.json",
        new Seen(1, DiskHealth.UNKNOWN, List.of(NO_TYPE), null, "", ""));
    seen.put("recorded/qemu-usb-unknown-bridge.json", new Seen(1, DiskHealth.UNKNOWN,
        List.of("behind a USB bridge smartctl does not know (/dev/sdc: Unknown USB bridge"
            + " [0x46f4:0x0001 (0x000)]): its type must be given with -d (sat, sntjmicron, ...)"),
        null, "", ""));
    seen.put("recorded/qemu-usb-forced-sat.json", new Seen(2, DiskHealth.UNKNOWN,
        List.of("asleep (sleep), not woken to read SMART; no reading kept"), null, "", ""));
    seen.put("published/scrutiny-ata-hitachi-failing.excerpt.json", new Seen(216,
        DiskHealth.FAILING, List.of("SMART overall-health self-assessment failed",
            "the self-test log records 3 failed tests",
            "Reallocated_Sector_Ct is at or below the maker's failure threshold now"
                + " (1, threshold 5)",
            "1975 reallocated sectors", "8 sectors pending reallocation"),
        25, "Hitachi HDS721050DLE630", "MSK423Y20S3HBC"));
    seen.put("published/exporter-ata-seagate-304-reallocated.json", new Seen(0,
        DiskHealth.FAILING, List.of("304 reallocated sectors"), 33, "ST3500418AS", "REDACTED"));
    seen.put("published/exporter-ata-hgst-12-crc-errors.excerpt.json", new Seen(64,
        DiskHealth.WARNING, List.of("12 UDMA CRC errors recorded: check the cable, not the disk"),
        26, "HGST HUS724020ALE640", "REDACTED"));
    seen.put("published/exporter-sas-seagate-grown-defects.json", new Seen(0, DiskHealth.FAILING,
        List.of("260 grown defects (remapped blocks)", "1 uncorrected read error",
            "535 uncorrected write errors"), 33, "SEAGATE ST373453LC", "REDACTED"));
    seen.put("published/scrutiny-nvme-samsung970-media-errors.json", new Seen(0,
        DiskHealth.FAILING, List.of("7 NVMe media errors"), 35, "Samsung SSD 970 EVO 500GB",
        "S466NX0M776250H"));
    seen.put("published/scrutiny-intel-raid1-volume.json", new Seen(4, DiskHealth.UNKNOWN,
        List.of("smartctl reported no SMART health for this disk"), null, "Intel Raid 1 Volume",
        "Volume1"));
    seen.put("published/exporter-nonexistent-device-7.5.json",
        new Seen(1, DiskHealth.UNKNOWN, List.of(NO_TYPE), null, "", ""));
    return seen;
  }

  @Test
  void everyFixtureHasItsExpectation() {
    assertThat(expected().keySet()).containsExactlyInAnyOrderElementsOf(Fixtures.all());
  }

  @Test
  void operatorSeesForEachFixture() throws Exception {
    for (Map.Entry<String, Seen> entry : expected().entrySet()) {
      Seen want = entry.getValue();
      SmartReport report = SmartctlJson.parse(Fixtures.read(entry.getKey()), want.exit());
      SmartVerdict verdict = SmartVerdicts.judge(report);
      assertThat(new Seen(report.exitStatus().bits(), verdict.health(), verdict.reasons(),
          verdict.temperatureC(), verdict.model(), verdict.serial()))
          .as(entry.getKey()).isEqualTo(want);
    }
  }
}
