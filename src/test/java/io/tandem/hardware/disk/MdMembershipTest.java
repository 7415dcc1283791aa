package io.tandem.hardware.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.ArrayState;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MdMembershipTest {
  @TempDir Path root;
  private final List<List<String>> runs = new ArrayList<>();

  private Tools answering(int exit, String stderr) {
    return (argv, timeout) -> {
      runs.add(argv);
      return new CommandRunner.Result(argv, exit, "", stderr, false, Duration.ZERO);
    };
  }

  private static MdArray raid1(String name, MdArray.MdMember... members) {
    return new MdArray(name, "raid1", ArrayState.CLEAN, 2, List.of(members), MdArray.MdSync.NONE);
  }

  private static MdArray.MdMember m(String device, int slot, MemberState state) {
    return new MdArray.MdMember(device, slot, state, false);
  }

  @Test
  void membersOnADiskAreItsPartitionsAndItself() {
    List<MdArray> arrays = List.of(
        raid1("md0", m("sda1", 0, MemberState.IN_SYNC), m("sdb1", 1, MemberState.IN_SYNC)),
        raid1("md1", m("sda2", 0, MemberState.IN_SYNC), m("sdb2", 1, MemberState.FAULTY)),
        raid1("md2", m("sdb", 0, MemberState.IN_SYNC), m("sdbb", 1, MemberState.IN_SYNC)),
        raid1("md3", m("nvme1n1p1", 0, MemberState.IN_SYNC), m("nvme1n11", 1,
            MemberState.IN_SYNC)));
    assertThat(MdMembership.membersOn("sdb", arrays)).extracting(MdMembership.ArrayMember::device)
        .containsExactly("sdb1", "sdb2", "sdb");
    assertThat(MdMembership.membersOn("/dev/nvme1n1", arrays))
        .extracting(MdMembership.ArrayMember::device).containsExactly("nvme1n1p1");
  }

  @Test
  void failAndRemoveFailsWhatIsNotFaultyYetThenRemoves() throws Exception {
    Files.createDirectories(root.resolve("dev"));
    Files.writeString(root.resolve("dev/sdb1"), "");
    Files.writeString(root.resolve("dev/sdb2"), "");
    List<MdArray> arrays = List.of(
        raid1("md0", m("sda1", 0, MemberState.IN_SYNC), m("sdb1", 1, MemberState.IN_SYNC)),
        raid1("md1", m("sda2", 0, MemberState.IN_SYNC), m("sdb2", -1, MemberState.FAULTY)));
    MdMembership md = new MdMembership(answering(0, ""), List.of("mdadm"), Duration.ofSeconds(5),
        root);
    List<String> done = md.failAndRemove("sdb", arrays);
    assertThat(runs).containsExactly(
        List.of("mdadm", "--manage", "/dev/md0", "--fail", "/dev/sdb1"),
        List.of("mdadm", "--manage", "/dev/md0", "--remove", "/dev/sdb1"),
        List.of("mdadm", "--manage", "/dev/md1", "--remove", "/dev/sdb2"));
    assertThat(done).hasSize(3);
  }

  @Test
  void aPulledDisksMembersAreRemovedAsDetached() throws Exception {
    List<MdArray> arrays = List.of(raid1("md0", m("sda1", 0, MemberState.IN_SYNC),
        m("sdb1", -1, MemberState.FAULTY)));
    MdMembership md = new MdMembership(answering(0, ""), List.of("mdadm"), Duration.ofSeconds(5),
        root);
    md.failAndRemove("sdb", arrays);
    assertThat(runs).containsExactly(List.of("mdadm", "--manage", "/dev/md0", "--fail",
        "detached", "--remove", "detached"));
  }

  @Test
  void theLastInSyncMemberIsNeverFailed() {
    List<MdArray> arrays = List.of(raid1("md0", m("sdb1", 0, MemberState.IN_SYNC),
        m("sda1", -1, MemberState.FAULTY)));
    MdMembership md = new MdMembership(answering(0, ""), List.of("mdadm"), Duration.ofSeconds(5),
        root);
    assertThatThrownBy(() -> md.failAndRemove("sdb", arrays))
        .isInstanceOf(HardwareException.class).hasMessageContaining("last in-sync member");
    assertThat(runs).isEmpty();
  }

  @Test
  void aFailureCarriesMdadmsLastLine() {
    MdMembership md = new MdMembership(answering(1, "mdadm: something\nmdadm: hot remove failed"
        + " for /dev/sdb1: Device or resource busy\n"), List.of("mdadm"), Duration.ofSeconds(5),
        root);
    assertThatThrownBy(() -> md.remove("md0", "sdb1")).isInstanceOf(HardwareException.class)
        .hasMessage("mdadm --manage /dev/md0 --remove /dev/sdb1 failed (exit 1): mdadm: hot"
            + " remove failed for /dev/sdb1: Device or resource busy");
  }

  @Test
  void aHangingMdadmIsReportedAsSuch() {
    Tools hanging = (argv, timeout) -> new CommandRunner.Result(argv, 137, "", "", true,
        timeout);
    MdMembership md = new MdMembership(hanging, List.of("mdadm"), Duration.ofSeconds(3), root);
    assertThatThrownBy(() -> md.add("md0", "sdb1")).hasMessageContaining("no answer within 3 s");
  }
}
