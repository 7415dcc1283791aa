package io.tandem.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.command.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence's decisions, with a real process standing in for ipmitool ({@link FakeIpmitool})
 * for the cases ipmi_sim cannot play (a BMC that refuses, hangs or garbles); the real ipmitool
 * against ipmi_sim is in {@code PeerFenceIT}.
 */
class PeerFenceTest {

  @TempDir Path dir;
  private Path tool;

  @BeforeEach
  void writeTool() throws Exception {
    tool = FakeIpmitool.install(dir);
  }

  private PeerFence fence(String mode, Duration overall) throws Exception {
    Files.writeString(dir.resolve("mode"), mode);
    return new PeerFence(List.of(tool.toString(), "-I", "lanplus", "-H", "bmc.test", "-p",
        "623", "-U", "admin", "-P", "secret"), new CommandRunner(), Duration.ofSeconds(2),
        overall, Duration.ofMillis(50));
  }

  private List<String> calls() throws Exception {
    return Files.readAllLines(dir.resolve("calls"));
  }

  @Test
  void powersOffThenConfirmsWithTheStatus() throws Exception {
    PeerFence.Confirmation confirmed = fence("normal", Duration.ofSeconds(10)).powerOff();

    assertThat(confirmed.bmc()).isEqualTo("bmc.test port 623");
    assertThat(confirmed.statusQueries()).isEqualTo(1);
    assertThat(confirmed.note()).isEqualTo("power off acknowledged");
    assertThat(calls()).containsExactly("off", "status");
  }

  @Test
  void keepsAskingUntilThePowerIsReportedOff() throws Exception {
    PeerFence.Confirmation confirmed = fence("slow", Duration.ofSeconds(10)).powerOff();

    assertThat(confirmed.statusQueries()).isEqualTo(3);
    assertThat(calls()).containsExactly("off", "status", "status", "status");
  }

  @Test
  void aChassisThatStaysOnIsRefusedOnceTheBoundRunsOut() throws Exception {
    assertThatThrownBy(() -> fence("stays-on", Duration.ofSeconds(3)).powerOff())
        .isInstanceOf(FenceException.class)
        .hasMessageStartingWith("could not power off the old primary through its BMC bmc.test"
            + " port 623: the power was not confirmed off within 3 s (power off acknowledged;"
            + " the chassis still reports 'Chassis Power is on' after ")
        .hasMessageContaining("Nothing was promoted")
        .hasMessageContaining("run 'tandem promote --force' without --fence")
        .hasMessageContaining("-P *** chassis power status' by hand")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    assertThat(calls().size()).isGreaterThan(3);
  }

  @Test
  void aBmcThatCannotBeReachedIsRefusedWithIpmitoolsError() throws Exception {
    assertThatThrownBy(() -> fence("no-session", Duration.ofSeconds(10)).powerOff())
        .isInstanceOf(FenceException.class)
        .hasMessageStartingWith("could not power off the old primary through its BMC bmc.test"
            + " port 623: 'chassis power off' failed: exit 1, 'Error: Unable to establish IPMI"
            + " v2 / RMCP+ session'. Nothing was promoted. Check the BMC");
    assertThat(calls()).containsExactly("off", "status");
  }

  @Test
  void aRefusedPowerOffIsFineWhenTheChassisIsOffAlready() throws Exception {
    PeerFence.Confirmation confirmed =
        fence("refuses-when-off", Duration.ofSeconds(10)).powerOff();

    assertThat(confirmed.note()).startsWith("'chassis power off' failed (exit 1, 'Set Chassis"
        + " Power Control to Down/Off failed: Command not supported in present state') but the"
        + " chassis reports its power off already");
  }

  @Test
  void aRefusedPowerOffWithThePowerOnIsRefused() throws Exception {
    assertThatThrownBy(() -> fence("refuses", Duration.ofSeconds(10)).powerOff())
        .hasMessageContaining("'chassis power off' failed: exit 1, 'Set Chassis Power Control"
            + " to Down/Off failed: Insufficient privilege level'");
  }

  @Test
  void aBmcThatDoesNotAnswerIsGivenUpOn() throws Exception {
    Files.writeString(dir.resolve("mode"), "hang");
    assertThatThrownBy(() -> new PeerFence(List.of(tool.toString(), "-H", "bmc.test"),
        new CommandRunner(), Duration.ofMillis(400), Duration.ofSeconds(10),
        Duration.ofMillis(50)).powerOff())
        .isInstanceOf(FenceException.class)
        .hasMessageContaining("its BMC did not answer 'chassis power off' within 0.4 s");
  }

  @Test
  void anAnswerThatIsNeitherOnNorOffIsNotAConfirmation() throws Exception {
    assertThatThrownBy(() -> fence("garbled", Duration.ofSeconds(3)).powerOff())
        .hasMessageContaining("'chassis power status' answered something unexpected:"
            + " 'Chassis Power is maybe'");
  }

  @Test
  void aMissingToolIsRefusedWithWhatToDo() {
    PeerFence fence = new PeerFence(List.of("/nonexistent/ipmitool", "-H", "10.0.0.2"),
        new CommandRunner(), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofMillis(50));
    assertThatThrownBy(fence::powerOff)
        .isInstanceOf(FenceException.class)
        .hasMessageStartingWith("could not power off the old primary through its BMC 10.0.0.2:"
            + " cannot run '/nonexistent/ipmitool': no such program");
  }

  @Test
  void namesTheBmcAndMasksSecrets() {
    PeerFence withHost = new PeerFence(List.of("ipmitool", "-I", "lanplus", "-H", "10.0.0.2",
        "-U", "admin", "-P", "pa ss", "-k", "kg", "-ysecretkey"), new CommandRunner(),
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(50));
    assertThat(withHost.bmc()).isEqualTo("10.0.0.2");
    assertThat(withHost.displayCommand()).isEqualTo(
        "ipmitool -I lanplus -H 10.0.0.2 -U admin -P *** -k *** -y***");
    PeerFence local = new PeerFence(List.of("ipmitool", "-I", "open"), new CommandRunner(),
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(50));
    assertThat(local.bmc()).isEqualTo("'ipmitool -I open'");
  }
}
