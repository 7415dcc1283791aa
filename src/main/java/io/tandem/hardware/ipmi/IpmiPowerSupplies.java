package io.tandem.hardware.ipmi;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Psu;
import io.tandem.hardware.Sources;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This appliance's power supplies, from its BMC: runs {@code <ipmi.command> sdr type "Power
 * Supply"} through {@link Tools} (one call at a time, {@link BmcAccess}) within the timeout and
 * reads the listing with {@link PowerSupplySdr}. Anything short of a listing with at least one
 * supply is a {@link HardwareException} saying what happened and to which BMC: the tool missing,
 * no answer in time (ipmitool killed), a non-zero exit (its last error line quoted), output that
 * is no listing, or a listing without a single power supply. Thread-safe.
 */
public final class IpmiPowerSupplies implements Sources.PowerSupplies {
  private static final Logger LOG = LoggerFactory.getLogger(IpmiPowerSupplies.class);
  private static final String[] ARGS = {"sdr", "type", "Power Supply"};

  private final BmcCommand command;
  private final Tools tools;
  private final BmcAccess access;
  private final Duration timeout;

  public IpmiPowerSupplies(BmcCommand command, Tools tools, BmcAccess access, Duration timeout) {
    this.command = Objects.requireNonNull(command, "command");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.access = Objects.requireNonNull(access, "access");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public List<Psu> read() throws HardwareException {
    return readReport().psus();
  }

  /** The supplies with the redundancy sensor and the parser's notes. */
  public PowerSupplyReport readReport() throws HardwareException {
    List<String> argv = command.argv(ARGS);
    String what = BmcCommand.display(argv);
    CommandRunner.Result result;
    try {
      result = access.run(tools, argv, timeout);
    } catch (IOException e) {
      throw failure(e.getMessage() + " (ipmi.command)");
    } catch (BmcAccess.BusyException e) {
      throw failure(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while running " + what);
    }
    if (result.timedOut()) {
      throw failure(command.bmc() + " did not answer within " + timeout.toSeconds()
          + " s (ipmitool was killed): " + what);
    }
    if (result.exitCode() != 0) {
      throw failure(what + " failed: " + BmcCommand.describe(result));
    }
    PowerSupplyReport report = PowerSupplySdr.parse(result.stdout());
    if (report.psus().isEmpty()) {
      String printed = PowerSupplySdr.quote(result.stdout().replace('\n', ' '));
      throw failure(printed.isEmpty()
          ? command.bmc() + " lists no Power Supply sensors (" + what + " printed nothing)"
          : what + " printed no power supply sensor: '" + printed + "'");
    }
    if (!report.notes().isEmpty()) {
      LOG.debug("power supplies from {}: {}", command.bmc(), report.notes());
    }
    return report;
  }

  private HardwareException failure(String why) {
    return new HardwareException("cannot read the power supplies: " + why);
  }
}
