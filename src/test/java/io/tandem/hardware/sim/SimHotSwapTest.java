package io.tandem.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Tools;
import io.tandem.hardware.disk.DiskCheck;
import io.tandem.hardware.disk.DiskPreparation;
import io.tandem.hardware.disk.MdExamine;
import io.tandem.hardware.disk.MdMembership;
import io.tandem.hardware.led.ChosenLeds;
import io.tandem.hardware.led.LedctlLeds;
import io.tandem.hardware.led.Leds;
import io.tandem.hardware.led.SesLeds;
import io.tandem.hardware.md.MdSource;
import io.tandem.hardware.smart.SmartSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot swap on the simulated enclosure through the real classes a workflow uses ({@link
 * MdMembership}, {@link DiskPreparation}, {@link DiskCheck}, {@link ChosenLeds}) and {@link
 * SimTools}: locate, fail and remove, pull, insert blank, check, partition, add, recovery
 * progressing with an injected clock, LEDs visible in the rendered sysfs and {@code sim show}.
 */
class SimHotSwapTest {
  @TempDir Path dir;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(SimScenarios.CREATED.plusSeconds(3600));
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
  private static final Duration T = Duration.ofSeconds(5);

  private SimEnclosure sim() throws Exception {
    SimEnclosure sim = new SimEnclosure(dir, clock, ZoneOffset.UTC);
    sim.create(SimScenarios.fresh());
    return sim;
  }

  private static Tools tools(SimEnclosure sim) {
    return sim.tools(List.of("mdadm"), List.of("smartctl"), List.of("ipmitool"));
  }

  private static String read(SimEnclosure sim, String path) throws Exception {
    return Files.readString(sim.root().resolve(path));
  }

  private static String show(SimEnclosure sim, Instant at) throws Exception {
    return String.join("\n", EnclosureDescription.describe(sim.read(), at));
  }

  @Test
  void replaceTheDiskInBay2() throws Exception {
    SimEnclosure sim = sim();
    Tools tools = tools(sim);
    MdMembership md = new MdMembership(tools, List.of("mdadm"), T, sim.root());
    DiskPreparation prep = new DiskPreparation(tools,
        DiskPreparation.Commands.defaults(List.of("mdadm")), T, sim.root());
    Leds leds = new ChosenLeds(new SesLeds(sim.root()),
        Optional.of(new LedctlLeds(tools, List.of("ledctl"), T)));
    MdSource arrays = new MdSource(sim.root(), tools, List.of("mdadm"), T);
    Set<String> ours = Set.of(sim.read().array("md0").orElseThrow().uuid(),
        sim.read().array("md1").orElseThrow().uuid());

    // Identify: the locate LED of bay 2 through its SES slot, which the model takes in.
    leds.locate(Leds.Bay.of(2, "sdb"), true);
    assertThat(leds.describe(Leds.Bay.of(2, "sdb"))).contains("Slot02");
    sim.refresh();
    assertThat(read(sim, "sys/class/enclosure/0:0:0:0/Slot02/locate")).isEqualTo("1\n");
    assertThat(show(sim, now.get())).contains("bay 2 (pci-0000:00:17.0-ata-2): sdb")
        .contains("; LED locate");

    // Prepare: sdb's member (sdb1) leaves md0; its examine shows md0's superblock.
    assertThat(md.examine("sdb1").against(ours).kind()).isEqualTo(MdExamine.Kind.OURS);
    List<String> done = md.failAndRemove("sdb", arrays.read());
    assertThat(done).containsExactly("/dev/sdb1 set faulty in /dev/md0",
        "/dev/sdb1 removed from /dev/md0");
    assertThat(read(sim, "proc/mdstat")).contains("md0 : active raid1 sda1[0]")
        .contains("[2/1] [U_]");
    leds.fault(Leds.Bay.of(2, "sdb"), true);

    // The technician pulls it; the LEDs stay addressable by slot and are switched off there.
    sim.change(e -> EnclosureChanges.pullDisk(e, 2, now.get()));
    leds.fault(Leds.Bay.of(2, null), false);
    leds.locate(Leds.Bay.of(2, null), false);
    sim.refresh();
    assertThat(read(sim, "sys/class/enclosure/0:0:0:0/Slot02/fault")).isEqualTo("0\n");

    // A blank disk goes in: no partitions, no superblock, healthy.
    now.set(now.get().plusSeconds(60));
    sim.change(e -> EnclosureChanges.insertDisk(e, 2, SimScenarios.replacement("ZC1NEW02"),
        false, now.get()));
    String fresh = sim.read().bay(2).disk().device();
    assertThat(DiskPreparation.partitionsOf(sim.root(), fresh)).isEmpty();
    assertThat(show(sim, now.get())).contains("serial ZC1NEW02").contains("no partitions");
    List<MdExamine> superblocks = prep.examineAll(fresh);
    DiskCheck.Result check = DiskCheck.check(new DiskCheck.NewDisk(fresh, "ZC1NEW02",
        sim.read().bay(2).disk().sizeBytes()), DiskCheck.Requirement.largestOf(Map.of(
        "sdb", sim.read().bay(1).disk().sizeBytes())),
        new SmartSource(tools, List.of("smartctl"), T).read(fresh), superblocks, ours,
        Set.of("ZC1AAA01"), false);
    assertThat(check.findings()).isEmpty();

    // md0 lives on partitions: copy sda's table; md1 uses whole disks (nothing to copy).
    assertThat(prep.copyPartitions(fresh, "sda")).hasSize(2);
    assertThat(DiskPreparation.partitionsOf(sim.root(), fresh)).containsExactly(fresh + "1");
    Assertions.assertThatThrownBy(() -> prep.copyPartitions("sdd", "sdc"))
        .isInstanceOf(HardwareException.class).hasMessageContaining("no partition table");

    md.add("md0", fresh + "1");
    assertThat(read(sim, "sys/block/md0/md/sync_action")).isEqualTo("recover\n");
    now.set(now.get().plusSeconds(SimScenarios.REBUILD_SECONDS / 2));
    sim.refresh();
    assertThat(read(sim, "proc/mdstat")).contains("recovery = 50.0%");
    now.set(now.get().plusSeconds(SimScenarios.REBUILD_SECONDS));
    sim.refresh();
    assertThat(read(sim, "proc/mdstat")).doesNotContain("recovery").contains("[2/2] [UU]");
    assertThat(md.examine(fresh + "1").against(ours).kind()).isEqualTo(MdExamine.Kind.OURS);
    assertThat(show(sim, now.get())).doesNotContain("LED");
  }

  @Test
  void aForeignDiskIsRefusedUntilWiped() throws Exception {
    SimEnclosure sim = sim();
    Tools tools = tools(sim);
    DiskPreparation prep = new DiskPreparation(tools,
        DiskPreparation.Commands.defaults(List.of("mdadm")), T, sim.root());
    sim.change(e -> EnclosureChanges.pullDisk(e, 4, now.get()));
    sim.change(e -> EnclosureChanges.insertDisk(e, 4, SimScenarios.replacement("USED0001"),
        false, new Enclosure.Foreign("fe9656a13e01b8a4f5f49497138b8b32", "nas2:mail", 1),
        now.get()));
    String disk = sim.read().bay(4).disk().device();
    List<MdExamine> found = prep.examineAll(disk);
    assertThat(found.get(0).against(Set.of()).describe(disk)).contains("nas2:mail");
    DiskCheck.Result refused = DiskCheck.check(new DiskCheck.NewDisk(disk, "USED0001",
        EnclosureLayout.ATA_SIZE), new DiskCheck.Requirement(1, "x"), null, found, Set.of(),
        Set.of(), false);
    assertThat(refused.ok()).isFalse();
    assertThat(show(sim, now.get())).contains("foreign md superblock (nas2:mail)");

    assertThat(prep.wipe(disk)).containsExactly("md superblock zeroed on /dev/" + disk,
        "signatures wiped on /dev/" + disk + " (there were none)");
    assertThat(prep.examineAll(disk)).allMatch(e -> e.superblock().isEmpty());
  }

  @Test
  void wipingOrZeroingAnArrayMemberIsRefusedAsTheToolsWould() throws Exception {
    SimEnclosure sim = sim();
    Tools tools = tools(sim);
    CommandRunner.Result wipe = tools.run(List.of("wipefs", "-a", "/dev/sda"), T);
    assertThat(wipe.exitCode()).isEqualTo(1);
    assertThat(wipe.stderr()).contains("Device or resource busy");
    CommandRunner.Result zero = tools.run(List.of("mdadm", "--zero-superblock", "/dev/sda1"), T);
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(sim.read().bay(1).disk().partitions()).hasSize(1);
  }

  @Test
  void ledctlThroughSimToolsChangesTheModel() throws Exception {
    SimEnclosure sim = sim();
    Tools tools = tools(sim);
    assertThat(tools.run(List.of("ledctl", "--listed-only", "failure=/dev/sdc"), T).exitCode())
        .isZero();
    assertThat(read(sim, "sys/class/enclosure/0:0:0:0/Slot03/fault")).isEqualTo("1\n");
    assertThat(sim.read().bay(3).fault()).isTrue();
    tools.run(List.of("ledctl", "--listed-only", "normal=/dev/sdc"), T);
    assertThat(sim.read().bay(3).fault()).isFalse();
    assertThat(tools.run(List.of("ledctl", "locate=/dev/sdx"), T).exitCode()).isEqualTo(1);
  }
}
