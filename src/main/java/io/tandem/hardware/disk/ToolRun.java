package io.tandem.hardware.disk;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs one disk or LED tool through {@link Tools} within a timeout and turns what goes wrong into a
 * {@link HardwareException} in an operator's words: the command, and the tool's last line of
 * standard error (or that it hung and was killed, or could not be started).
 */
public final class ToolRun {
  private final Tools tools;
  private final Duration timeout;

  public ToolRun(Tools tools, Duration timeout) {
    this.tools = Objects.requireNonNull(tools, "tools");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Runs {@code argv}; any exit status comes back (the caller decides what it means). */
  public CommandRunner.Result run(List<String> argv) throws HardwareException {
    CommandRunner.Result result;
    try {
      result = tools.run(argv, timeout);
    } catch (IOException e) {
      throw new HardwareException(String.join(" ", argv) + ": could not be started: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HardwareException(String.join(" ", argv) + ": interrupted", e);
    }
    if (result.timedOut()) {
      throw new HardwareException(String.join(" ", argv) + ": no answer within "
          + timeout.toSeconds() + " s (killed)");
    }
    return result;
  }

  /** Runs {@code argv} and insists on exit status 0. */
  public CommandRunner.Result succeed(List<String> argv) throws HardwareException {
    CommandRunner.Result result = run(argv);
    if (result.exitCode() != 0) {
      throw failed(result);
    }
    return result;
  }

  static HardwareException failed(CommandRunner.Result result) {
    String line = result.lastErrorLine();
    return new HardwareException(String.join(" ", result.command()) + " failed (exit "
        + result.exitCode() + ")" + (line.isEmpty() ? "" : ": " + line));
  }
}
