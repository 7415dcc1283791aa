package io.tandem.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import io.tandem.hardware.Sources;
import io.tandem.hardware.SysfsDisks;
import io.tandem.hardware.SyncAction;
import io.tandem.hardware.Tools;
import io.tandem.hardware.ipmi.BmcAccess;
import io.tandem.hardware.ipmi.BmcCommand;
import io.tandem.hardware.ipmi.IpmiPowerSupplies;
import io.tandem.hardware.md.MdSource;
import io.tandem.hardware.smart.SmartSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated enclosure read by the real-mode sources and parsers (md, SMART, IPMI, sysfs
 * disks), as the service reads it in sim mode: what an operator would see.
 */
class SimThroughParsersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  @TempDir Path dir;

  /** The scenario written to a folder, read at its time. */
  private SimEnclosure sim(String scenario) throws Exception {
    SimScenarios.Scenario s = SimScenarios.all().get(scenario);
    SimEnclosure sim = new SimEnclosure(dir, Clock.fixed(s.at(), ZoneOffset.UTC),
        ZoneOffset.UTC);
    sim.create(s.enclosure());
    sim.refresh();
    return sim;
  }

  private static Tools tools(SimEnclosure sim) {
    return sim.tools(List.of("mdadm"), List.of("smartctl"), List.of("ipmitool", "-I", "open"));
  }

  private static List<MdArray> arrays(SimEnclosure sim) throws Exception {
    return new MdSource(sim.root(), tools(sim), List.of("mdadm"), TIMEOUT).read();
  }

  private static MdArray array(List<MdArray> arrays, String name) {
    return arrays.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void cleanArraysAndDisksAsTheSourcesSeeThem() throws Exception {
    SimEnclosure sim = sim("clean");
    List<MdArray> arrays = arrays(sim);
    assertThat(arrays).extracting(MdArray::name).containsExactly("md0", "md1");
    assertThat(arrays).allSatisfy(a -> {
      assertThat(a.state()).isEqualTo(ArrayState.CLEAN);
      assertThat(a.members()).extracting(MdArray.MdMember::state)
          .containsOnly(MemberState.IN_SYNC);
    });
    List<Sources.DiskIdentity> disks = new SysfsDisks(sim.root()).read();
    assertThat(disks).extracting(Sources.DiskIdentity::device)
        .containsExactlyInAnyOrder("sda", "sdb", "sdc", "sdd");
    assertThat(disks).filteredOn(d -> d.device().equals("sdb")).singleElement()
        .satisfies(d -> {
          assertThat(d.serial()).isEqualTo("ZC100201");
          assertThat(d.sizeBytes()).isEqualTo(EnclosureLayout.ATA_SIZE);
        });
  }

  @Test
  void aPulledDiskLeavesItsArrayDegradedAndItsSmartUnreadable() throws Exception {
    SimEnclosure sim = sim("degraded-pulled");
    MdArray md0 = array(arrays(sim), "md0");
    assertThat(md0.state()).isEqualTo(ArrayState.DEGRADED);
    assertThat(md0.members()).anySatisfy(m -> assertThat(m.state())
        .isIn(MemberState.FAULTY, MemberState.REMOVED));
    assertThat(new SysfsDisks(sim.root()).read()).extracting(Sources.DiskIdentity::device)
        .doesNotContain("sdb");
    SmartSource smart = new SmartSource(tools(sim), List.of("smartctl"), TIMEOUT);
    assertThat(smart.read("sda").health()).isEqualTo(DiskHealth.OK);
    assertThat(smart.read("sdb").health()).isEqualTo(DiskHealth.UNKNOWN);
  }

  @Test
  void aReplacedDiskRecoversFortyPercentThenIsInSync() throws Exception {
    MdArray md0 = array(arrays(sim("recovering-40")), "md0");
    assertThat(md0.state()).isEqualTo(ArrayState.RECOVERING);
    assertThat(md0.sync().action()).isEqualTo(SyncAction.RECOVERY);
    assertThat(md0.sync().percent()).isBetween(40.0, 41.0);
    assertThat(md0.members()).anySatisfy(m -> {
      assertThat(m.device()).isEqualTo("sde1");
      assertThat(m.state()).isEqualTo(MemberState.REBUILDING);
    });

    MdArray rebuilt = array(arrays(sim("rebuilt")), "md0");
    assertThat(rebuilt.state()).isEqualTo(ArrayState.CLEAN);
    assertThat(rebuilt.members()).filteredOn(m -> "sde1".equals(m.device())).singleElement()
        .extracting(MdArray.MdMember::state).isEqualTo(MemberState.IN_SYNC);
  }

  @Test
  void smartSeesAFailingDisk() throws Exception {
    SimEnclosure sim = sim("smart-failing");
    SmartSource smart = new SmartSource(tools(sim), List.of("smartctl"), TIMEOUT);
    Sources.SmartVerdict verdict = smart.read("sdc");
    assertThat(verdict.health()).isEqualTo(DiskHealth.FAILING);
    assertThat(String.join("; ", verdict.reasons())).contains("3900");
    assertThat(smart.read("sda").health()).isEqualTo(DiskHealth.OK);
  }

  @Test
  void smartSeesAnNvmeDiskWithItsSpareBelowThreshold() throws Exception {
    SimEnclosure sim = sim("nvme-spare-low");
    SmartSource smart = new SmartSource(tools(sim), List.of("smartctl"), TIMEOUT);
    assertThat(smart.read("nvme1n1").health()).isEqualTo(DiskHealth.FAILING);
    assertThat(smart.read("nvme0n1").health()).isEqualTo(DiskHealth.OK);
    assertThat(arrays(sim)).singleElement().extracting(MdArray::state)
        .isEqualTo(ArrayState.CLEAN);
  }

  @Test
  void ipmiSeesAcLostAndAFailedSupply() throws Exception {
    SimEnclosure sim = sim("psu-ac-lost");
    List<Psu> psus = new IpmiPowerSupplies(new BmcCommand(List.of("ipmitool", "-I", "open")),
        tools(sim), new BmcAccess(), TIMEOUT).read();
    assertThat(psus).extracting(Psu::state)
        .containsExactly(PsuState.FAILED, PsuState.AC_LOST);
  }
}
