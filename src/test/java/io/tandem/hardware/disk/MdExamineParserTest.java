package io.tandem.hardware.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code mdadm --examine} outputs recorded with mdadm 4.2 (test-hardware/md/examine/README.md). */
class MdExamineParserTest {
  static final Set<String> OURS = Set.of("c17b1bee-f547-1be6-aa78-be60305f1868",
      "161c694c:17f66171:3d186b3c:53958f34");

  static Path recorded(String name) {
    String project = System.getProperty("tandem.project");
    return (project != null ? Path.of(project) : Path.of("")).resolve("test-hardware/md/examine")
        .resolve(name).toAbsolutePath();
  }

  static MdExamine examine(String device) throws Exception {
    String text = Files.readString(recorded(device + ".txt"));
    int exit = Integer.parseInt(Files.readString(recorded(device + ".exit")).strip());
    CommandRunner.Result result = exit == 0
        ? new CommandRunner.Result(List.of("mdadm", "--examine", "/dev/" + device), 0, text, "",
            false, Duration.ZERO)
        : new CommandRunner.Result(List.of("mdadm", "--examine", "/dev/" + device), exit, "",
            text, false, Duration.ZERO);
    return MdExamineParser.parse(device, result);
  }

  @Test
  void metadata12MemberOfThisMachinesArray() throws Exception {
    MdExamine vda = examine("vda");
    MdExamine.Superblock sb = vda.superblock().orElseThrow();
    assertThat(sb.metadata()).isEqualTo("1.2");
    assertThat(sb.arrayUuid()).isEqualTo("c17b1beef5471be6aa78be60305f1868");
    assertThat(sb.name()).isEqualTo("(none):0");
    assertThat(sb.level()).isEqualTo("raid1");
    assertThat(sb.role()).isEqualTo("Active device 0");
    assertThat(sb.events()).isEqualTo("20");
    assertThat(vda.against(OURS).kind()).isEqualTo(MdExamine.Kind.OURS);
  }

  @Test
  void aFailedAndRemovedMemberStillCarriesItsStaleSuperblock() throws Exception {
    MdExamine.Superblock stale = examine("vdb").superblock().orElseThrow();
    assertThat(stale.role()).isEqualTo("Active device 1");
    assertThat(stale.events()).isEqualTo("1");
    assertThat(examine("vdf").superblock().orElseThrow().events()).isEqualTo("20");
  }

  @Test
  void noSuperblockOnABlankDisk() throws Exception {
    MdExamine vdc = examine("vdc");
    assertThat(vdc.superblock()).isEmpty();
    assertThat(vdc.against(OURS).kind()).isEqualTo(MdExamine.Kind.NONE);
  }

  @Test
  void metadata090HasNoNameAndItsRoleFromTheThisRow() throws Exception {
    MdExamine.Superblock sb = examine("vde").superblock().orElseThrow();
    assertThat(sb.metadata()).isEqualTo("0.90.00");
    assertThat(sb.arrayUuid()).isEqualTo("161c694c17f661713d186b3c53958f34");
    assertThat(sb.name()).isEmpty();
    assertThat(sb.role()).isEqualTo("active sync");
    assertThat(examine("vdd").against(OURS).kind()).isEqualTo(MdExamine.Kind.OURS);
  }

  @Test
  void anotherHostsArrayIsForeign() throws Exception {
    MdExamine vdg = examine("vdg");
    MdExamine.Relation relation = vdg.against(OURS);
    assertThat(relation.kind()).isEqualTo(MdExamine.Kind.FOREIGN);
    assertThat(relation.name()).isEqualTo("nas2:mail");
    assertThat(relation.arrayUuid()).isEqualTo("fe9656a13e01b8a4f5f49497138b8b32");
    assertThat(relation.describe("vdg")).contains("nas2:mail").contains("another array");
  }

  @Test
  void aPartitionTableAloneIsNoSuperblock() throws Exception {
    assertThat(examine("mbr-partitioned-disk").superblock()).isEmpty();
  }

  @Test
  void otherFailuresAndGarbageAreErrorsWithMdadmsLine() {
    CommandRunner.Result missing = new CommandRunner.Result(List.of("mdadm", "--examine",
        "/dev/sdx"), 1, "", "mdadm: cannot open /dev/sdx: No such file or directory\n", false,
        Duration.ZERO);
    assertThatThrownBy(() -> MdExamineParser.parse("sdx", missing))
        .isInstanceOf(HardwareException.class)
        .hasMessageContaining("mdadm: cannot open /dev/sdx: No such file or directory");
    assertThatThrownBy(() -> MdExamineParser.parse("sdx", "hello\nworld: yes\n"))
        .isInstanceOf(HardwareException.class);
  }
}
