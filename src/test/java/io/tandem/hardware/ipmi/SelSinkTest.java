package io.tandem.hardware.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.alert.AlertSink;
import io.tandem.command.CommandRunner;
import io.tandem.hardware.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SEL record Tandem writes for an alert, and the sink that adds it. */
class SelSinkTest {
  private static final Alert LINK = new Alert("replication.link", Alert.Severity.CRITICAL,
      "replication", "the partner is unreachable", Instant.parse("2026-01-02T03:04:05Z"));
  private static final Alert PSU = new Alert("hardware.psu.2", Alert.Severity.WARNING,
      "hardware", "PSU 2 predicts its failure", Instant.parse("2026-01-02T03:04:05Z"));

  @TempDir Path tmp;
  private final List<String> added = new ArrayList<>();

  @Test
  void sevenBytesAsIpmitoolSelAddReadsThem() {
    int code = SelRecord.code("replication.link");
    assertThat(SelRecord.line(LINK, AlertSink.Event.RAISED)).isEqualTo(String.format(
        "0x04 0x12 0x54 0x07 0xA2 0x%02X 0x%02X # raised critical replication.link%n",
        code >> 8, code & 0xFF));
    assertThat(SelRecord.line(PSU, AlertSink.Event.RENOTIFIED)).startsWith(
        "0x04 0x12 0x54 0x07 0xA1 ");
    assertThat(SelRecord.line(LINK, AlertSink.Event.CLEARED)).startsWith(
        "0x04 0x12 0x54 0x07 0xA0 ");
  }

  @Test
  void theCodeIsCrc16CcittFalseOfTheId() {
    assertThat(SelRecord.code("123456789")).isEqualTo(0x29B1); // the standard check value
    assertThat(SelRecord.code("replication.link"))
        .isNotEqualTo(SelRecord.code("replication.lag"));
  }

  @Test
  void theCommentCannotBreakTheLine() {
    Alert odd = new Alert("x\n0x01 # y", Alert.Severity.WARNING, "s", "m", Instant.EPOCH);
    assertThat(SelRecord.line(odd, AlertSink.Event.RAISED))
        .endsWith("# raised warning x_0x01___y" + System.lineSeparator())
        .doesNotContain("\n0x01");
  }

  private Tools recording(int exit, String stderr) {
    return (argv, timeout) -> {
      Path file = Path.of(argv.get(argv.size() - 1));
      added.add(String.join(" ", argv.subList(1, argv.size() - 1)) + ": "
          + Files.readString(file));
      return new CommandRunner.Result(argv, exit, "", stderr, false, Duration.ZERO);
    };
  }

  @Test
  void addsOneRecordPerEventThroughATemporaryFileItRemoves() throws Exception {
    SelSink sink = new SelSink(new BmcCommand(List.of("ipmitool")), recording(0, ""),
        new BmcAccess(), Duration.ofSeconds(5), tmp);
    sink.notify(LINK, AlertSink.Event.RAISED);
    sink.notify(LINK, AlertSink.Event.CLEARED);
    assertThat(added).containsExactly(
        "sel add: " + SelRecord.line(LINK, AlertSink.Event.RAISED),
        "sel add: " + SelRecord.line(LINK, AlertSink.Event.CLEARED));
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
    assertThat(sink.name()).isEqualTo("BMC event log");
  }

  @Test
  void failuresAreLoggedNeverThrown() throws Exception {
    SelSink full = new SelSink(new BmcCommand(List.of("ipmitool")),
        recording(1, "Add SEL Entry failed: Out of space\n"), new BmcAccess(),
        Duration.ofSeconds(5), tmp);
    for (int i = 0; i < 5; i++) {
      full.notify(PSU, AlertSink.Event.RAISED);
    }
    assertThat(added).hasSize(5);
    new SelSink(new BmcCommand(List.of("/nonexistent/ipmitool")),
        Tools.real(new CommandRunner()), new BmcAccess(), Duration.ofSeconds(5), tmp)
        .notify(PSU, AlertSink.Event.RAISED);
    new SelSink(new BmcCommand(List.of("ipmitool")), recording(0, ""), new BmcAccess(),
        Duration.ofSeconds(5), tmp.resolve("no-such-dir")).notify(PSU, AlertSink.Event.RAISED);
    assertThat(added).hasSize(5);
  }
}
