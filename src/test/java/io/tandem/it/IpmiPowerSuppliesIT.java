package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.alert.AlertSink;
import io.tandem.command.CommandRunner;
import io.tandem.command.CommandWords;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import io.tandem.hardware.Tools;
import io.tandem.hardware.ipmi.BmcAccess;
import io.tandem.hardware.ipmi.BmcCommand;
import io.tandem.hardware.ipmi.IpmiPowerSupplies;
import io.tandem.hardware.ipmi.PowerSupplyReport;
import io.tandem.hardware.ipmi.Redundancy;
import io.tandem.hardware.ipmi.SelSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This appliance's power supplies and event log through the real {@code ipmitool -I lanplus}
 * against OpenIPMI's ipmi_sim with two supply sensors and a redundancy sensor
 * (test-hardware/ipmi/psubmc.*), flipped at run time through the simulator's console.
 */
class IpmiPowerSuppliesIT {
  /** PS2 Status: sensor 0xc9; offsets 0 presence, 1 failure, 3 AC lost. */
  private static final String PSU2 = "0x20 0 0xc9";
  private static final String REDUNDANCY = "0x20 0 0x77";

  @TempDir Path dir;
  private IpmiSim bmc;
  private BmcCommand command;
  private final BmcAccess access = new BmcAccess();
  private final Tools tools = Tools.real(new CommandRunner());

  @BeforeEach
  void start() throws Exception {
    bmc = IpmiSim.startWithPowerSupplies(dir.resolve("bmc"));
    command = new BmcCommand(CommandWords.split(bmc.ipmiCommand()));
  }

  @AfterEach
  void stop() throws Exception {
    if (bmc != null) {
      bmc.close();
    }
  }

  private PowerSupplyReport read() throws Exception {
    return new IpmiPowerSupplies(command, tools, access, Duration.ofSeconds(20)).readReport();
  }

  @Test
  void readsBothSuppliesThenPsu2FailedThenPsu2WithoutAc() throws Exception {
    PowerSupplyReport healthy = read();
    assertThat(healthy.psus()).containsExactly(
        new Psu(1, "PS1 Status", PsuState.OK, "Presence detected"),
        new Psu(2, "PS2 Status", PsuState.OK, "Presence detected"));
    assertThat(healthy.redundancy()).isEqualTo(Redundancy.FULLY_REDUNDANT);

    // PSU 2 fails: its BMC asserts "Failure detected" and the pair loses its redundancy.
    bmc.console("sensor_set_bit " + PSU2 + " 1 1 1", "sensor_set_bit_clr_rest " + REDUNDANCY
        + " 1 1 1");
    PowerSupplyReport failed = read();
    assertThat(failed.psus().get(1)).isEqualTo(new Psu(2, "PS2 Status", PsuState.FAILED,
        "Presence detected, Failure detected"));
    assertThat(failed.psus().get(0).state()).isEqualTo(PsuState.OK);
    assertThat(failed.redundancy()).isEqualTo(Redundancy.LOST);
    assertThat(failed.healthy()).isEqualTo(1);

    // Replaced, but its power cord pulled: AC lost.
    bmc.console("sensor_set_bit " + PSU2 + " 1 0 1", "sensor_set_bit " + PSU2 + " 3 1 1");
    assertThat(read().psus().get(1)).isEqualTo(new Psu(2, "PS2 Status", PsuState.AC_LOST,
        "Presence detected, Power Supply AC lost"));

    // Pulled out altogether: nothing asserted. (sensor_set_bit_clr_rest with value 0 leaves
    // the bit set in ipmi_sim 2.0.33, so each bit is cleared on its own.)
    bmc.console("sensor_set_bit " + PSU2 + " 3 0 1", "sensor_set_bit " + PSU2 + " 0 0 1");
    assertThat(read().psus().get(1).state()).isEqualTo(PsuState.ABSENT);
  }

  @Test
  void selSinkAddsRecordsTheSimulatorsEventLogLists() throws Exception {
    SelSink sink = new SelSink(command, tools, access, Duration.ofSeconds(20), dir);
    Alert alert = new Alert("hardware.psu.2", Alert.Severity.CRITICAL, "hardware",
        "power supply 2 failed", Instant.now());

    sink.notify(alert, AlertSink.Event.RAISED);
    sink.notify(alert, AlertSink.Event.CLEARED);

    String list = bmc.ipmitoolOutput("sel", "list");
    assertThat(list).contains(
        "| System Event #0x54 | Transition to Critical from less severe | Asserted");
    assertThat(list).contains("| System Event #0x54 | Transition to OK | Asserted");
    assertThat(list.indexOf("Transition to Critical")).isLessThan(
        list.indexOf("Transition to OK"));
  }
}
