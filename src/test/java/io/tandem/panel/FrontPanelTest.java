package io.tandem.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.alert.Alert.Severity;
import io.tandem.alert.AlertSink.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front panel on a real serial line: a socat pty pair, jSerialComm writing at one end, the
 * test decoding the bytes at the other back into what the glass shows. Pulling the cable is
 * killing socat; plugging it back is a new pair on the same link names. No timing assertions:
 * every wait is for an expected screen, with a deadline.
 */
class FrontPanelTest {
  private static final Alert DISK_FULL = new Alert("store.space", Severity.CRITICAL, "store",
      "Disk full: 98% used, delivery refused", Instant.EPOCH);
  private static final PanelInputs QUIET = PanelInputs.of("mail-a", "primary", 12, List.of());
  private static final PanelInputs ALERTING =
      PanelInputs.of("mail-a", "primary", 12, List.of(DISK_FULL));

  @TempDir
  Path dir;

  private final AtomicReference<PanelInputs> state = new AtomicReference<>(QUIET);
  private FrontPanel panel;

  @AfterEach
  void closePanel() {
    if (panel != null) {
      panel.close();
    }
  }

  @Test
  void drawsTheStatusAndRedrawsByItselfWhenTheLineComesBack() throws Exception {
    SocatPtyPair pair = SocatPtyPair.start(dir);
    DisplayReader display = DisplayReader.open(pair.reader);
    panel = start(pair.panel);

    List<String> first = display.await("ALL OK", shows("mail-a PRIMARY E12", "ALL OK", "", ""));
    char beat = first.get(0).charAt(19);
    display.await("the heartbeat moving", lines -> lines.get(0).charAt(19) != beat);

    state.set(ALERTING);
    panel.notify(DISK_FULL, Event.RAISED);
    display.await("the alert", shows("mail-a PRIMARY E12", "CRITICAL store",
        "Disk full: 98% used,", "delivery refused"));

    pair.close();
    display.awaitEnd();
    await(() -> !panel.isConnected());

    try (SocatPtyPair again = SocatPtyPair.start(dir)) {
      DisplayReader replugged = DisplayReader.open(again.reader);
      replugged.await("the current screen, redrawn", shows("mail-a PRIMARY E12",
          "CRITICAL store", "Disk full: 98% used,", "delivery refused"));
      assertThat(panel.isConnected()).isTrue();

      panel.close();
      replugged.await("that the service stopped", shows("mail-a", "SERVICE STOPPED", "", ""));
    }
  }

  @Test
  void aLineReplacedBeforeThePanelNoticedIsReopenedAtTheNextDraw() throws Exception {
    SocatPtyPair pair = SocatPtyPair.start(dir);
    DisplayReader display = DisplayReader.open(pair.reader);
    // No periodic refresh: only an alert event draws, so the swap happens unseen.
    panel = new FrontPanel(pair.panel, 9600, state::get, Duration.ofHours(1),
        Duration.ofMillis(200)).start();
    display.await("ALL OK", shows("mail-a PRIMARY E12", "ALL OK", "", ""));

    pair.close();
    display.awaitEnd();
    try (SocatPtyPair again = SocatPtyPair.start(dir)) {
      DisplayReader replugged = DisplayReader.open(again.reader);
      state.set(ALERTING);
      panel.notify(DISK_FULL, Event.RAISED);

      replugged.await("the alert", shows("mail-a PRIMARY E12", "CRITICAL store",
          "Disk full: 98% used,", "delivery refused"));
    }
  }

  @Test
  void aDeviceMissingAtStartIsDrawnOnOnceItAppears() throws Exception {
    panel = start(dir.resolve("panel"));
    await(() -> !panel.isConnected());

    try (SocatPtyPair pair = SocatPtyPair.start(dir)) {
      DisplayReader display = DisplayReader.open(pair.reader);
      display.await("ALL OK", shows("mail-a PRIMARY E12", "ALL OK", "", ""));
    }
  }

  @Test
  void aFailingStatusSupplierShowsStatusUnavailableAndTheHeartbeat() throws Exception {
    try (SocatPtyPair pair = SocatPtyPair.start(dir)) {
      DisplayReader display = DisplayReader.open(pair.reader);
      panel = new FrontPanel(pair.panel, 19200, () -> {
        throw new IllegalStateException("status not ready");
      }, Duration.ofMillis(100), Duration.ofMillis(200)).start();

      List<String> first = display.await("STATUS UNAVAILABLE",
          shows("TANDEM", "STATUS UNAVAILABLE", "see the service log", ""));
      char beat = first.get(0).charAt(19);
      display.await("the heartbeat moving", lines -> lines.get(0).charAt(19) != beat);
    }
  }

  private FrontPanel start(Path device) {
    return new FrontPanel(device, 115200, state::get, Duration.ofMillis(100),
        Duration.ofMillis(200)).start();
  }

  /** Rows as a technician reads them: the first by its start (the heartbeat moves). */
  private static java.util.function.Predicate<List<String>> shows(String header, String... body) {
    return lines -> lines.get(0).startsWith(header)
        && lines.subList(1, 4).equals(java.util.Arrays.stream(body).map(LcdText::pad).toList());
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
