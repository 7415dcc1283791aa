package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.Tandem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each {@code tandem sim} command in-process, on a real folder. */
class SimCommandTest {
  @TempDir Path dir;
  private Path conf;
  private Path root;

  /** What one command printed, and its exit code. */
  private record Run(int exitCode, String out, String err) {}

  private static synchronized Run tandem(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Tandem.run(args);
      return new Run(code, outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @BeforeEach
  void config() throws Exception {
    conf = dir.resolve("appliance.conf");
    Files.writeString(conf, "appliance.name = sim-a\nstore.root = mail\nstore.state = state\n"
        + "hardware.mode = sim\nhardware.sim.dir = sim\n");
    root = dir.resolve("sim/root");
  }

  private Run sim(String... words) {
    String[] args = new String[words.length + 3];
    args[0] = "sim";
    System.arraycopy(words, 0, args, 1, words.length);
    args[words.length + 1] = "--config";
    args[words.length + 2] = conf.toString();
    Run run = tandem(args);
    return run;
  }

  private String read(String path) throws Exception {
    return Files.readString(root.resolve(path));
  }

  @Test
  void initMakesTheDefaultEnclosureAndRefusesToReplaceIt() throws Exception {
    Run init = sim("init");
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).contains("bay 1 (pci-0000:00:17.0-ata-1): sda, ST4000NM000A-2HZ100")
        .contains("md0 raid1 [2/2] [UU]: clean; sda1 in sync, sdb1 in sync")
        .contains("md1 raid1 [2/2] [UU]: clean; sdc in sync, sdd in sync")
        .contains("PSU1: ok").contains("PSU2: ok");
    assertThat(read("proc/mdstat")).contains("md0 : active raid1 sdb1[1] sda1[0]");
    assertThat(Files.readSymbolicLink(root.resolve("dev/disk/by-path/pci-0000:00:17.0-ata-3")))
        .hasToString("../../sdc");

    Run again = sim("init");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already").contains("--force");
    assertThat(sim("init", "--force", "--bays", "2", "--arrays", "raid1:sda,sdb",
        "--rebuild-seconds", "60").exitCode()).isZero();
    assertThat(read("proc/mdstat")).contains("md0 : active raid1 sdb[1] sda[0]")
        .doesNotContain("md1");
  }

  @Test
  void diskFailPullAndInsert() throws Exception {
    sim("init", "--rebuild-seconds", "100000");
    Run fail = sim("disk", "fail", "3");
    assertThat(fail.exitCode()).as(fail.err()).isZero();
    assertThat(fail.out()).contains("md1 raid1 [2/1] [_U]: degraded; sdc faulty, sdd in sync");
    assertThat(read("proc/mdstat")).contains("md1 : active raid1 sdd[1] sdc[0](F)");
    assertThat(read("sys/block/md1/md/dev-sdc/state")).isEqualTo("faulty\n");

    Run pull = sim("disk", "pull", "2");
    assertThat(pull.out()).contains("bay 2 (pci-0000:00:17.0-ata-2): empty (sdb,")
        .contains("sdb1 faulty (pulled)");
    assertThat(root.resolve("sys/block/sdb")).doesNotExist();
    assertThat(read("sys/block/md0/md/degraded")).isEqualTo("1\n");

    Run insert = sim("disk", "insert", "2", "--serial", "NEW0002");
    assertThat(insert.exitCode()).as(insert.err()).isZero();
    assertThat(insert.out()).contains("serial NEW0002").contains("sde1 rebuilding")
        .contains("recovery 0%");
    assertThat(read("proc/mdstat")).contains("md0 : active raid1 sde1[2] sda1[0]")
        .contains("recovery =  0.0%");
    assertThat(read("sys/block/md0/md/sync_action")).isEqualTo("recover\n");
    assertThat(read("sys/block/sde/sde1/partition")).isEqualTo("1\n");

    Run occupied = sim("disk", "insert", "1");
    assertThat(occupied.exitCode()).isEqualTo(2);
    assertThat(occupied.err()).contains("bay 1 already holds sda");
    assertThat(sim("disk", "insert", "4", "--blank").exitCode()).isEqualTo(2);
  }

  @Test
  void smartSetChangesWhatSmartctlWouldReport() throws Exception {
    sim("init");
    Run set = sim("smart", "set", "1", "reallocated", "12");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out()).contains("sda, ST4000NM000A-2HZ100, serial ZC100101, 4.00 TB,"
        + " SMART passed, 31 C, 12 reallocated");
    assertThat(sim("smart", "set", "1", "pending", "3").out()).contains("3 pending");
    assertThat(sim("smart", "set", "1", "crc", "40").out()).contains("40 CRC errors");
    assertThat(sim("smart", "set", "1", "temperature", "55").out()).contains("55 C");
    assertThat(sim("smart", "set", "1", "health", "failed").out()).contains("SMART FAILED");
    Run bad = sim("smart", "set", "1", "wobble", "1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown SMART attribute 'wobble'");
  }

  @Test
  void psuFailRestorePullAndAcLost() throws Exception {
    sim("init");
    assertThat(sim("psu", "fail", "1").out()).contains("PSU1: failed");
    assertThat(sim("psu", "restore", "1").out()).contains("PSU1: ok");
    assertThat(sim("psu", "pull", "2").out()).contains("PSU2: absent");
    assertThat(sim("psu", "ac-lost", "1").out()).contains("PSU1: ac lost");
    Run show = sim("show");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out()).contains("PSU1: ac lost").contains("PSU2: absent");
    assertThat(sim("psu", "fail", "3").err()).contains("no power supply 3");
  }

  @Test
  void refusedUnlessTheConfigurationIsInSimMode() throws Exception {
    Files.writeString(conf, "appliance.name = sim-a\nstore.root = mail\nstore.state = state\n");
    Run run = sim("init");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("hardware.mode = real");
    assertThat(dir.resolve("sim")).doesNotExist();
  }

  @Test
  void commandsBeforeInitSaySo() {
    Run run = sim("show");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("tandem sim init");
  }
}
