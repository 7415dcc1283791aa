package io.tandem.hardware.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Sources.SmartVerdict;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source with a fake {@link Tools}: what each kind of smartctl run becomes. */
class SmartSourceTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Answers each run with the next queued result and remembers the words it was given. */
  static final class FakeTools implements Tools {
    final Deque<CommandRunner.Result> answers = new ArrayDeque<>();
    final List<List<String>> runs = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();

    FakeTools answer(int exit, String stdout) {
      answers.add(result(exit, stdout, "", false));
      return this;
    }

    FakeTools fixture(int exit, String name) {
      return answer(exit, Fixtures.read(name));
    }

    @Override
    public CommandRunner.Result run(List<String> argv, Duration timeout) {
      runs.add(argv);
      timeouts.add(timeout);
      return answers.remove();
    }
  }

  static CommandRunner.Result result(int exit, String stdout, String stderr, boolean timedOut) {
    return new CommandRunner.Result(List.of("smartctl"), exit, stdout, stderr, timedOut,
        Duration.ofMillis(5));
  }

  private static SmartSource source(Tools tools) {
    return new SmartSource(tools, List.of("sudo", "-n", "smartctl"), TIMEOUT);
  }

  @Test
  void runsTheConfiguredWordsWithoutWakingTheDisk() throws Exception {
    FakeTools tools = new FakeTools().fixture(0, "recorded/qemu-sata-ok.json");
    SmartVerdict verdict = source(tools).read("sdb");
    assertThat(tools.runs).containsExactly(
        List.of("sudo", "-n", "smartctl", "-a", "-j", "-n", "standby", "/dev/sdb"));
    assertThat(tools.timeouts).containsExactly(TIMEOUT);
    assertThat(verdict).isEqualTo(new SmartVerdict(DiskHealth.OK, List.of(), 31,
        "QEMU-SATA-TEST", "SATA0"));
  }

  @Test
  void aNonZeroExitWithValidJsonIsAReadingJudgedByItsBits() throws Exception {
    SmartVerdict failing = source(new FakeTools()
        .fixture(216, "published/scrutiny-ata-hitachi-failing.excerpt.json")).read("/dev/sdc");
    assertThat(failing.health()).isEqualTo(DiskHealth.FAILING);
    assertThat(failing.reasons()).contains("SMART overall-health self-assessment failed",
        "8 sectors pending reallocation");
    SmartVerdict errorLogOnly = source(new FakeTools()
        .fixture(64, "published/exporter-ata-hgst-12-crc-errors.excerpt.json")).read("sdb");
    assertThat(errorLogOnly.health()).as("bit 6 alone is no failure").isEqualTo(DiskHealth.WARNING);
    SmartVerdict temperatureOnly = source(new FakeTools()
        .fixture(8, "recorded/qemu-nvme-warning-2-temperature.json")).read("nvme0n1");
    assertThat(temperatureOnly.health()).as("exit 8 from the NVMe temperature bit")
        .isEqualTo(DiskHealth.WARNING);
    SmartVerdict pulled = source(new FakeTools()
        .fixture(2, "recorded/host-no-such-device.json")).read("sdz");
    assertThat(pulled.health()).as("bit 1 is unread, not failed").isEqualTo(DiskHealth.UNKNOWN);
  }

  @Test
  void aHangIsAnErrorNamingTheDiskAndTheTimeout() {
    Tools hangs = (argv, timeout) -> result(137, "", "", true);
    assertThatThrownBy(() -> source(hangs).read("sdb")).isInstanceOf(HardwareException.class)
        .hasMessage("SMART of /dev/sdb unknown: sudo did not answer within 30 s and was stopped"
            + " (a failing disk can hold it for minutes)");
  }

  @Test
  void aMissingBinaryIsAnError() {
    Tools missing = (argv, timeout) -> {
      throw new IOException("cannot run 'smartctl': no such file");
    };
    SmartSource source = new SmartSource(missing, List.of("smartctl"), TIMEOUT);
    assertThatThrownBy(() -> source.read("sda")).isInstanceOf(HardwareException.class)
        .hasMessage("SMART of /dev/sda unknown: cannot run 'smartctl': no such file")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void garbageIsAnErrorWithWhatSmartctlSaid() {
    Tools text = (argv, timeout) -> result(1, "smartctl 6.2 2013-07-26 r3841 [x86_64-linux]\n",
        "smartctl: unrecognized option '-j'\n", false);
    assertThatThrownBy(() -> source(text).read("sda")).isInstanceOf(HardwareException.class)
        .hasMessage("SMART of /dev/sda unknown: smartctl's output is not JSON (\"smartctl 6.2"
            + " 2013-07-26 r3841 [x86_64-linux]\") (exit status 1,"
            + " smartctl: unrecognized option '-j')");
    Tools nothing = (argv, timeout) -> result(127, "", "sudo: smartctl: command not found", false);
    assertThatThrownBy(() -> source(nothing).read("sda")).isInstanceOf(HardwareException.class)
        .hasMessage("SMART of /dev/sda unknown: smartctl printed nothing (exit status 127,"
            + " sudo: smartctl: command not found)");
  }

  @Test
  void anInterruptIsAnErrorAndTheFlagStaysSet() {
    Tools interrupted = (argv, timeout) -> {
      throw new InterruptedException();
    };
    try {
      assertThatThrownBy(() -> source(interrupted).read("sda"))
          .isInstanceOf(HardwareException.class)
          .hasMessage("SMART of /dev/sda unknown: interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void refusesWhatIsNotADiskName() {
    SmartSource source = source(new FakeTools());
    for (String bad : List.of("", "-x", "../etc/passwd", "sda b", "sda;reboot")) {
      assertThatThrownBy(() -> source.read(bad)).as(bad).isInstanceOf(HardwareException.class)
          .hasMessageStartingWith("not a disk name");
    }
  }

  @Test
  void aSleepingDiskIsNotWokenAndKeepsItsLastVerdict() throws Exception {
    String asleep = Fixtures.read("recorded/qemu-usb-forced-sat.json");
    FakeTools tools = new FakeTools().answer(2, asleep)
        .fixture(64, "published/exporter-ata-hgst-12-crc-errors.excerpt.json")
        .answer(2, asleep).answer(2, asleep);
    SmartSource source = source(tools);

    SmartReading first = source.poll("sdb");
    assertThat(first).isInstanceOf(SmartReading.Asleep.class);
    assertThat(first.verdict()).isEqualTo(new SmartVerdict(DiskHealth.UNKNOWN,
        List.of("asleep (sleep), not woken to read SMART; not read since the service started"),
        null, "", ""));

    SmartVerdict read = source.read("sdb");
    SmartReading later = source.poll("sdb");
    assertThat(later).isEqualTo(new SmartReading.Asleep("SLEEP", read, new SmartVerdict(
        DiskHealth.WARNING, List.of("12 UDMA CRC errors recorded: check the cable, not the disk",
            "asleep (sleep), not woken to read SMART; health from the last reading"),
        null, "HGST HUS724020ALE640", "REDACTED")));

    source.forget("sdb");
    assertThat(source.read("sdb").health()).as("nothing kept after the disk left")
        .isEqualTo(DiskHealth.UNKNOWN);
  }

  @Test
  void udmaCrcErrorsWarnAgainOnlyWhenTheyRise() throws Exception {
    String crc12 = Fixtures.read("published/exporter-ata-hgst-12-crc-errors.excerpt.json");
    String crc40 = crc12.replace("\"string\": \"12\", \"value\": 12",
        "\"string\": \"40\", \"value\": 40");
    SmartSource source = source(new FakeTools().answer(64, crc12).answer(64, crc12)
        .answer(64, crc40));
    assertThat(source.read("sdb").health()).isEqualTo(DiskHealth.WARNING);
    assertThat(source.read("sdb")).as("settled").extracting(SmartVerdict::health)
        .isEqualTo(DiskHealth.OK);
    assertThat(source.read("sdb").reasons())
        .containsExactly("UDMA CRC errors rose to 40: check the cable, not the disk");
  }
}
