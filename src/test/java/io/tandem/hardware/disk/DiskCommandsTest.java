package io.tandem.hardware.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiskCommandsTest {
  private static final List<String> MDADM = List.of("sudo", "-n", "mdadm");

  @Test
  void mdadmManageModeAndExamine() {
    assertThat(DiskCommands.fail(MDADM, "md0", "sdb1")).containsExactly("sudo", "-n", "mdadm",
        "--manage", "/dev/md0", "--fail", "/dev/sdb1");
    assertThat(DiskCommands.remove(List.of("mdadm"), "/dev/md1", "/dev/sdc"))
        .containsExactly("mdadm", "--manage", "/dev/md1", "--remove", "/dev/sdc");
    assertThat(DiskCommands.add(List.of("mdadm"), "md0", "nvme1n1p1"))
        .containsExactly("mdadm", "--manage", "/dev/md0", "--add", "/dev/nvme1n1p1");
    assertThat(DiskCommands.removeDetached(List.of("mdadm"), "md0")).containsExactly("mdadm",
        "--manage", "/dev/md0", "--fail", "detached", "--remove", "detached");
    assertThat(DiskCommands.examine(List.of("mdadm"), "sdb1"))
        .containsExactly("mdadm", "--examine", "/dev/sdb1");
    assertThat(DiskCommands.zeroSuperblock(List.of("mdadm"), "sdb"))
        .containsExactly("mdadm", "--zero-superblock", "/dev/sdb");
  }

  @Test
  void wipeAndPartitionCopyWithoutAShell() {
    assertThat(DiskCommands.wipefs(List.of("wipefs"), "sdb")).containsExactly("wipefs", "-a",
        "/dev/sdb");
    assertThat(DiskCommands.replicate(List.of("sgdisk"), "sdb", "sda"))
        .containsExactly("sgdisk", "--replicate=/dev/sdb", "/dev/sda");
    assertThat(DiskCommands.randomizeGuids(List.of("sgdisk"), "sdb"))
        .containsExactly("sgdisk", "--randomize-guids", "/dev/sdb");
    assertThat(DiskCommands.partitionTableType(List.of("blkid"), "sda"))
        .containsExactly("blkid", "-p", "-o", "value", "-s", "PTTYPE", "/dev/sda");
  }

  @Test
  void ledctlAlwaysListedOnly() {
    assertThat(DiskCommands.ledctl(List.of("ledctl"), "locate", "sdb"))
        .containsExactly("ledctl", "--listed-only", "locate=/dev/sdb");
    assertThatThrownBy(() -> DiskCommands.ledctl(List.of("ledctl"), "rebuild", "sdb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyKernelNamesReachAnArgument() {
    assertThatThrownBy(() -> DiskCommands.fail(MDADM, "md0", "sdb1; rm -rf /"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DiskCommands.dev("../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DiskCommands.dev("--force"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
