package io.tandem.hardware.ipmi;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One call at a time to this appliance's own BMC: the power-supply reads and the event-log
 * writes share one of these (the composition root makes one), because parallel ipmitool calls
 * have corrupted BMC SDR/FRU data on some platforms and a BMC busy with one call answers the
 * next slowly anyway. A caller waits for its turn at most as long as its own call may take;
 * every call has a timeout, so a hung one ends (killed) and frees the turn. The partner's BMC
 * (the fence, {@code io.tandem.fence}) is another BMC and does not use this. Thread-safe.
 */
public final class BmcAccess {
  private final ReentrantLock lock = new ReentrantLock(true);
  private volatile String running = "";

  /** Another call held the BMC for longer than this caller would wait. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  /**
   * Runs {@code argv} through {@code tools} within {@code timeout}, once the BMC is free
   * (waiting at most {@code timeout} for that).
   *
   * @throws BusyException when the BMC was not free in time; the message names the other call
   * @throws IOException when the tool cannot be started
   */
  public CommandRunner.Result run(Tools tools, List<String> argv, Duration timeout)
      throws BusyException, IOException, InterruptedException {
    if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new BusyException("another call to the BMC ('" + running + "') did not end within "
          + timeout.toSeconds() + " s");
    }
    try {
      running = BmcCommand.display(argv);
      return tools.run(argv, timeout);
    } finally {
      running = "";
      lock.unlock();
    }
  }
}
