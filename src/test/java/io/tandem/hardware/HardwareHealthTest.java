package io.tandem.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MdArray.MdSync;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareHealthTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static HardwareHealth health(ArrayState array, PsuState psu2, DiskHealth disk) {
    return HardwareHealth.of(new HardwareSnapshot(
        Reading.of(List.of(new MdArray("md0", "raid1", array, 2, List.of(
            new MdMember("sda1", 0, MemberState.IN_SYNC, false)), MdSync.NONE)), NOW),
        Reading.of(List.of(new Disk("sda", 1, "m", "S1", 1, disk, List.of(), null)), NOW),
        Reading.of(List.of(new Psu(1, "PS1", PsuState.OK, ""), new Psu(2, "PS2", psu2, "")),
            NOW),
        Reading.none("none"), Reading.of("md0", NOW)));
  }

  @Test
  void anArrayWithoutRedundancyWeighsMoreThanAPowerSupplyWhichWeighsMoreThanADisk() {
    HardwareHealth sound = health(ArrayState.CLEAN, PsuState.OK, DiskHealth.OK);
    HardwareHealth degraded = health(ArrayState.DEGRADED, PsuState.OK, DiskHealth.OK);
    HardwareHealth rebuilding = health(ArrayState.RECOVERING, PsuState.OK, DiskHealth.OK);
    HardwareHealth psuDown = health(ArrayState.CLEAN, PsuState.AC_LOST, DiskHealth.OK);
    HardwareHealth diskFailing = health(ArrayState.CLEAN, PsuState.OK, DiskHealth.FAILING);

    assertThat(sound.describe()).isEqualTo("sound");
    assertThat(degraded.describe()).isEqualTo("md0 degraded");
    assertThat(psuDown.describe()).isEqualTo("power supply 2 ac_lost");
    assertThat(degraded.worseThan(sound)).isTrue();
    assertThat(rebuilding.worseThan(sound)).isTrue();
    assertThat(degraded.worseThan(psuDown)).isTrue();
    assertThat(psuDown.worseThan(diskFailing)).isTrue();
    assertThat(diskFailing.worseThan(sound)).isTrue();
    assertThat(sound.worseThan(sound)).isFalse();
    assertThat(degraded.worseThan(degraded)).isFalse();
  }

  @Test
  void whatIsNotWatchedOrNotReadCountsForNothing() {
    HardwareHealth unread = HardwareHealth.of(HardwareSnapshot.EMPTY);
    assertThat(unread).isEqualTo(HardwareHealth.UNWATCHED);
    assertThat(health(ArrayState.CLEAN, PsuState.UNKNOWN, DiskHealth.UNKNOWN).describe())
        .isEqualTo("sound");
  }
}
