package io.tandem.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.AlertSink.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real hooks ({@code sh}); waits with deadlines, never asserts how long anything took. */
class HookSinkTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final Alert DISK_FULL = new Alert("store.space", Severity.CRITICAL, "store",
      "Disk full: 98% used; it's \"urgent\"", Instant.parse("2024-05-01T10:15:30Z"));

  @TempDir
  Path dir;

  @Test
  void theHookGetsTheAlertInItsEnvironmentAndNothingOnItsInput() throws Exception {
    Path out = dir.resolve("env");
    HookSink hook = new HookSink(List.of("sh", "-c",
        "{ env | grep -E '^(TANDEM_ALERT_|LC_ALL=)' | sort;"
            + " echo \"stdin=$(readlink /proc/$$/fd/0)\"; } > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"",
        out.toString()));

    hook.notify(DISK_FULL, Event.RENOTIFIED);

    await(() -> Files.exists(out));
    assertThat(Files.readAllLines(out)).containsExactly(
        "LC_ALL=C",
        "TANDEM_ALERT_ID=store.space",
        "TANDEM_ALERT_MESSAGE=Disk full: 98% used; it's \"urgent\"",
        "TANDEM_ALERT_SEVERITY=critical",
        "TANDEM_ALERT_SINCE=2024-05-01T10:15:30Z",
        "TANDEM_ALERT_SOURCE=store",
        "TANDEM_ALERT_STATE=renotified",
        "stdin=/dev/null");
  }

  @Test
  void eachEventIsItsOwnState() throws Exception {
    for (Event event : Event.values()) {
      Path out = dir.resolve(event.name());
      new HookSink(List.of("sh", "-c",
          "echo \"$TANDEM_ALERT_STATE\" > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"", out.toString()))
          .notify(DISK_FULL, event);
      await(() -> Files.exists(out));
      assertThat(Files.readString(out).strip()).isEqualTo(event.name().toLowerCase());
    }
  }

  @Test
  void theHookIsNotWaitedFor() throws Exception {
    Path go = dir.resolve("go");
    Path done = dir.resolve("done");
    HookSink hook = new HookSink(List.of("sh", "-c",
        "while [ ! -e \"$0\" ]; do sleep 0.05; done; touch \"$1\"", go.toString(),
        done.toString()));

    hook.notify(DISK_FULL, Event.RAISED);

    assertThat(hook.running()).as("notify returned while the hook waits for the test").isOne();
    Files.createFile(go);
    await(() -> Files.exists(done) && hook.running() == 0);
  }

  @Test
  void aChattyHookIsReadSoItNeverBlocksOnItsOutput() throws Exception {
    Path done = dir.resolve("done");
    HookSink hook = new HookSink(List.of("sh", "-c",
        "i=0; while [ $i -lt 3000 ]; do echo \"line $i of hook output, long enough to fill"
            + " a pipe buffer quickly\"; i=$((i+1)); done; touch \"$0\"; exit 3",
        done.toString()));

    hook.notify(DISK_FULL, Event.RAISED);

    await(() -> Files.exists(done) && hook.running() == 0);
  }

  @Test
  void aHookThatHangsIsKilledWithWhatItStarted() throws Exception {
    Path pids = dir.resolve("pids");
    HookSink hook = new HookSink(List.of("sh", "-c",
        "sleep 300 & echo \"$$ $!\" > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"; wait",
        pids.toString()), Duration.ofMillis(300));

    hook.notify(DISK_FULL, Event.RAISED);

    await(() -> Files.exists(pids));
    List<Long> started = java.util.Arrays.stream(Files.readString(pids).strip().split(" "))
        .map(Long::parseLong).toList();
    await(() -> started.stream().noneMatch(HookSinkTest::alive) && hook.running() == 0);
  }

  @Test
  void aHookThatCannotStartIsAnError() {
    HookSink hook = new HookSink(List.of(dir.resolve("no-such-hook").toString()));

    assertThatThrownBy(() -> hook.notify(DISK_FULL, Event.RAISED))
        .isInstanceOf(IOException.class).hasMessageContaining("no-such-hook");
    assertThat(hook.running()).isZero();
  }

  /** Running, and not a zombie waiting for a parent that is gone. */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + DEADLINE);
      }
      Thread.sleep(20);
    }
  }
}
