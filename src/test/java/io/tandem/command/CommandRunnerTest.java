package io.tandem.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With real processes (/bin/sh and friends), no stand-ins. */
class CommandRunnerTest {
  private static final Duration LONG = Duration.ofSeconds(20);

  private final CommandRunner runner = new CommandRunner();

  @TempDir Path dir;

  @Test
  void collectsTheExitCodeAndBothStreams() throws Exception {
    CommandRunner.Result result = runner.run(
        List.of("/bin/sh", "-c", "echo out; echo 'first problem' >&2; echo 'last problem' >&2;"
            + " exit 3"), LONG);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("first problem\nlast problem\n");
    assertThat(result.lastErrorLine()).isEqualTo("last problem");
    assertThat(result.command()).startsWith("/bin/sh", "-c");
  }

  @Test
  void successIsExitZero() throws Exception {
    CommandRunner.Result result = runner.run(List.of("true"), LONG);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void passesWordsWithoutAShellAndRunsInTheCLocale() throws Exception {
    CommandRunner.Result result = runner.run(
        List.of("/bin/sh", "-c", "printf '%s|' \"$LC_ALL\" \"$@\"", "sh", "a b", "$HOME", "*"),
        LONG);

    assertThat(result.stdout()).isEqualTo("C|a b|$HOME|*|");
  }

  @Test
  void addsTheExtraEnvironmentAndReadsNothingFromStandardInput() throws Exception {
    CommandRunner withEnv = new CommandRunner(Map.of("IPMI_PASSWORD", "from-env"), 1024);
    CommandRunner.Result result = withEnv.run(
        List.of("/bin/sh", "-c", "echo $IPMI_PASSWORD; cat; echo end"), LONG);

    assertThat(result.stdout()).isEqualTo("from-env\nend\n");
  }

  @Test
  void killsTheWholeProcessTreeWhenTheTimeoutPasses() throws Exception {
    Path pidFile = dir.resolve("sleep.pid");
    long start = System.nanoTime();
    CommandRunner.Result result = runner.run(List.of("/bin/sh", "-c",
        "sleep 30 & echo $! > " + pidFile + "; echo started; wait"), Duration.ofMillis(500));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stdout()).isEqualTo("started\n");
    // Not a speed check: it ended at the timeout, long before the 30 s sleep would have.
    assertThat(millis).isBetween(400L, 29_000L);
    long sleepPid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(gone(sleepPid)).as("the background sleep %d was killed too", sleepPid).isTrue();
  }

  @Test
  void timesOutASimpleSleep() throws Exception {
    CommandRunner.Result result =
        runner.run(List.of("/bin/sh", "-c", "sleep 30"), Duration.ofMillis(300));

    assertThat(result.timedOut()).isTrue();
    // Not a speed check: it was stopped, long before the 30 s sleep would have ended.
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(29));
  }

  @Test
  void keepsOnlyTheBoundOfALargeOutputAndStillLetsTheProcessFinish() throws Exception {
    CommandRunner small = new CommandRunner(Map.of(), 1000);
    CommandRunner.Result result = small.run(List.of("/bin/sh", "-c",
        "head -c 1000000 /dev/zero | tr '\\000' x; echo done >&2"), LONG);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).startsWith("x".repeat(1000) + "\n[999000 more bytes not kept]");
    assertThat(result.stderr()).isEqualTo("done\n");
  }

  @Test
  void doesNotWaitLongForOutputABackgroundProcessKeepsOpen() throws Exception {
    Path pidFile = dir.resolve("bg.pid");
    long start = System.nanoTime();
    CommandRunner.Result result = runner.run(List.of("/bin/sh", "-c",
        "sleep 30 & echo $! > " + pidFile + "; echo quick"), LONG);
    long millis = (System.nanoTime() - start) / 1_000_000;
    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
        .ifPresent(ProcessHandle::destroyForcibly);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).startsWith("quick\n");
    assertThat(millis).isLessThan(5_000L);
  }

  @Test
  void aMissingProgramIsAnIoExceptionThatNamesIt() {
    assertThatThrownBy(() -> runner.run(List.of("no-such-tool-here", "x"), LONG))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot run 'no-such-tool-here': no such program (is it installed, and on"
            + " the service's PATH?)");
  }

  @Test
  void aFileThatIsNotExecutableIsAnIoException() throws Exception {
    Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
    assertThatThrownBy(() -> runner.run(List.of(script.toString()), LONG))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("permission denied");
  }

  /** Dead, or a zombie nobody reaps (the test container's init may not). */
  private static boolean gone(long pid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      if (!Files.exists(stat)) {
        return true;
      }
      try {
        String text = Files.readString(stat);
        if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
          return true;
        }
      } catch (IOException e) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
