package io.tandem.hardware.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.SyncAction;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an operator sees for each recorded situation (sysfs, mdstat and mdadm --detail fused),
 * and that mdadm failing in any way never loses the kernel's view.
 */
class MdSourceTest {
  private static final List<String> MDADM = List.of("mdadm");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static MdReading read(String situation) throws HardwareException {
    return new MdSource(MdFixtures.root(situation), MdFixtures.recordedMdadm(situation), MDADM,
        TIMEOUT).readWithWarnings();
  }

  /** "md0 raid1 2 degraded [vda:0:in_sync, -:1:removed, vdb:-1:faulty] recovery 3.1% 90s". */
  static String describe(MdArray array) {
    String members = array.members().stream().map(m -> (m.device() == null ? "-" : m.device())
        + ":" + m.slot() + ":" + m.state().word() + (m.writeMostly() ? ":W" : ""))
        .collect(Collectors.joining(" "));
    MdArray.MdSync sync = array.sync();
    String doing = sync.action() == SyncAction.NONE ? "none" : sync.action().word() + " "
        + sync.percent() + "% " + sync.etaSeconds() + "s" + (sync.delayed() ? " waiting" : "");
    return array.name() + " " + array.level() + " " + array.raidDisks() + " "
        + array.state().word() + " [" + members + "] " + doing;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      raid1-clean            | md0 raid1 2 clean [vda:0:in_sync vdb:1:in_sync] none
      raid1-resync           | md0 raid1 2 resyncing [vda:0:in_sync vdb:1:in_sync] resync 3.1% 90s
      raid1-check            | md0 raid1 2 checking [vda:0:in_sync vdb:1:in_sync] check 2.3% 108s
      raid1-repair           | md0 raid1 2 repairing [vda:0:in_sync vdb:1:in_sync] repair 3.1% 90s
      raid1-degraded-faulty  | md0 raid1 2 degraded [vda:0:in_sync -:1:removed vdb:-1:faulty] none
      raid1-degraded         | md0 raid1 2 degraded [vda:0:in_sync -:1:removed] none
      raid1-recovering       | md0 raid1 2 recovering [vda:0:in_sync vdb:1:rebuilding] recovery 3.1% 90s
      raid1-spare            | md0 raid1 2 clean [vda:0:in_sync vdb:1:in_sync vdc:-1:spare] none
      raid1-spare-rebuilding | md0 raid1 2 recovering [vdc:0:rebuilding vdb:1:in_sync vda:-1:faulty] recovery 3.1% 90s
      raid1-faulty-replaced  | md0 raid1 2 clean [vdc:0:in_sync vdb:1:in_sync vda:-1:faulty] none
      raid1-writemostly      | md0 raid1 2 clean [vda:0:in_sync vdb:1:in_sync:W] none
      raid1-writemostly-failed | md0 raid1 2 degraded [vda:0:in_sync -:1:removed vdb:-1:faulty:W] none
      raid1-replace          | md0 raid1 2 recovering [vda:0:in_sync vdc:0:rebuilding vdb:1:in_sync] recovery 1.5% 132s
      raid1-bitmap-resync    | md0 raid1 2 resyncing [vda:0:in_sync vdb:1:in_sync] resync 3.1% 90s
      raid1-bitmap-clean     | md0 raid1 2 clean [vda:0:in_sync vdb:1:in_sync] none
      raid1-metadata-0.90    | md0 raid1 2 clean [vda:0:in_sync vdb:1:in_sync] none
      raid1-readonly         | md0 raid1 2 clean [vda:0:in_sync vdb:1:in_sync] none
      raid1-auto-read-only   | md0 raid1 2 clean [vda:0:in_sync vdb:1:in_sync] none
      raid1-auto-read-only-pending | md0 raid1 2 resyncing [vda:0:in_sync vdb:1:in_sync] resync -1.0% -1s waiting
      raid5-initial-recovery | md1 raid5 3 recovering [vda:0:in_sync vdb:1:in_sync vdc:2:rebuilding] recovery 3.2% 78s
      raid5-resync           | md1 raid5 3 resyncing [vda:0:in_sync vdb:1:in_sync vdc:2:in_sync] resync 3.2% 78s
      raid5-clean            | md1 raid5 3 clean [vda:0:in_sync vdb:1:in_sync vdc:2:in_sync] none
      raid5-reshape          | md1 raid5 4 reshaping [vda:0:in_sync vdb:1:in_sync vdc:2:in_sync vdd:3:in_sync] reshape 4.8% 78s
      raid5-journal          | md1 raid5 3 clean [vda:0:in_sync vdb:1:in_sync vdc:2:in_sync vdd:-1:in_sync] none
      raid6-clean            | md2 raid6 5 clean [vda:0:in_sync vdb:1:in_sync vdc:2:in_sync vdd:3:in_sync vde:4:in_sync] none
      raid6-two-failed       | md2 raid6 5 degraded [vda:0:in_sync -:1:removed vdc:2:in_sync -:3:removed vde:4:in_sync vdb:-1:faulty vdd:-1:faulty] none
      raid6-three-failed     | md2 raid6 5 failed [vda:0:in_sync -:1:removed vdc:2:in_sync -:3:removed vde:4:faulty vdb:-1:faulty vdd:-1:faulty] none
      raid6-recovering-two   | md2 raid6 4 recovering [vda:0:in_sync vdf:1:rebuilding vde:2:rebuilding vdd:3:in_sync] recovery 3.2% 78s
      raid10-clean           | md3 raid10 4 clean [vda:0:in_sync vdb:1:in_sync vdc:2:in_sync vdd:3:in_sync] none
      raid10-degraded        | md3 raid10 4 degraded [vda:0:in_sync vdb:1:in_sync -:2:removed vdd:3:in_sync] none
      inactive               | md127  0 inactive [vde:-1:spare] none
      """)
  void oneArraySituations(String situation, String expected) throws Exception {
    MdReading reading = read(situation);
    assertThat(reading.arrays()).hasSize(1);
    assertThat(describe(reading.arrays().get(0))).isEqualTo(expected.strip());
  }

  @Test
  void raid0AndLinearAreCleanWithoutRedundancyWords() throws Exception {
    assertThat(read("raid0-linear").arrays()).extracting(MdSourceTest::describe).containsExactly(
        "md4 raid0 2 clean [vda:0:in_sync vdb:1:in_sync] none",
        "md5 linear 2 clean [vdc:0:in_sync vdd:1:in_sync] none");
  }

  @Test
  void anArrayWaitingForAnotherOnTheSameDisksIsResyncingAndWaiting() throws Exception {
    assertThat(read("nvme-partitions-delayed").arrays()).extracting(MdSourceTest::describe)
        .containsExactly(
            "md7 raid1 2 resyncing [nvme0n1p1:0:in_sync nvme1n1p1:1:in_sync] resync 5.0% 54s",
            "md8 raid1 2 resyncing [nvme0n1p2:0:in_sync nvme1n1p2:1:in_sync] resync -1.0% -1s "
                + "waiting");
  }

  @Test
  void aCheckQueuedBehindAnotherIsCheckingThoughMdstatSaysResyncDelayed() throws Exception {
    MdReading reading = read("check-with-delayed");
    assertThat(reading.arrays()).extracting(MdSourceTest::describe).containsExactly(
        "md7 raid1 2 checking [nvme0n1p1:0:in_sync nvme1n1p1:1:in_sync] check -1.0% -1s waiting",
        "md8 raid1 2 checking [nvme0n1p2:0:in_sync nvme1n1p2:1:in_sync] check 3.6% 66s");
    assertThat(reading.warnings()).isEmpty();
  }

  @Test
  void noArraysIsAnEmptyList() throws Exception {
    assertThat(read("no-arrays").arrays()).isEmpty();
  }

  @Test
  void everyRecordedSituationIsReadWithoutWarnings() throws Exception {
    for (String situation : MdFixtures.situations()) {
      List<String> warnings = new ArrayList<>(read(situation).warnings());
      if (situation.equals("raid5-reshape")) {
        assertThat(warnings).containsExactly("md1: reshaping from 3 to 4 members");
      } else {
        assertThat(warnings).as(situation).isEmpty();
      }
    }
  }

  @Test
  void withoutMdadmTheKernelFilesGiveTheSameArrays() throws Exception {
    for (String situation : MdFixtures.situations()) {
      List<MdArray> withMdadm = read(situation).arrays();
      MdReading alone = new MdSource(MdFixtures.root(situation), failIfCalled(), List.of(),
          TIMEOUT).readWithWarnings();
      assertThat(alone.arrays()).as(situation).isEqualTo(withMdadm);
    }
  }

  @Test
  void mdadmMissingIsAWarningAndTheArraysStay() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Tools missing = (argv, timeout) -> {
      calls.incrementAndGet();
      throw new IOException("cannot run 'mdadm': no such program (is it installed, and on the "
          + "service's PATH?)");
    };
    MdSource source = new MdSource(MdFixtures.root("mounted"), missing, MDADM, TIMEOUT);
    MdReading reading = source.readWithWarnings();
    assertThat(reading.arrays()).hasSize(4).allMatch(a -> a.state() == ArrayState.CLEAN);
    assertThat(reading.warnings()).singleElement().asString()
        .startsWith("mdadm --detail not used: cannot run 'mdadm': no such program");
    assertThat(calls).hasValue(1);
    assertThat(source.lastWarnings()).isEqualTo(reading.warnings());
  }

  @Test
  void mdadmHangingIsKilledByTheTimeoutAndNotAskedAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Tools hanging = (argv, timeout) -> {
      calls.incrementAndGet();
      return MdFixtures.result(argv, 137, "", "", true);
    };
    MdReading reading = new MdSource(MdFixtures.root("raid1-recovering"), hanging, MDADM,
        Duration.ofSeconds(3)).readWithWarnings();
    assertThat(describe(reading.arrays().get(0))).isEqualTo(
        "md0 raid1 2 recovering [vda:0:in_sync vdb:1:rebuilding] recovery 3.1% 90s");
    assertThat(reading.warnings()).containsExactly("mdadm --detail /dev/md0 did not answer "
        + "within 3000 ms (killed); mdadm not asked again this time");
    assertThat(calls).hasValue(1);
  }

  @Test
  void mdadmExitingNonZeroWithValidOutputIsUsed() throws Exception {
    Tools recorded = MdFixtures.recordedMdadm("raid1-degraded");
    Tools exits2 = (argv, timeout) -> {
      var answer = recorded.run(argv, timeout);
      return MdFixtures.result(argv, 2, answer.stdout(), "mdadm: something to say\n", false);
    };
    MdReading reading = new MdSource(MdFixtures.root("raid1-degraded"), exits2, MDADM, TIMEOUT)
        .readWithWarnings();
    assertThat(describe(reading.arrays().get(0)))
        .isEqualTo("md0 raid1 2 degraded [vda:0:in_sync -:1:removed] none");
    assertThat(reading.warnings()).containsExactly("mdadm --detail /dev/md0 exited with 2 (its "
        + "output was used): mdadm: something to say");
  }

  @Test
  void mdadmPrintingGarbageIsAWarning() throws Exception {
    Tools garbage = (argv, timeout) -> MdFixtures.result(argv, 0,
        "<html><body>502 Bad Gateway</body></html>\n", "", false);
    MdReading reading = new MdSource(MdFixtures.root("raid6-two-failed"), garbage, MDADM,
        TIMEOUT).readWithWarnings();
    assertThat(reading.arrays().get(0).state()).isEqualTo(ArrayState.DEGRADED);
    assertThat(reading.warnings()).singleElement().asString().startsWith(
        "mdadm --detail /dev/md2 (exit 0): this is not mdadm --detail output");
  }

  @Test
  void mdadmThatCannotOpenTheArraySaysWhy() throws Exception {
    Tools cannotOpen = (argv, timeout) -> MdFixtures.result(argv, 1, "",
        "mdadm: cannot open /dev/md0: No such file or directory\n", false);
    MdReading reading = new MdSource(MdFixtures.root("raid1-clean"), cannotOpen, MDADM, TIMEOUT)
        .readWithWarnings();
    assertThat(reading.arrays().get(0).state()).isEqualTo(ArrayState.CLEAN);
    assertThat(reading.warnings()).containsExactly("mdadm --detail /dev/md0 (exit 1): mdadm "
        + "--detail printed nothing; it said 'mdadm: cannot open /dev/md0: No such file or "
        + "directory'");
  }

  @Test
  void mdadmIsCalledWithTheConfiguredWords() throws Exception {
    List<List<String>> seen = new ArrayList<>();
    Tools tools = (argv, timeout) -> {
      seen.add(argv);
      return MdFixtures.recordedMdadm("raid0-linear").run(argv, timeout);
    };
    new MdSource(MdFixtures.root("raid0-linear"), tools, List.of("sudo", "-n", "mdadm"), TIMEOUT)
        .read();
    assertThat(seen).containsExactly(List.of("sudo", "-n", "mdadm", "--detail", "/dev/md4"),
        List.of("sudo", "-n", "mdadm", "--detail", "/dev/md5"));
  }

  @Test
  void noMdstatAndNoMdInSysfsMeansNoArrays(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("sys/block/sda"));
    assertThat(new MdSource(root, failIfCalled(), MDADM, TIMEOUT).read()).isEmpty();
  }

  @Test
  void garbageMdstatWithoutSysfsIsAClearError(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/mdstat"), "sbName=/boot/config/super.dat\nsbVersion=2.9.13\n");
    assertThatThrownBy(() -> new MdSource(root, failIfCalled(), MDADM, TIMEOUT).read())
        .isInstanceOf(HardwareException.class)
        .hasMessage("this is not /proc/mdstat (no 'Personalities', array or 'unused devices' "
            + "line): it begins 'sbName=/boot/config/super.dat'");
  }

  @Test
  void garbageMdstatWithSysfsKeepsTheArraysAndSaysSo(@TempDir Path root) throws Exception {
    copy(MdFixtures.root("raid1-degraded"), root);
    Files.writeString(root.resolve("proc/mdstat"), "\u0000\u0001garbage");
    MdReading reading = new MdSource(root, MdFixtures.recordedMdadm("raid1-degraded"), MDADM,
        TIMEOUT).readWithWarnings();
    assertThat(describe(reading.arrays().get(0)))
        .isEqualTo("md0 raid1 2 degraded [vda:0:in_sync -:1:removed] none");
    assertThat(reading.warnings()).contains("this is not /proc/mdstat (no 'Personalities', "
        + "array or 'unused devices' line): it begins '??garbage'");
  }

  @Test
  void sourcesThatDisagreeAreNamedAndSysfsDecides(@TempDir Path root) throws Exception {
    copy(MdFixtures.root("raid1-clean"), root);
    // The moment after a pull, as seen in the QEMU runs: mdstat still [UU], mdadm already
    // degraded with the member's node missing.
    String detail = MdFixtures.read(MdFixtures.root("raid1-clean").resolve("mdadm/md0.detail"))
        .replace("State : clean ", "State : clean, degraded ")
        .replace("/dev/vdb", "missing");
    Tools tools = (argv, timeout) -> MdFixtures.result(argv, 0, detail, "", false);
    MdReading reading = new MdSource(root, tools, MDADM, TIMEOUT).readWithWarnings();
    assertThat(describe(reading.arrays().get(0)))
        .isEqualTo("md0 raid1 2 degraded [vda:0:in_sync vdb:1:faulty] none");
    assertThat(reading.warnings()).containsExactly(
        "md0: vdb is in sync for the kernel, but mdadm finds its device missing; shown as "
            + "faulty",
        "md0: mdadm says 'clean, degraded', sysfs counts 0 missing; shown as degraded");
  }

  @Test
  void anArrayOnlyInMdstatIsStillShown(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/mdstat"), MdFixtures.mdstat("raid1-spare-rebuilding"));
    MdReading reading = new MdSource(root, failIfCalled(), List.of(), TIMEOUT)
        .readWithWarnings();
    // No roles without sysfs or mdadm: the rebuilding member cannot be told from the in-sync one.
    assertThat(describe(reading.arrays().get(0))).isEqualTo(
        "md0 raid1 2 recovering [vda:-1:faulty vdb:-1:unknown vdc:-1:unknown] recovery 3.1% 90s");
    assertThat(reading.warnings()).containsExactly("md0 is in /proc/mdstat but not in sysfs");
  }

  private static Tools failIfCalled() {
    return (argv, timeout) -> {
      throw new AssertionError("mdadm called: " + argv);
    };
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
