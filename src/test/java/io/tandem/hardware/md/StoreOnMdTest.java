package io.tandem.hardware.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.hardware.HardwareException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which array the store sits on: the recorded mountinfo and sysfs links of test-hardware/md/mounts
 * (ext4 on md0, on md9p1, on dm-0 over md10, and on an NVMe partition), and the pure decision.
 */
class StoreOnMdTest {
  private static final Path MOUNTS = MdFixtures.DIR.resolve("mounts");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      /srv/a/mail       | md0  | /srv/a/mail is on md0
      /srv/b            | md9  | /srv/b is on md9p1, which sits on md9
      /srv/c/vmail/x    | md10 | /srv/c/vmail/x is on dm-0, which sits on md10
      /srv/d/mail       | ''   | /srv/d/mail is on nvme0n1p1 (built on nvme0n1), not on an md array
      /srv/e            | ''   | /srv/e is on rootfs (rootfs, device 0:2), which is not a block device
      /dev/shm          | ''   | /dev/shm is on devtmpfs (dev, device 0:5), which is not a block device
      """)
  void recordedMounts(String store, String array, String reason) throws Exception {
    StoreOnMd.Placement placement = new StoreOnMd(MOUNTS, Path.of(store)).placement();
    assertThat(placement).isEqualTo(new StoreOnMd.Placement(array, reason));
  }

  @Test
  void readGivesTheNameOrThrowsTheReason() throws Exception {
    assertThat(new StoreOnMd(MOUNTS, Path.of("/srv/b/vmail")).read()).isEqualTo("md9");
    assertThatThrownBy(() -> new StoreOnMd(MOUNTS, Path.of("/srv/d")).read())
        .isInstanceOf(HardwareException.class)
        .hasMessage("/srv/d is on nvme0n1p1 (built on nvme0n1), not on an md array");
  }

  @Test
  void missingMountinfoIsAnError() {
    assertThatThrownBy(() -> new StoreOnMd(Path.of("/nonexistent-root"), Path.of("/srv")).read())
        .isInstanceOf(HardwareException.class).hasMessageStartingWith("cannot read ");
  }

  @Test
  void lvmOverTwoArraysOrOverMdAndADiskIsNotOneArray() {
    StoreOnMd.Node md0 = node("md0");
    StoreOnMd.Node md1 = node("md1");
    StoreOnMd.Node sdc = node("sdc");
    assertThat(StoreOnMd.decide("/srv", new StoreOnMd.Node("dm-3", null, List.of(md0, md1))))
        .isEqualTo(new StoreOnMd.Placement("", "/srv is on dm-3, which spans [md0, md1]: not "
            + "one md array"));
    assertThat(StoreOnMd.decide("/srv", new StoreOnMd.Node("dm-3", null, List.of(md0, sdc))))
        .isEqualTo(new StoreOnMd.Placement("", "/srv is on dm-3, which spans [md0] and [sdc]: "
            + "not one md array"));
  }

  @Test
  void luksOnLvmOnAPartitionOfAnArrayIsThatArray() {
    StoreOnMd.Node md2 = node("md2");
    StoreOnMd.Node md2p3 = new StoreOnMd.Node("md2p3", md2, List.of());
    StoreOnMd.Node lv = new StoreOnMd.Node("dm-0", null, List.of(md2p3));
    StoreOnMd.Node luks = new StoreOnMd.Node("dm-1", null, List.of(lv));
    assertThat(StoreOnMd.decide("/srv/mail", luks)).isEqualTo(
        new StoreOnMd.Placement("md2", "/srv/mail is on dm-1, which sits on md2"));
  }

  @Test
  void mountinfoEscapesAndTheMountOnTop() {
    MountInfo mounts = MountInfo.parse("""
        1 1 0:2 / / rw - rootfs rootfs rw
        25 1 9:0 / /srv/mail\\040store rw,relatime - ext4 /dev/md0 rw
        26 1 9:1 / /srv rw shared:1 - ext4 /dev/md1 rw
        27 26 9:2 / /srv rw - xfs /dev/md2 rw
        garbage line
        """);
    assertThat(mounts.mountOf("/srv/mail store/u1")).get().extracting(MountInfo.Mount::device)
        .isEqualTo("9:0");
    assertThat(mounts.mountOf("/srv/mailx")).get().extracting(MountInfo.Mount::device)
        .isEqualTo("9:2");
    assertThat(mounts.mountOf("/var")).get().extracting(MountInfo.Mount::device)
        .isEqualTo("0:2");
  }

  private static StoreOnMd.Node node(String name) {
    return new StoreOnMd.Node(name, null, List.of());
  }
}
