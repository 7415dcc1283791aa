package io.tandem.hardware.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import io.tandem.hardware.Tools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The power-supply source with a fake (and, for hang and missing, the real) tool runner. */
class IpmiPowerSuppliesTest {
  private static final BmcCommand COMMAND = new BmcCommand(List.of("ipmitool", "-I", "lanplus",
      "-H", "10.0.0.5", "-U", "admin", "-P", "secret"));
  private static final String SHOWN =
      "ipmitool -I lanplus -H 10.0.0.5 -U admin -P *** sdr type 'Power Supply'";
  private final List<List<String>> calls = new ArrayList<>();

  private Tools answering(int exit, String stdout, String stderr, boolean timedOut) {
    return (argv, timeout) -> {
      calls.add(argv);
      return new CommandRunner.Result(argv, exit, stdout, stderr, timedOut, Duration.ZERO);
    };
  }

  private IpmiPowerSupplies source(Tools tools) {
    return new IpmiPowerSupplies(COMMAND, tools, new BmcAccess(), Duration.ofSeconds(5));
  }

  @Test
  void runsSdrTypePowerSupplyAndParsesIt() throws Exception {
    List<Psu> psus = source(answering(0, Fixtures.read("psu2-ac-lost.stdout"), "", false))
        .read();
    assertThat(psus).extracting(Psu::state).containsExactly(PsuState.OK, PsuState.AC_LOST);
    assertThat(calls).containsExactly(List.of("ipmitool", "-I", "lanplus", "-H", "10.0.0.5",
        "-U", "admin", "-P", "secret", "sdr", "type", "Power Supply"));
  }

  @Test
  void aHangIsAnErrorNeverOk() {
    assertThatThrownBy(() -> source(answering(137, "", "", true)).read())
        .isInstanceOf(HardwareException.class)
        .hasMessage("cannot read the power supplies: BMC 10.0.0.5 did not answer within 5 s"
            + " (ipmitool was killed): " + SHOWN);
  }

  @Test
  void aNonZeroExitQuotesIpmitoolsLastErrorLine() {
    assertThatThrownBy(() -> source(answering(1, "",
        Fixtures.read("wrong-password.stderr"), false)).read())
        .hasMessage("cannot read the power supplies: " + SHOWN + " failed: exit 1, 'Error:"
            + " Unable to establish IPMI v2 / RMCP+ session'");
  }

  @Test
  void garbageWithExitZeroIsNoListing() {
    assertThatThrownBy(() -> source(answering(0, Fixtures.read("no-psu-sensors.stdout"),
        Fixtures.read("no-psu-sensors.stderr"), false)).read())
        .hasMessage("cannot read the power supplies: " + SHOWN + " printed no power supply"
            + " sensor: 'SDRR successfully erased Err in cmd get sensor sdr info'");
  }

  @Test
  void anEmptyListingMeansNoPowerSupplySensors() {
    assertThatThrownBy(() -> source(answering(0, "", "", false)).read())
        .hasMessage("cannot read the power supplies: BMC 10.0.0.5 lists no Power Supply sensors"
            + " (" + SHOWN + " printed nothing)");
  }

  @Test
  void aMissingToolIsSaid() {
    IpmiPowerSupplies source = new IpmiPowerSupplies(
        new BmcCommand(List.of("/nonexistent/ipmitool")), Tools.real(new CommandRunner()),
        new BmcAccess(), Duration.ofSeconds(5));
    assertThatThrownBy(source::read)
        .isInstanceOf(HardwareException.class)
        .hasMessage("cannot read the power supplies: cannot run '/nonexistent/ipmitool': no such"
            + " program (is it installed, and on the service's PATH?) (ipmi.command)");
  }

  @Test
  void aRealHangIsKilled() {
    IpmiPowerSupplies source = new IpmiPowerSupplies(
        new BmcCommand(List.of("sh", "-c", "sleep 60", "ipmitool")),
        Tools.real(new CommandRunner()), new BmcAccess(), Duration.ofMillis(300));
    assertThatThrownBy(source::read)
        .hasMessageStartingWith("cannot read the power supplies: the local BMC did not answer")
        .hasMessageEndingWith("(ipmitool was killed): sh -c 'sleep 60' ipmitool sdr type"
            + " 'Power Supply'");
  }

  /** A second caller waits for its turn; one whose turn does not come in time is told why. */
  @Test
  void oneBmcCallAtATime() throws Exception {
    BmcAccess access = new BmcAccess();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Tools blocking = (argv, timeout) -> {
      inside.countDown();
      release.await(30, TimeUnit.SECONDS);
      return new CommandRunner.Result(argv, 0, "", "", false, Duration.ZERO);
    };
    Thread first = new Thread(() -> {
      try {
        access.run(blocking, COMMAND.argv("sel", "add", "/tmp/x"), Duration.ofSeconds(30));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    first.start();
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    IpmiPowerSupplies source = new IpmiPowerSupplies(COMMAND,
        answering(0, Fixtures.read("both-ok.stdout"), "", false), access, Duration.ofMillis(50));
    assertThatThrownBy(source::read)
        .hasMessage("cannot read the power supplies: another call to the BMC ('ipmitool -I"
            + " lanplus -H 10.0.0.5 -U admin -P *** sel add /tmp/x') did not end within 0 s");
    assertThat(calls).isEmpty();
    release.countDown();
    first.join();
    assertThat(source.read()).hasSize(2);
  }

  @Test
  void secretsAreMaskedInEveryForm() {
    assertThat(BmcCommand.display(List.of("ipmitool", "-P", "pw", "-Psecret", "-k", "key",
        "-y", "hex", "-f", "/etc/pass"))).isEqualTo(
        "ipmitool -P *** -P*** -k *** -y *** -f /etc/pass");
    assertThat(new BmcCommand(List.of("ipmitool", "-H", "h", "-p", "9623")).bmc())
        .isEqualTo("BMC h port 9623");
  }

  @Test
  void interruptedIsSaidAndTheFlagKept() {
    Tools interrupted = (argv, timeout) -> {
      throw new InterruptedException();
    };
    assertThatThrownBy(() -> source(interrupted).read())
        .hasMessage("cannot read the power supplies: interrupted while running " + SHOWN);
    assertThat(Thread.interrupted()).isTrue();
  }
}
