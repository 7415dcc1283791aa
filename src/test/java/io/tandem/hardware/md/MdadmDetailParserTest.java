package io.tandem.hardware.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.tandem.hardware.HardwareException;
import io.tandem.hardware.MemberState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MdadmDetailParser against every recorded mdadm --detail output. */
class MdadmDetailParserTest {
  static List<String> details() {
    return MdFixtures.details();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("details")
  void everyRecordedOutputParsesWithoutWarnings(String detail) throws Exception {
    MdadmDetail parsed = MdadmDetailParser.parse(MdFixtures.detail(detail));
    assertThat(parsed.warnings()).isEmpty();
    assertThat(parsed.device()).isEqualTo("/dev/" + detail.split("/")[1]);
    assertThat(parsed.stateWords()).isNotEmpty();
  }

  @Test
  void recoveringWithAFaultyMemberOutOfItsRole() throws Exception {
    MdadmDetail md0 = parse("raid1-spare-rebuilding/md0");
    assertThat(md0.stateWords()).containsExactly("clean", "degraded", "recovering");
    assertThat(md0.level()).isEqualTo("raid1");
    assertThat(md0.raidDevices()).isEqualTo(2);
    assertThat(md0.activeDevices()).isEqualTo(1);
    assertThat(md0.workingDevices()).isEqualTo(2);
    assertThat(md0.failedDevices()).isEqualTo(1);
    assertThat(md0.spareDevices()).isEqualTo(1);
    assertThat(md0.progressLabel()).isEqualTo("Rebuild");
    assertThat(md0.progressPercent()).isEqualTo(3);
    assertThat(md0.devices()).extracting(MdadmDetail.Device::number,
        MdadmDetail.Device::raidDevice, MdadmDetail.Device::kernelName,
        MdadmDetail.Device::state).containsExactly(
            tuple(3, 0, "vdc", MemberState.REBUILDING),
            tuple(2, 1, "vdb", MemberState.IN_SYNC),
            tuple(0, -1, "vda", MemberState.FAULTY));
  }

  @Test
  void removedRowsWriteMostlyAndWaiting() throws Exception {
    MdadmDetail degraded = parse("raid1-writemostly-failed/md0");
    assertThat(degraded.devices()).extracting(MdadmDetail.Device::state,
        MdadmDetail.Device::path, MdadmDetail.Device::writeMostly).containsExactly(
            tuple(MemberState.IN_SYNC, "/dev/vda", false),
            tuple(MemberState.REMOVED, null, false),
            tuple(MemberState.FAULTY, "/dev/vdb", true));
    MdadmDetail delayed = parse("nvme-partitions-delayed/md8");
    assertThat(delayed.stateWords()).containsExactly("clean", "resyncing");
    assertThat(delayed.waiting()).isEqualTo("DELAYED");
    assertThat(parse("raid1-auto-read-only-pending/md0").waiting()).isEqualTo("PENDING");
    assertThat(parse("raid6-three-failed/md2").stateSays("FAILED")).isTrue();
    assertThat(parse("raid5-reshape/md1").progressLabel()).isEqualTo("Reshape");
    assertThat(parse("check-with-delayed/md8").progressLabel()).isEqualTo("Check");
  }

  @Test
  void raid10RowsCarryTheirMirrorSet() throws Exception {
    assertThat(parse("raid10-clean/md3").devices()).extracting(d -> d.words())
        .containsExactly(List.of("active", "sync", "set-A"), List.of("active", "sync", "set-B"),
            List.of("active", "sync", "set-A"), List.of("active", "sync", "set-B"));
  }

  @Test
  void anInactiveArrayHasRowsWithoutStateWords() throws Exception {
    MdadmDetail md127 = parse("inactive/md127");
    assertThat(md127.stateWords()).containsExactly("inactive");
    assertThat(md127.raidDevices()).isEqualTo(-1);
    assertThat(md127.devices()).singleElement().satisfies(d -> {
      assertThat(d.words()).isEmpty();
      assertThat(d.kernelName()).isEqualTo("vde");
      assertThat(d.state()).isEqualTo(MemberState.UNKNOWN);
    });
  }

  @Test
  void olderLayoutsAndDistributionWordsAreAccepted() throws Exception {
    // Older mdadm: narrower label column, a number instead of '-' in removed rows; SUSE adds
    // words; a node that is gone is 'missing'.
    MdadmDetail md0 = MdadmDetailParser.parse("""
        /dev/md0:
                Version : 0.90
             Raid Level : raid1
           Raid Devices : 2
                  State : clean, degraded\s
                 Events : 0.363

            Number   Major   Minor   RaidDevice State
               0       8        1        0      active sync timeout   /dev/sda1
               1       0        0        1      removed
               2       8       17        -      faulty   missing
        """);
    assertThat(md0.warnings()).isEmpty();
    assertThat(md0.fields()).containsEntry("Events", "0.363");
    assertThat(md0.devices()).extracting(MdadmDetail.Device::state, MdadmDetail.Device::path)
        .containsExactly(tuple(MemberState.IN_SYNC, "/dev/sda1"),
            tuple(MemberState.REMOVED, null), tuple(MemberState.FAULTY, "missing"));
  }

  @Test
  void emptyOrForeignOutputIsRefused() {
    assertThatThrownBy(() -> MdadmDetailParser.parse("  \n"))
        .isInstanceOf(HardwareException.class).hasMessage("mdadm --detail printed nothing");
    assertThatThrownBy(() -> MdadmDetailParser.parse("Usage: mdadm --help\n  for help\n"))
        .isInstanceOf(HardwareException.class)
        .hasMessageStartingWith("this is not mdadm --detail output");
  }

  private static MdadmDetail parse(String detail) throws HardwareException {
    return MdadmDetailParser.parse(MdFixtures.detail(detail));
  }
}
