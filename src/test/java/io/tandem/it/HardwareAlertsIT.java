package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as a process, its BMC an OpenIPMI {@code ipmi_sim} on loopback read with the real
 * {@code ipmitool}: a power supply flipped in the simulator while the service runs shows in the
 * status and raises its alert within a few polls, the alert reaches the BMC's event log, and
 * the alert clears when the supply is back.
 */
class HardwareAlertsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** PS2 Status in psubmc.sdrs: offsets 0 presence, 1 failure, 3 AC lost. */
  private static final String PSU2 = "0x20 0 0xc9";

  @TempDir Path dir;
  private IpmiSim bmc;
  private ServiceProcess service;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (bmc != null) {
      bmc.close();
    }
  }

  @Test
  void aPowerSupplyLosingAcIsInTheStatusAlertedAndLoggedInTheBmc() throws Exception {
    bmc = IpmiSim.startWithPowerSupplies(dir.resolve("bmc"));
    // An empty stand-in root: no md arrays or disks to read here, only the power supplies.
    Files.createDirectories(dir.resolve("root"));
    service = new ServiceProcess(dir.resolve("a"), "alpha", "hardware.root = "
        + dir.resolve("root") + "\nipmi.command = " + bmc.ipmiCommand()
        + "\nhardware.poll = 1s\nhardware.debounce = 2\n");
    service.start();
    JsonNode healthy = await(s -> s.path("psus").size() == 2, "both supplies read");
    assertThat(healthy.path("psus").get(1).path("state").asText()).isEqualTo("ok");

    bmc.console("sensor_set_bit " + PSU2 + " 3 1 1");
    JsonNode lost = await(s -> alert(s, "hardware.psu.2") != null, "the AC-lost alert");
    assertThat(lost.path("psus").get(1).path("state").asText()).isEqualTo("ac_lost");
    assertThat(alert(lost, "hardware.psu.2").path("message").asText())
        .contains("Power supply 2 has lost AC power").contains("runs on one supply");
    ServiceProcess.Result status = service.cli(null, "status");
    assertThat(status.output()).contains("psu        2: ac_lost");
    awaitSel("Transition to Critical");

    bmc.console("sensor_set_bit " + PSU2 + " 3 0 1");
    await(s -> alert(s, "hardware.psu.2") == null
        && s.path("psus").get(1).path("state").asText().equals("ok"), "the alert cleared");
    awaitSel("Transition to OK");
  }

  private static JsonNode alert(JsonNode status, String id) {
    for (JsonNode alert : status.path("alerts")) {
      if (alert.path("id").asText().equals(id)) {
        return alert;
      }
    }
    return null;
  }

  private JsonNode await(Predicate<JsonNode> condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode status = service.status();
    while (!condition.test(status)) {
      assertThat(System.nanoTime()).as(what + "; last status " + status).isLessThan(deadline);
      Thread.sleep(200);
      status = service.status();
    }
    return status;
  }

  private void awaitSel(String text) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String sel = bmc.ipmitoolOutput("sel", "list");
    while (!sel.contains(text)) {
      assertThat(System.nanoTime()).as("SEL without '" + text + "': " + sel)
          .isLessThan(deadline);
      Thread.sleep(200);
      sel = bmc.ipmitoolOutput("sel", "list");
    }
  }
}
