package io.tandem.alert;

import io.tandem.config.Durations;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator's {@code alert.hook} command for each alert event, for mail, a pager, a
 * ticket. The command's words are run as they are (no shell), with the service's environment
 * plus:
 *
 * <pre>
 * TANDEM_ALERT_ID        replication.link
 * TANDEM_ALERT_SEVERITY  warning | critical
 * TANDEM_ALERT_SOURCE    replication
 * TANDEM_ALERT_MESSAGE   the alert's text
 * TANDEM_ALERT_STATE     raised | renotified | cleared
 * TANDEM_ALERT_SINCE     when it was first raised, ISO-8601 UTC (2024-05-01T10:15:30Z)
 * LC_ALL                 C
 * </pre>
 *
 * Standard input is {@code /dev/null}; standard output and error go to the service log, a line
 * at a time (the first {@value #MAX_LOGGED_LINES} lines of each run; the rest is read and
 * dropped). The hook is never waited for: {@link #notify} returns once it has started, the JDK
 * reaps it when it ends, and a non-zero exit is logged. One still running after the time bound
 * (60 s) is killed with everything it started, with a log line. At most
 * {@value #MAX_RUNNING} hooks run at once; an event beyond that is not hooked, and the log says
 * so. Thread-safe.
 */
public final class HookSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger("io.tandem.alert");
  /** How long a hook may run before it is killed. */
  public static final Duration TIME_BOUND = Duration.ofSeconds(60);
  static final int MAX_RUNNING = 16;
  static final int MAX_LOGGED_LINES = 100;
  private static final int MAX_LINE = 500;

  private final List<String> command;
  private final Duration timeBound;
  private final AtomicInteger running = new AtomicInteger();

  /** Runs {@code command} (the words of {@code alert.hook}), killing it after 60 s. */
  public HookSink(List<String> command) {
    this(command, TIME_BOUND);
  }

  /** Runs {@code command}, killing it after {@code timeBound}. */
  public HookSink(List<String> command, Duration timeBound) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty hook command");
    }
    this.command = List.copyOf(command);
    this.timeBound = timeBound;
  }

  @Override
  public String name() {
    return "hook";
  }

  /** The hooks started and not yet ended. */
  public int running() {
    return running.get();
  }

  /**
   * Starts the hook for {@code event} on {@code alert} and returns.
   *
   * @throws IOException when it cannot be started (no such program, not executable)
   */
  @Override
  public void notify(Alert alert, Event event) throws IOException {
    String state = event.name().toLowerCase(Locale.ROOT);
    String what = alert.id() + " " + state;
    if (running.incrementAndGet() > MAX_RUNNING) {
      running.decrementAndGet();
      LOG.warn("alert hook not run for {}: {} hooks are still running", what, MAX_RUNNING);
      return;
    }
    Process process;
    try {
      process = builder(alert, state).start();
    } catch (IOException e) {
      running.decrementAndGet();
      throw new IOException("cannot run the alert hook '" + command.get(0) + "': "
          + e.getMessage(), e);
    }
    Thread output = new Thread(() -> logOutput(process, what), "alert-hook-output");
    output.setDaemon(true);
    output.start();
    process.onExit()
        .orTimeout(timeBound.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ended, failure) -> ended(process, what, failure));
  }

  private ProcessBuilder builder(Alert alert, String state) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("LC_ALL", "C");
    env.put("TANDEM_ALERT_ID", alert.id());
    env.put("TANDEM_ALERT_SEVERITY", alert.severity().word());
    env.put("TANDEM_ALERT_SOURCE", alert.source());
    env.put("TANDEM_ALERT_MESSAGE", alert.message().replace('\0', ' '));
    env.put("TANDEM_ALERT_STATE", state);
    env.put("TANDEM_ALERT_SINCE", alert.since().toString());
    return builder;
  }

  private void ended(Process process, String what, Throwable failure) {
    if (failure instanceof TimeoutException) {
      LOG.warn("alert hook for {} still running after {}: killed", what,
          Durations.format(timeBound));
      kill(process);
      process.onExit().whenComplete((p, e) -> running.decrementAndGet());
      return;
    }
    running.decrementAndGet();
    if (failure == null && process.exitValue() != 0) {
      LOG.warn("alert hook for {} exited with status {}", what, process.exitValue());
    }
  }

  /** SIGKILL to the hook and everything it started, children first. */
  private static void kill(Process process) {
    for (int round = 0; round < 3; round++) {
      List<ProcessHandle> tree = process.descendants().toList();
      if (tree.isEmpty()) {
        break;
      }
      tree.forEach(ProcessHandle::destroyForcibly);
    }
    process.destroyForcibly();
  }

  private static void logOutput(Process process, String what) {
    int lines = 0;
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (++lines <= MAX_LOGGED_LINES) {
          String shown = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
          LOG.info("alert hook ({}): {}", what, shown);
        }
      }
    } catch (IOException e) {
      // The pipe was closed under us: the hook is gone.
    }
    if (lines > MAX_LOGGED_LINES) {
      LOG.info("alert hook ({}): {} more lines not logged", what, lines - MAX_LOGGED_LINES);
    }
  }
}
