package io.tandem.hardware.smart;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Sources;
import io.tandem.hardware.Sources.SmartVerdict;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * SMART of one disk from {@code <smart.command> -a -j -n standby /dev/<device>}, run through
 * {@link Tools} (the machine's smartctl or the simulated enclosure's answers), parsed by {@link
 * SmartctlJson} and judged by {@link SmartVerdicts}.
 *
 * <p>A non-zero exit with valid JSON is a reading: its bits are judged. A disk in a low-power
 * mode is not woken: {@link #poll} answers {@link SmartReading.Asleep} and {@link #read} the
 * last verdict of that disk, with its reasons plus "asleep (standby), not woken to read SMART;
 * health from the last reading" and no temperature (unknown when the disk was never read).
 * The last reading of each disk is also what a rising UDMA CRC count is measured against (when
 * the serial is the same). {@link #forget} drops it when a disk is pulled.
 *
 * <p>Thread-safe: polls of different disks may run at once (each disk's last reading is kept
 * by its name).
 */
public final class SmartSource implements Sources.Smart {
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./-]*");

  private final Tools tools;
  private final List<String> command;
  private final Duration timeout;
  private final Map<String, SmartReading.Read> last = new ConcurrentHashMap<>();

  /**
   * @param tools runs smartctl
   * @param command the words of {@code smart.command} ({@code [smartctl]}, or with a sudo
   *     prefix)
   * @param timeout how long a run may take before it is killed (a dying disk can block
   *     smartctl for minutes)
   */
  public SmartSource(Tools tools, List<String> command, Duration timeout) {
    this.tools = Objects.requireNonNull(tools, "tools");
    this.command = List.copyOf(command);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (this.command.isEmpty()) {
      throw new IllegalArgumentException("smart.command has no words");
    }
  }

  /**
   * The verdict for {@code device} ({@code sdb}, {@code nvme0n1}; a {@code /dev/} prefix is
   * accepted).
   *
   * @throws HardwareException when smartctl cannot be run, hangs, or prints no JSON report
   */
  @Override
  public SmartVerdict read(String device) throws HardwareException {
    return poll(device).verdict();
  }

  /**
   * Reads {@code device}, telling a reading from a disk left asleep.
   *
   * @throws HardwareException when smartctl cannot be run, hangs, or prints no JSON report
   */
  public SmartReading poll(String device) throws HardwareException {
    String name = name(device);
    CommandRunner.Result result = run(name);
    SmartReport report;
    try {
      report = SmartctlJson.parse(result.stdout(), result.exitCode());
    } catch (HardwareException e) {
      throw new HardwareException("SMART of /dev/" + name + " unknown: " + e.getMessage()
          + exitAndError(result), e);
    }
    SmartReading.Read before = last.get(name);
    if (report.asleep()) {
      SmartVerdict kept = before == null ? null : before.verdict();
      return new SmartReading.Asleep(report.lowPowerMode(), kept,
          SmartVerdicts.asleep(report.lowPowerMode(), kept));
    }
    SmartReport baseline = before != null && before.report().serial().equals(report.serial())
        ? before.report() : null;
    SmartReading.Read reading =
        new SmartReading.Read(report, SmartVerdicts.judge(report, baseline));
    if (report.hasHealthData()) {
      last.put(name, reading);
    }
    return reading;
  }

  /**
   * Forgets what was read of {@code device}: call it when the disk leaves its bay, so that a
   * new disk under the same name is never given the old one's verdict while it sleeps.
   */
  public void forget(String device) throws HardwareException {
    last.remove(name(device));
  }

  /** The words run for {@code device}. */
  List<String> argv(String device) throws HardwareException {
    List<String> argv = new ArrayList<>(command);
    argv.addAll(List.of("-a", "-j", "-n", "standby", "/dev/" + name(device)));
    return argv;
  }

  private CommandRunner.Result run(String name) throws HardwareException {
    CommandRunner.Result result;
    try {
      result = tools.run(argv(name), timeout);
    } catch (IOException e) {
      throw new HardwareException("SMART of /dev/" + name + " unknown: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HardwareException("SMART of /dev/" + name + " unknown: interrupted", e);
    }
    if (result.timedOut()) {
      throw new HardwareException("SMART of /dev/" + name + " unknown: " + command.get(0)
          + " did not answer within " + seconds(timeout) + " and was stopped"
          + " (a failing disk can hold it for minutes)");
    }
    return result;
  }

  private static String name(String device) throws HardwareException {
    String name = device == null ? "" : device.strip();
    if (name.startsWith("/dev/")) {
      name = name.substring("/dev/".length());
    }
    if (!DEVICE.matcher(name).matches() || name.contains("..")) {
      throw new HardwareException("not a disk name: '" + device + "'");
    }
    return name;
  }

  private static String exitAndError(CommandRunner.Result result) {
    String error = result.stderr().isBlank() ? "" : ", " + result.lastErrorLine();
    return " (exit status " + result.exitCode() + error + ")";
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
