package io.tandem.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Parses the real ipmitool outputs recorded in test-hardware/ipmi/recorded (see its README). */
class ChassisPowerTest {

  static Path recorded(String name) {
    String project = System.getProperty("tandem.project");
    Path base = project != null ? Path.of(project) : Path.of("");
    return base.resolve("test-hardware/ipmi/recorded").resolve(name).toAbsolutePath();
  }

  private static String read(String name) throws Exception {
    return Files.readString(recorded(name));
  }

  @Test
  void readsTheRecordedStatusOutputs() throws Exception {
    assertThat(ChassisPower.parseStatus(read("chassis-power-status-on.stdout")))
        .isEqualTo(ChassisPower.ON);
    assertThat(ChassisPower.parseStatus(read("chassis-power-status-off.stdout")))
        .isEqualTo(ChassisPower.OFF);
  }

  @Test
  void recognizesTheRecordedPowerOffAnswer() throws Exception {
    assertThat(ChassisPower.acknowledgesOff(read("chassis-power-off.stdout"))).isTrue();
    assertThat(ChassisPower.acknowledgesOff(read("chassis-power-status-off.stdout"))).isFalse();
    assertThat(ChassisPower.parseStatus(read("chassis-power-off.stdout")))
        .as("'Down/Off' is a request acknowledged, not a state confirmed")
        .isEqualTo(ChassisPower.UNKNOWN);
  }

  @Test
  void errorsAndAnythingElseAreNeverTakenForOff() throws Exception {
    assertThat(ChassisPower.parseStatus(read("no-bmc-answers.stderr")))
        .isEqualTo(ChassisPower.UNKNOWN);
    assertThat(ChassisPower.parseStatus(read("wrong-password.stderr")))
        .isEqualTo(ChassisPower.UNKNOWN);
    assertThat(ChassisPower.parseStatus("")).isEqualTo(ChassisPower.UNKNOWN);
    assertThat(ChassisPower.parseStatus("Chassis Power is offline\n"))
        .isEqualTo(ChassisPower.UNKNOWN);
    assertThat(ChassisPower.parseStatus("chassis power is off\n"))
        .isEqualTo(ChassisPower.UNKNOWN);
    assertThat(ChassisPower.parseStatus("Chassis Power is off\nChassis Power is on\n"))
        .isEqualTo(ChassisPower.UNKNOWN);
  }

  @Test
  void toleratesCarriageReturnsAndSurroundingLines() {
    assertThat(ChassisPower.parseStatus("Running Get Chassis Status\r\nChassis Power is off\r\n"))
        .isEqualTo(ChassisPower.OFF);
  }
}
