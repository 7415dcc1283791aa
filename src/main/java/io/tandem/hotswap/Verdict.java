package io.tandem.hotswap;

import io.tandem.lifecycle.ExitCode;

/**
 * The guard's answer to "may I pull this part now?". Only SAFE means yes: UNKNOWN (a reading is
 * stale, missing or could not be understood) means do not pull, like UNSAFE.
 */
public enum Verdict {
  /** Pulling it loses no data and leaves the appliance running. Exit code 0. */
  SAFE(ExitCode.OK),
  /** Pulling it now would lose data, stop the appliance or hit the wrong part. Exit code 3. */
  UNSAFE(ExitCode.UNSAFE),
  /** The guard cannot tell from what it knows: do not pull. Exit code 4. */
  UNKNOWN(ExitCode.UNKNOWN);

  private final ExitCode exitCode;

  Verdict(ExitCode exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code of {@code tandem hotswap plan} for this verdict. */
  public ExitCode exitCode() {
    return exitCode;
  }

  /**
   * The more pressing of two: UNSAFE over UNKNOWN (a danger known from fresh readings says more
   * than a doubt) over SAFE.
   */
  public Verdict and(Verdict other) {
    return rank(other) > rank(this) ? other : this;
  }

  private static int rank(Verdict verdict) {
    return switch (verdict) {
      case SAFE -> 0;
      case UNKNOWN -> 1;
      case UNSAFE -> 2;
    };
  }
}
