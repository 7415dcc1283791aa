package io.tandem.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.alert.Alert;
import io.tandem.alert.Alert.Severity;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScreenComposerTest {
  private static final Alert DISK_FULL = alert("store.space", Severity.CRITICAL, "store",
      "Disk full: 98% used, delivery refused", 10);
  private static final Alert LINK_DOWN = alert("replication.link", Severity.WARNING,
      "replication", "Peer link down for 12 s; check the cable to mail-b", 5);
  private static final List<String> PULL_BAY_3 = List.of("PULL BAY 3", "SERIAL ZL2ABCDE");

  /** Case, inputs, refresh number, the four lines a technician reads. */
  static Stream<Arguments> screens() {
    return Stream.of(
        row("nothing wrong: ALL OK, heartbeat '.' at refresh 0",
            inputs(List.of(), List.of()), 0,
            "mail-a PRIMARY E12 .", "ALL OK", "", ""),
        row("the heartbeat has moved at the next refresh",
            inputs(List.of(), List.of()), 1,
            "mail-a PRIMARY E12 o", "ALL OK", "", ""),
        row("and the one after",
            inputs(List.of(), List.of()), 2,
            "mail-a PRIMARY E12 O", "ALL OK", "", ""),
        row("one warning: severity and source, then its message on two lines, cut marked",
            inputs(List.of(LINK_DOWN), List.of()), 0,
            "mail-a PRIMARY E12 .", "WARNING replication", "Peer link down for",
            "12 s; check the..."),
        row("a critical alert before a warning, with the count of the others",
            inputs(List.of(DISK_FULL, LINK_DOWN), List.of()), 0,
            "mail-a PRIMARY E12 .", "CRITICAL store    +1", "Disk full: 98% used,",
            "delivery refused"),
        row("a prompt wins over alerts; the alerts are counted below it",
            inputs(List.of(DISK_FULL, LINK_DOWN), PULL_BAY_3), 0,
            "mail-a PRIMARY E12 .", "PULL BAY 3", "SERIAL ZL2ABCDE", "2 ALERTS (1 CRIT)"),
        row("a prompt with warnings only",
            inputs(List.of(LINK_DOWN), PULL_BAY_3), 3,
            "mail-a PRIMARY E12 o", "PULL BAY 3", "SERIAL ZL2ABCDE", "1 ALERT"),
        row("a three-line prompt takes the whole body",
            inputs(List.of(DISK_FULL), List.of("DO NOT REMOVE", "ARRAY DEGRADED", "BAY 3")), 0,
            "mail-a PRIMARY E12 .", "DO NOT REMOVE", "ARRAY DEGRADED", "BAY 3"),
        row("a long prompt line wraps on words; what does not fit ends with ...",
            inputs(List.of(),
                List.of("OK TO REMOVE BAY 3 SERIAL ZL2ABCDE", "then insert the new disk")), 0,
            "mail-a PRIMARY E12 .", "OK TO REMOVE BAY 3", "SERIAL ZL2ABCDE", "then insert the..."),
        row("a header that cannot hold the epoch keeps the role",
            new PanelInputs("storage-west", "replica", 123456789012345L, List.of(), List.of()),
            0, "storage-wes REPLICA.", "ALL OK", "", ""),
        row("no prompt and no alert when the prompt is empty",
            inputs(List.of(), List.of()), 0,
            "mail-a PRIMARY E12 .", "ALL OK", "", ""),
        row("a long name is cut before the role and epoch",
            new PanelInputs("very-long-appliance-name", "replica", 1234, List.of(), List.of()), 0,
            "very- REPLICA E1234.", "ALL OK", "", ""),
        row("a name too long for the epoch as well keeps the role",
            new PanelInputs("x", "replica", 123456789012345L, List.of(), List.of()), 0,
            "x REPLICA          .", "ALL OK", "", ""),
        row("anything but ASCII is transliterated or replaced",
            new PanelInputs("Bürö", "primary", 3, List.of(alert("hw.temp", Severity.WARNING,
                "Gerät", "Température élevée – 55 °C\tà «bay\\3» ~ok 🔥", 0)), List.of()), 0,
            "Buro PRIMARY E3    .", "WARNING Gerat", "Temperature elevee -",
            "55 C a \"bay/3\" -ok ?"),
        row("a long source is cut so the count still shows",
            inputs(List.of(alert("x", Severity.CRITICAL, "hardware.enclosure", "PSU 2 failed", 0),
                LINK_DOWN, LINK_DOWN), List.of()), 0,
            "mail-a PRIMARY E12 .", "CRITICAL hardware +2", "PSU 2 failed", ""),
        row("a word longer than a line (a serial) is split, never dropped",
            inputs(List.of(alert("d", Severity.CRITICAL, "disk",
                "WD-WCC4N1234567890XYZ failed", 0)), List.of()), 0,
            "mail-a PRIMARY E12 .", "CRITICAL disk", "WD-WCC4N1234567890XY", "Z failed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void composes(String description, PanelInputs inputs, long refresh, List<String> expected) {
    Screen screen = ScreenComposer.compose(inputs, refresh);

    assertThat(screen.lines()).as(description)
        .containsExactlyElementsOf(expected.stream().map(LcdText::pad).toList());
  }

  @Test
  void theHeartbeatChangesAtEveryRefresh() {
    PanelInputs quiet = inputs(List.of(), List.of());
    for (long refresh = 0; refresh < 12; refresh++) {
      assertThat(ScreenComposer.compose(quiet, refresh + 1).line(0))
          .isNotEqualTo(ScreenComposer.compose(quiet, refresh).line(0));
    }
  }

  @Test
  void statusUnavailableStillBeatsAndTheStoppedScreenDoesNot() {
    assertThat(ScreenComposer.unavailable(1).lines()).containsExactly(
        "TANDEM             o", LcdText.pad("STATUS UNAVAILABLE"),
        LcdText.pad("see the service log"), LcdText.pad(""));
    assertThat(ScreenComposer.stopped("mail-a").lines()).containsExactly(
        LcdText.pad("mail-a"), LcdText.pad("SERVICE STOPPED"), LcdText.pad(""), LcdText.pad(""));
  }

  @Test
  void aScreenIsFourLinesOfTwentyDisplayableCharacters() {
    assertThatThrownBy(() -> new Screen(List.of("a", "b", "c", "d")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Screen(List.of(LcdText.pad("a\\b"), LcdText.pad(""),
        LcdText.pad(""), LcdText.pad("")))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Screen.of("a\\b~é").line(0)).isEqualTo(LcdText.pad("a/b-e"));
  }

  private static Arguments row(String description, PanelInputs inputs, long refresh,
      String... lines) {
    return Arguments.of(description, inputs, refresh, List.of(lines));
  }

  private static PanelInputs inputs(List<Alert> alerts, List<String> prompt) {
    return new PanelInputs("mail-a", "primary", 12, alerts, prompt);
  }

  private static Alert alert(String id, Severity severity, String source, String message,
      long since) {
    return new Alert(id, severity, source, message, Instant.ofEpochSecond(since));
  }
}
