package io.tandem.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool runs the simulated enclosure answers, and what mdadm's manage mode changes. */
class SimToolsTest {
  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(SimScenarios.CREATED);
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  private SimEnclosure sim() throws Exception {
    SimEnclosure sim = new SimEnclosure(dir, clock, ZoneOffset.UTC);
    sim.create(SimScenarios.fresh());
    return sim;
  }

  private static CommandRunner.Result run(Tools tools, String... argv) throws Exception {
    return tools.run(List.of(argv), Duration.ofSeconds(1));
  }

  @Test
  void failRemoveAddThenRecoveryEnds() throws Exception {
    SimEnclosure sim = sim();
    Tools tools = sim.tools(List.of("mdadm"), List.of("smartctl"), List.of("ipmitool"));

    CommandRunner.Result fail = run(tools, "mdadm", "/dev/md0", "--fail", "/dev/sdb1");
    assertThat(fail.exitCode()).isZero();
    assertThat(fail.stderr()).isEqualTo("mdadm: set /dev/sdb1 faulty in /dev/md0\n");
    assertThat(Files.readString(sim.root().resolve("proc/mdstat")))
        .contains("md0 : active raid1 sdb1[1](F) sda1[0]").contains("[2/1] [U_]");
    assertThat(Files.readString(sim.root().resolve("sys/block/md0/md/dev-sdb1/state")))
        .isEqualTo("faulty\n");

    assertThat(run(tools, "mdadm", "/dev/md0", "--remove", "/dev/sda1").exitCode()).isEqualTo(1);
    CommandRunner.Result remove = run(tools, "mdadm", "/dev/md0", "--remove", "failed");
    assertThat(remove.stderr()).isEqualTo("mdadm: hot removed /dev/sdb1 from /dev/md0\n");
    CommandRunner.Result add = run(tools, "mdadm", "/dev/md0", "--add", "/dev/sdb1");
    assertThat(add.exitCode()).isZero();
    assertThat(add.stderr()).isEqualTo("mdadm: added /dev/sdb1\n");
    String detail = run(tools, "mdadm", "--detail", "/dev/md0").stdout();
    assertThat(detail).contains("State : clean, degraded, recovering \n")
        .contains("    Rebuild Status : 0% complete\n")
        .contains("       2       8       17        1      spare rebuilding   /dev/sdb1\n");

    now.set(now.get().plusSeconds(SimScenarios.REBUILD_SECONDS + 1));
    sim.refresh();
    assertThat(Files.readString(sim.root().resolve("proc/mdstat"))).contains("[2/2] [UU]");
    assertThat(sim.read().array("md0").orElseThrow().sync()).isNull();
  }

  @Test
  void failingTheLastInSyncMemberIsRefusedAndBreaksTheArray() throws Exception {
    SimEnclosure sim = sim();
    Tools tools = sim.tools(List.of("mdadm"), List.of("smartctl"), List.of("ipmitool"));
    run(tools, "mdadm", "/dev/md0", "--fail", "/dev/sdb1");
    CommandRunner.Result last = run(tools, "mdadm", "--manage", "/dev/md0", "--fail",
        "/dev/sda1");
    assertThat(last.exitCode()).isEqualTo(2);
    assertThat(last.stderr()).isEqualTo("mdadm: set device faulty failed for /dev/sda1: "
        + " Device or resource busy\n");
    assertThat(Files.readString(sim.root().resolve("sys/block/md0/md/array_state")))
        .isEqualTo("broken\n");
    assertThat(Files.readString(sim.root().resolve("sys/block/md0/md/dev-sda1/state")))
        .isEqualTo("in_sync\n");
  }

  @Test
  void unknownArraysDevicesAndToolsFailAsTheRealOnesDo() throws Exception {
    Tools tools = sim().tools(List.of("mdadm"), List.of("smartctl"), List.of("ipmitool"));
    CommandRunner.Result detail = run(tools, "mdadm", "--detail", "/dev/md9");
    assertThat(detail.exitCode()).isEqualTo(1);
    assertThat(detail.stderr()).isEqualTo("mdadm: cannot open /dev/md9: No such file or"
        + " directory\n");
    assertThat(run(tools, "mdadm", "/dev/md0", "--add", "/dev/sdx1").stderr())
        .isEqualTo("mdadm: cannot find /dev/sdx1: No such file or directory\n");
    assertThat(run(tools, "/usr/sbin/smartctl", "-a", "-j", "/dev/sdq").exitCode()).isEqualTo(2);
    assertThat(run(tools, "lsblk").exitCode()).isEqualTo(127);
  }

  @Test
  void selAddKeepsEachEventInTheEnclosure() throws Exception {
    SimEnclosure sim = sim();
    Tools tools = sim.tools(List.of("mdadm"), List.of("smartctl"),
        List.of("ipmitool", "-I", "open"));
    Path events = dir.resolve("events.txt");
    Files.writeString(events, "# alert\n0x04 0x08 0x02 0x6f 0x01 0xff 0xff # psu 1 failed\n"
        + "0x04 0x08\n");
    CommandRunner.Result added = run(tools, "ipmitool", "-I", "open", "sel", "add",
        events.toString());
    assertThat(added.exitCode()).isZero();
    assertThat(added.stdout()).isEqualTo("   0 |  Pre-Init  |0000000000| Power Supply #0x02"
        + " | Failure detected | Asserted\n");
    assertThat(added.stderr()).isEqualTo("Invalid Event: 0x04 0x08\n");
    assertThat(sim.read().sel()).singleElement().satisfies(entry -> {
      assertThat(entry.data()).isEqualTo("0x04 0x08 0x02 0x6f 0x01 0xff 0xff");
      assertThat(entry.comment()).isEqualTo("psu 1 failed");
    });
  }

  @Test
  void aStoreWrittenAndReadBackIsTheSame() throws Exception {
    SimEnclosure sim = sim();
    Enclosure pulled = sim.change(e -> EnclosureChanges.pullDisk(e, 2, now.get()));
    assertThat(new EnclosureStore(dir).read()).isEqualTo(pulled);
    assertThat(sim.root().resolve("dev/disk/by-path/pci-0000:00:17.0-ata-2")).doesNotExist();
    assertThat(Files.readSymbolicLink(sim.root().resolve(
        "dev/disk/by-path/pci-0000:00:17.0-ata-1"))).hasToString("../../sda");
    assertThat(sim.root().resolve("sys/block/sdb")).doesNotExist();
  }
}
