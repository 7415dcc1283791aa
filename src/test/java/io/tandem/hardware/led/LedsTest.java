package io.tandem.hardware.led;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedsTest {
  @TempDir Path root;
  private final List<List<String>> runs = new ArrayList<>();
  private final Tools ok = (argv, timeout) -> {
    runs.add(argv);
    return new CommandRunner.Result(argv, 0, "", "", false, Duration.ZERO);
  };

  private Path slot(String enclosure, String name, int number, String device) throws Exception {
    Path slot = root.resolve("sys/class/enclosure").resolve(enclosure).resolve(name);
    Files.createDirectories(slot);
    Files.writeString(slot.resolve("slot"), number + "\n");
    Files.writeString(slot.resolve("locate"), "0\n");
    Files.writeString(slot.resolve("fault"), "0\n");
    if (device != null) {
      Files.createDirectories(slot.resolve("device/block").resolve(device));
    }
    return slot;
  }

  @Test
  void sesWritesTheSlotFilesOfTheBayEvenWhenEmpty() throws Exception {
    Path two = slot("0:0:0:0", "Slot02", 2, "sdb");
    Path three = slot("0:0:0:0", "Slot03", 3, null);
    SesLeds ses = new SesLeds(root);
    ses.locate(Leds.Bay.of(2, "sdb"), true);
    ses.fault(Leds.Bay.of(3, null), true);
    assertThat(Files.readString(two.resolve("locate"))).isEqualTo("1");
    assertThat(Files.readString(three.resolve("fault"))).isEqualTo("1");
    assertThat(ses.read(Leds.Bay.of(2, null), "locate")).contains(true);
    ses.locate(Leds.Bay.of(2, "sdb"), false);
    assertThat(ses.read(Leds.Bay.of(2, null), "locate")).contains(false);
    assertThat(ses.describe(Leds.Bay.of(3, null))).isEqualTo("SES slot " + three);
  }

  @Test
  void sesFindsASlotByItsDiskWhenTheNumbersDoNotMatch() throws Exception {
    Path odd = slot("6:0:8:0", "DISK07", 7, "sdh");
    new SesLeds(root).locate(Leds.Bay.of(1, "sdh"), true);
    assertThat(Files.readString(odd.resolve("locate"))).isEqualTo("1");
    assertThatThrownBy(() -> new SesLeds(root).locate(Leds.Bay.of(9, "sdz"), true))
        .isInstanceOf(HardwareException.class).hasMessageContaining("no SES slot");
  }

  @Test
  void ledctlPatternsListedOnlyAndFaultOffKeepsLocate() throws Exception {
    LedctlLeds ledctl = new LedctlLeds(ok, List.of("ledctl"), Duration.ofSeconds(5));
    Leds.Bay bay = Leds.Bay.of(2, "sdb");
    ledctl.locate(bay, true);
    ledctl.fault(bay, true);
    ledctl.fault(bay, false);
    ledctl.locate(bay, false);
    assertThat(runs).containsExactly(
        List.of("ledctl", "--listed-only", "locate=/dev/sdb"),
        List.of("ledctl", "--listed-only", "failure=/dev/sdb"),
        List.of("ledctl", "--listed-only", "normal=/dev/sdb"),
        List.of("ledctl", "--listed-only", "locate=/dev/sdb"),
        List.of("ledctl", "--listed-only", "locate_off=/dev/sdb"));
    assertThatThrownBy(() -> ledctl.locate(Leds.Bay.of(3, null), true))
        .hasMessageContaining("needs a /dev node");
  }

  @Test
  void ledctlFailureCarriesItsLastLine() {
    Tools failing = (argv, timeout) -> new CommandRunner.Result(argv, 1, "",
        "ledctl: /dev/sdb: device not found\n", false, Duration.ZERO);
    LedctlLeds ledctl = new LedctlLeds(failing, List.of("ledctl"), Duration.ofSeconds(5));
    assertThatThrownBy(() -> ledctl.locate(Leds.Bay.of(2, "sdb"), true))
        .hasMessageEndingWith("(exit 1): ledctl: /dev/sdb: device not found");
  }

  @Test
  void chosenPrefersSesThenLedctlThenNothing() throws Exception {
    slot("0:0:0:0", "Slot01", 1, "sda");
    ChosenLeds chosen = new ChosenLeds(new SesLeds(root), Optional.of(new LedctlLeds(ok,
        List.of("ledctl"), Duration.ofSeconds(5))));
    assertThat(chosen.backend(Leds.Bay.of(1, "sda"))).isInstanceOf(SesLeds.class);
    assertThat(chosen.backend(Leds.Bay.of(2, "sdb"))).isInstanceOf(LedctlLeds.class);
    chosen.locate(Leds.Bay.of(2, "sdb"), true);
    assertThat(runs).containsExactly(List.of("ledctl", "--listed-only", "locate=/dev/sdb"));
    assertThat(chosen.describe(Leds.Bay.of(3, null))).startsWith("none: ");

    ChosenLeds bare = new ChosenLeds(new SesLeds(root.resolve("nothing")), Optional.empty());
    bare.locate(Leds.Bay.of(2, "sdb"), true);
    assertThat(bare.describe(Leds.Bay.of(2, "sdb")))
        .isEqualTo("none: no SES slot, and ledctl (ledmon) is not installed");
    assertThat(runs).hasSize(1);
  }
}
