package io.tandem.hardware;

import io.tandem.command.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs a hardware tool ({@code mdadm}, {@code smartctl}, {@code ipmitool}) and hands back what
 * it printed. Sources take one of these instead of running processes themselves, so that the
 * simulated enclosure can answer with the outputs the real tools would print (from its folder)
 * and the same parsers read both.
 */
@FunctionalInterface
public interface Tools {

  /**
   * Runs {@code argv} (its first word the configured command's words) within {@code timeout}.
   *
   * @throws IOException when it cannot be started
   */
  CommandRunner.Result run(List<String> argv, Duration timeout)
      throws IOException, InterruptedException;

  /** The machine's own tools, through a {@link CommandRunner} ({@code LC_ALL=C}). */
  static Tools real(CommandRunner runner) {
    return runner::run;
  }
}
