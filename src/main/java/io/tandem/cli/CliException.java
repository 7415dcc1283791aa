package io.tandem.cli;

import io.tandem.lifecycle.ExitCode;

/** A command failure with a one-line message and the exit code it means. */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ExitCode exitCode;

  public CliException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
