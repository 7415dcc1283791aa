package io.tandem.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The renderer's outputs compared byte for byte with the golden files in {@code
 * test-hardware/sim/<scenario>/} (see its README). After an intended change, run with {@code
 * -Dtandem.sim.regenerate=true} to rewrite them, and review the diff.
 */
class EnclosureRendererGoldenTest {

  static Path golden() {
    String project = System.getProperty("tandem.project");
    Path base = project != null ? Path.of(project) : Path.of("");
    return base.resolve("test-hardware/sim").toAbsolutePath();
  }

  /** Every output of one scenario, by golden file name. */
  static Map<String, String> outputs(SimScenarios.Scenario scenario) {
    Enclosure e = scenario.enclosure();
    Map<String, String> out = new LinkedHashMap<>();
    RenderedTree tree = EnclosureRenderer.files(e, scenario.at());
    out.put("proc-mdstat", tree.text("proc/mdstat"));
    StringBuilder sysfs = new StringBuilder();
    tree.entries().forEach((path, entry) -> {
      if (path.startsWith("sys/") || path.startsWith("dev/")) {
        sysfs.append(path).append(entry instanceof RenderedTree.Link link
            ? " -> " + link.target() : path.endsWith("vpd_pg80") ? " = (binary, "
            + ((RenderedTree.File) entry).content().length + " bytes)"
            : " = " + ((RenderedTree.File) entry).text().replace("\n", "\\n")).append('\n');
      }
    });
    out.put("sysfs-and-dev", sysfs.toString());
    for (Enclosure.Array array : e.arrays()) {
      out.put("mdadm-detail-" + array.name(), EnclosureRenderer.mdadmDetail(e, array.name(),
          scenario.at(), ZoneOffset.UTC).orElseThrow());
    }
    for (Enclosure.Bay bay : e.bays()) {
      if (bay.disk() != null) {
        String device = bay.disk().device();
        SmartctlRenderer.Output smart = EnclosureRenderer.smartctl(e, List.of("-a", "-j", "-n",
            "standby", "/dev/" + device), scenario.at(), ZoneOffset.UTC);
        out.put("smartctl-" + device + ".json", smart.stdout());
        out.put("smartctl-" + device + ".exit", smart.exitStatus() + "\n");
      }
    }
    out.put("ipmitool-sdr-power-supply", EnclosureRenderer.ipmiPowerSupplies(e));
    return out;
  }

  @Test
  void everyScenarioRendersExactlyItsGoldenFiles() throws Exception {
    boolean regenerate = Boolean.getBoolean("tandem.sim.regenerate");
    for (var scenario : SimScenarios.all().entrySet()) {
      Path dir = golden().resolve(scenario.getKey());
      for (var output : outputs(scenario.getValue()).entrySet()) {
        Path file = dir.resolve(output.getKey());
        if (regenerate) {
          Files.createDirectories(dir);
          Files.writeString(file, output.getValue());
        }
        assertThat(file).as("golden file %s (regenerate with -Dtandem.sim.regenerate=true)",
            file).exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
            .as(scenario.getKey() + "/" + output.getKey()).isEqualTo(output.getValue());
      }
    }
  }

  @Test
  void theRecoveryLineHasTheKernelsShape() {
    SimScenarios.Scenario recovering = SimScenarios.all().get("recovering-40");
    String mdstat = EnclosureRenderer.mdstat(recovering.enclosure(), recovering.at());
    assertThat(mdstat).contains("\n      [========>............]  recovery = 40.")
        .containsPattern("finish=\\d+\\.\\dmin speed=\\d+K/sec\n");
  }

  @Test
  void aPulledDiskIsTheOpenDeviceErrorWithExitTwo() {
    SimScenarios.Scenario pulled = SimScenarios.all().get("degraded-pulled");
    SmartctlRenderer.Output out = EnclosureRenderer.smartctl(pulled.enclosure(),
        List.of("-a", "-j", "-n", "standby", "/dev/sdb"), pulled.at(), ZoneOffset.UTC);
    assertThat(out.exitStatus()).isEqualTo(2);
    assertThat(out.stdout()).contains("\"string\": \"Smartctl open device: /dev/sdb failed:"
        + " No such device\"").doesNotContain("\"device\"");
  }

  @Test
  void aFailingDiskSetsTheExitBitsSmartctlWould() {
    SimScenarios.Scenario failing = SimScenarios.all().get("smart-failing");
    SmartctlRenderer.Output out = EnclosureRenderer.smartctl(failing.enclosure(),
        List.of("-a", "-j", "/dev/sdc"), failing.at(), ZoneOffset.UTC);
    assertThat(out.exitStatus()).isEqualTo(8 | 16 | 64);
    assertThat(out.stdout()).contains("\"when_failed\": \"now\"");
  }
}
