package io.tandem.hardware.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.hardware.HardwareException;
import io.tandem.hardware.smart.AtaAttribute.WhenFailed;
import io.tandem.hardware.smart.SmartReport.Protocol;
import org.junit.jupiter.api.Test;

/** The parser against recorded and published outputs, and against what is not smartctl JSON. */
class SmartctlJsonTest {

  private static SmartReport parse(String fixture, int exit) throws HardwareException {
    return SmartctlJson.parse(Fixtures.read(fixture), exit);
  }

  @Test
  void readsAnAtaDisk() throws Exception {
    SmartReport r = parse("recorded/qemu-sata-after-selftest.json", 0);
    assertThat(r.protocol()).isEqualTo(Protocol.ATA);
    assertThat(r.device()).isEqualTo("/dev/sdb");
    assertThat(r.capacityBytes()).isEqualTo(134217728L);
    assertThat(r.healthPassed()).isTrue();
    assertThat(r.smartAvailable()).isTrue();
    assertThat(r.selfTestErrors()).isZero();
    assertThat(r.attributes()).extracting(AtaAttribute::id)
        .containsExactly(1, 3, 4, 5, 9, 12, 190);
    AtaAttribute temperature = r.attribute(190).orElseThrow();
    assertThat(temperature.raw()).as("decoded from '31 (Min/Max 31/31)'").isEqualTo(31);
    assertThat(temperature.rawValue()).isEqualTo(522125343L);
    assertThat(r.attribute(5).orElseThrow().threshold()).isEqualTo(36);
  }

  @Test
  void readsTheFailingAtaDiskWordForWord() throws Exception {
    SmartReport r = parse("published/scrutiny-ata-hitachi-failing.excerpt.json", 216);
    AtaAttribute reallocated = r.attribute(5).orElseThrow();
    assertThat(reallocated.whenFailed()).isEqualTo(WhenFailed.NOW);
    assertThat(reallocated.raw()).isEqualTo(1975);
    assertThat(r.attribute(197).orElseThrow().raw()).isEqualTo(8);
    assertThat(r.healthPassed()).isFalse();
    assertThat(r.selfTestErrors()).isEqualTo(3);
    SmartExitStatus exit = r.exitStatus();
    assertThat(exit.has(SmartExitStatus.DISK_FAILING)).isTrue();
    assertThat(exit.has(SmartExitStatus.PREFAIL_NOW)).isTrue();
    assertThat(exit.has(SmartExitStatus.THRESHOLD_PAST)).isFalse();
    assertThat(exit.has(SmartExitStatus.ERROR_LOG)).isTrue();
    assertThat(exit.has(SmartExitStatus.SELF_TEST_ERRORS)).isTrue();
    assertThat(exit.unreadable()).isFalse();
  }

  @Test
  void readsAnNvmeHealthLog() throws Exception {
    SmartReport r = parse("published/scrutiny-nvme-samsung970-media-errors.json", 0);
    assertThat(r.protocol()).isEqualTo(Protocol.NVME);
    assertThat(r.capacityBytes()).isEqualTo(500107862016L);
    assertThat(r.nvme()).isEqualTo(new NvmeHealth(0, 99, 10, 3, 7, 62));
    NvmeHealth spare = parse("recorded/qemu-nvme-warning-1-spare.json", 8).nvme();
    assertThat(spare.warns(NvmeHealth.SPARE)).isTrue();
    assertThat(spare.warns(NvmeHealth.TEMPERATURE)).isFalse();
  }

  @Test
  void readsScsiCountersAndTheModelFromVendorKeys() throws Exception {
    SmartReport r = parse("published/exporter-sas-seagate-grown-defects.json", 0);
    assertThat(r.protocol()).isEqualTo(Protocol.SCSI);
    assertThat(r.scsi()).isEqualTo(new ScsiHealth(260L, 1, 535, 0));
    assertThat(r.model()).isEqualTo("SEAGATE ST373453LC");
    assertThat(r.temperatureC()).isEqualTo(33);
  }

  @Test
  void zeroDegreesIsNoTemperature() throws Exception {
    assertThat(parse("published/scrutiny-intel-raid1-volume.json", 4).temperatureC()).isNull();
    assertThat(parse("recorded/qemu-scsi-no-smart.json", 4).temperatureC()).isNull();
  }

  @Test
  void keepsSmartctlsMessagesAndTheLowPowerMode() throws Exception {
    SmartReport unknown = parse("recorded/qemu-usb-unknown-bridge.json", 1);
    assertThat(unknown.messages()).containsExactly(new SmartReport.Message("error",
        "/dev/sdc: Unknown USB bridge [0x46f4:0x0001 (0x000)]"));
    assertThat(unknown.hasHealthData()).isFalse();
    SmartReport asleep = parse("recorded/qemu-usb-forced-sat.json", 2);
    assertThat(asleep.lowPowerMode()).isEqualTo("SLEEP");
    assertThat(asleep.exitStatus().has(SmartExitStatus.DEVICE_OPEN)).isTrue();
  }

  @Test
  void theProcessExitCodeAddsToTheJsonExitStatus() throws Exception {
    String envelopeOnly = "{\"json_format_version\":[1,0],\"smartctl\":{\"exit_status\":4}}";
    assertThat(SmartctlJson.parse(envelopeOnly, 64).exitStatus().bits()).isEqualTo(68);
    assertThat(SmartctlJson.parse(envelopeOnly, 0).exitStatus().bits()).isEqualTo(4);
    assertThat(SmartctlJson.parse(envelopeOnly, -1).exitStatus().bits()).isEqualTo(4);
    assertThat(SmartctlJson.parse(envelopeOnly, 300).exitStatus().bits()).isEqualTo(4);
  }

  @Test
  void toleratesTheKeysThatDriftBetweenReleases() throws Exception {
    SmartReport old = SmartctlJson.parse("""
        {"json_format_version": [1, 0], "device": {"protocol": "SCSI"},
         "scsi_vendor": "HGST ", "scsi_product": "HUH721212AL5200", "smart_support": true,
         "smart_status": {"passed": true}, "scsi_temperature": {"current": 38},
         "scsi_grown_defect_list": "many", "ata_smart_attributes": {"table": [{"name": "x"}]}}
        """, 0);
    assertThat(old.model()).isEqualTo("HGST HUH721212AL5200");
    assertThat(old.smartAvailable()).isTrue();
    assertThat(old.temperatureC()).isEqualTo(38);
    assertThat(old.scsi()).as("a defect count of the wrong type is ignored").isNull();
    assertThat(old.attributes()).as("a row without an id is skipped").isEmpty();
  }

  @Test
  void refusesWhatIsNotSmartctlJson() {
    assertThatThrownBy(() -> SmartctlJson.parse("", 0))
        .isInstanceOf(HardwareException.class).hasMessage("smartctl printed nothing");
    assertThatThrownBy(() -> SmartctlJson.parse("smartctl 6.2 2013-07-26 r3841\nCopyright", 1))
        .isInstanceOf(HardwareException.class)
        .hasMessageStartingWith("smartctl's output is not JSON (\"smartctl 6.2");
    String recorded = Fixtures.read("recorded/qemu-sata-ok.json");
    assertThatThrownBy(() -> SmartctlJson.parse(recorded.substring(0, 3000), 0))
        .as("cut short, as by the runner's output bound").isInstanceOf(HardwareException.class)
        .hasMessageStartingWith("smartctl's output is not JSON");
    assertThatThrownBy(() -> SmartctlJson.parse("[1, 2]", 0))
        .isInstanceOf(HardwareException.class)
        .hasMessage("smartctl's output is not its JSON report (\"[1, 2]\")");
    assertThatThrownBy(() -> SmartctlJson.parse("{\"disks\": []}", 0))
        .isInstanceOf(HardwareException.class)
        .hasMessageStartingWith("smartctl's output is not its JSON report");
  }
}
