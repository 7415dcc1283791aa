package io.tandem.hardware.ipmi;

import io.tandem.alert.Alert;
import io.tandem.alert.AlertSink;
import io.tandem.command.CommandRunner;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the BMC's System Event Log of each alert raised, told again or cleared: writes the
 * {@link SelRecord} line to a temporary file (in {@code tmpDir}, removed afterwards) and runs
 * {@code <ipmi.command> sel add FILE} through {@link Tools}, one BMC call at a time ({@link
 * BmcAccess}, shared with the power-supply reads), within the timeout. It never throws: a
 * failure is logged once as a warning with the reason (the tool missing, no answer, ipmitool's
 * error such as "Add SEL Entry failed: Out of space"); the same failure again is only counted at
 * debug level, and the first success after failures is logged, so a BMC that is down makes one
 * line, not one per alert. Thread-safe.
 */
public final class SelSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger(SelSink.class);

  private final BmcCommand command;
  private final Tools tools;
  private final BmcAccess access;
  private final Duration timeout;
  private final Path tmpDir;
  private String lastProblem;
  private int repeats;

  public SelSink(BmcCommand command, Tools tools, BmcAccess access, Duration timeout,
      Path tmpDir) {
    this.command = Objects.requireNonNull(command, "command");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.access = Objects.requireNonNull(access, "access");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.tmpDir = Objects.requireNonNull(tmpDir, "tmpDir");
  }

  @Override
  public String name() {
    return "BMC event log";
  }

  @Override
  public void notify(Alert alert, Event event) throws InterruptedException {
    String problem = add(SelRecord.line(alert, event));
    String record = String.format(Locale.ROOT, "code 0x%04X = %s %s", SelRecord.code(alert.id()),
        alert.id(), event.name().toLowerCase(Locale.ROOT));
    synchronized (this) {
      if (problem == null) {
        if (lastProblem != null) {
          LOG.info("the {} works again ({} failure(s) before); added {}", name(), repeats + 1,
              record);
        } else {
          LOG.debug("added to the {}: {}", name(), record);
        }
        lastProblem = null;
        repeats = 0;
      } else if (problem.equals(lastProblem)) {
        repeats++;
        LOG.debug("the {} still fails ({} more time(s)): {}; not added: {}", name(), repeats,
            problem, record);
      } else {
        LOG.warn("Could not add to the {} of {}: {}; not added: {} (the same failure again is"
            + " logged at debug level only)", name(), command.bmc(), problem, record);
        lastProblem = problem;
        repeats = 0;
      }
    }
  }

  /** Adds the record; null when it worked, else why not. */
  private String add(String line) throws InterruptedException {
    Path file = null;
    try {
      file = Files.createTempFile(tmpDir, "tandem-sel-", ".txt");
      Files.writeString(file, line, StandardCharsets.US_ASCII);
      List<String> argv = command.argv("sel", "add", file.toString());
      CommandRunner.Result result = access.run(tools, argv, timeout);
      if (result.timedOut()) {
        return "no answer to 'sel add' within " + timeout.toSeconds() + " s (ipmitool killed)";
      }
      return result.exitCode() == 0 ? null : "'sel add' failed: " + BmcCommand.describe(result);
    } catch (IOException e) {
      return String.valueOf(e.getMessage());
    } catch (BmcAccess.BusyException e) {
      return e.getMessage();
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.debug("could not remove {}: {}", file, e.getMessage());
        }
      }
    }
  }
}
