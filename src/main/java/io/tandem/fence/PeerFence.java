package io.tandem.fence;

import io.tandem.command.CommandRunner;
import io.tandem.command.CommandWords;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Powers the partner appliance off through its BMC before this one is promoted ({@code tandem
 * promote --force --fence}), and confirms it: runs {@code <peer.ipmi.command> chassis power
 * off}, then asks {@code <peer.ipmi.command> chassis power status} until it answers {@code
 * Chassis Power is off}, all within one overall bound. Only that answer confirms the fence;
 * anything else (no such tool, an error from the BMC, no answer, the power still on when the
 * bound runs out) is a {@link FenceException} whose message says what happened, to which BMC,
 * and what the operator can do. Thread-safe (keeps no state between calls).
 */
public final class PeerFence {
  /** One ipmitool call (a BMC that does not answer is given up on after this). */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /** The whole fence: power off and confirmation. */
  public static final Duration OVERALL_TIMEOUT = Duration.ofSeconds(30);
  /** Between two status questions while the power is still on. */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  /** ipmitool options whose value is a secret, masked in every message and log line. */
  private static final Set<String> SECRET_OPTIONS = Set.of("-P", "-k", "-y");

  private final List<String> command;
  private final CommandRunner runner;
  private final Duration commandTimeout;
  private final Duration overall;
  private final Duration pollInterval;

  /**
   * What a confirmed fence did.
   *
   * @param bmc the BMC, as {@link #bmc()} names it
   * @param elapsed from the power-off request to the confirmation
   * @param statusQueries how many times the status was asked
   * @param note what the power-off request answered (or why its failure did not matter)
   */
  public record Confirmation(String bmc, Duration elapsed, int statusQueries, String note) {}

  public PeerFence(List<String> ipmiCommand, CommandRunner runner, Duration commandTimeout,
      Duration overall, Duration pollInterval) {
    if (ipmiCommand.isEmpty()) {
      throw new IllegalArgumentException("empty peer.ipmi.command");
    }
    this.command = List.copyOf(ipmiCommand);
    this.runner = runner;
    this.commandTimeout = commandTimeout;
    this.overall = overall;
    this.pollInterval = pollInterval;
  }

  /** With the default bounds ({@link #COMMAND_TIMEOUT}, {@link #OVERALL_TIMEOUT}). */
  public static PeerFence of(List<String> ipmiCommand) {
    return new PeerFence(ipmiCommand, new CommandRunner(), COMMAND_TIMEOUT, OVERALL_TIMEOUT,
        POLL_INTERVAL);
  }

  /**
   * The BMC this fence talks to, for messages: the {@code -H} host (with {@code -p} port) of the
   * command, or the command itself (secrets masked) when it names none.
   */
  public String bmc() {
    String host = optionValue("-H");
    if (host == null) {
      return "'" + displayCommand() + "'";
    }
    String port = optionValue("-p");
    return port == null ? host : host + " port " + port;
  }

  /** The configured command with the values of -P, -k and -y replaced by {@code ***}. */
  public String displayCommand() {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < command.size(); i++) {
      String word = command.get(i);
      shown.add(word);
      if (SECRET_OPTIONS.contains(word) && i + 1 < command.size()) {
        shown.add("***");
        i++;
      } else if (word.length() > 2 && SECRET_OPTIONS.contains(word.substring(0, 2))
          && word.startsWith("-")) {
        shown.set(shown.size() - 1, word.substring(0, 2) + "***");
      }
    }
    return CommandWords.join(shown);
  }

  private String optionValue(String option) {
    for (int i = 0; i + 1 < command.size(); i++) {
      if (command.get(i).equals(option)) {
        return command.get(i + 1);
      }
    }
    return null;
  }

  /**
   * Powers the partner off and waits until its BMC reports the power off.
   *
   * @throws FenceException when that is not confirmed; nothing may be promoted then
   * @throws InterruptedException when interrupted (the running ipmitool is killed)
   */
  public Confirmation powerOff() throws FenceException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + overall.toNanos();
    Duration offTimeout = timeoutFor(deadline);
    CommandRunner.Result off = run(offTimeout, "chassis", "power", "off");
    String note;
    int queries = 0;
    if (off.timedOut()) {
      throw failure("its BMC did not answer 'chassis power off' within "
          + seconds(offTimeout));
    } else if (!off.succeeded()) {
      // Some BMCs refuse to power off a chassis that is off already: ask before giving up.
      CommandRunner.Result status = run(timeoutFor(deadline), "chassis", "power", "status");
      queries++;
      if (status.succeeded() && ChassisPower.parseStatus(status.stdout()) == ChassisPower.OFF) {
        note = "'chassis power off' failed (" + describe(off) + ") but the chassis reports"
            + " its power off already";
        return new Confirmation(bmc(), Duration.ofNanos(System.nanoTime() - start), queries,
            note);
      }
      throw failure("'chassis power off' failed: " + describe(off));
    } else {
      note = ChassisPower.acknowledgesOff(off.stdout()) ? "power off acknowledged"
          : "power off answered '" + off.stdout().strip() + "'";
    }
    String problem = null;
    while (true) {
      Duration timeout = timeoutFor(deadline);
      CommandRunner.Result status = run(timeout, "chassis", "power", "status");
      queries++;
      if (status.timedOut() && problem != null && timeout.compareTo(commandTimeout) < 0) {
        // The overall bound cut this question short: the last real answer says more.
        throw failure("the power was not confirmed off within " + seconds(overall) + " ("
            + note + "; " + problem + ")");
      } else if (status.timedOut()) {
        problem = "its BMC did not answer 'chassis power status' within "
            + seconds(timeout);
      } else if (!status.succeeded()) {
        problem = "'chassis power status' failed: " + describe(status);
      } else {
        ChassisPower power = ChassisPower.parseStatus(status.stdout());
        if (power == ChassisPower.OFF) {
          return new Confirmation(bmc(), Duration.ofNanos(System.nanoTime() - start), queries,
              note);
        }
        problem = power == ChassisPower.ON
            ? "the chassis still reports 'Chassis Power is on' after " + queries
                + (queries == 1 ? " question" : " questions")
            : "'chassis power status' answered something unexpected: '"
                + status.stdout().strip() + "'";
      }
      long now = System.nanoTime();
      if (now + pollInterval.toNanos() >= deadline) {
        throw failure("the power was not confirmed off within " + seconds(overall) + " ("
            + note + "; " + problem + ")");
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /** A question's bound: the command timeout, or what is left of the overall bound. */
  private Duration timeoutFor(long deadline) {
    long left = Math.max(0, deadline - System.nanoTime());
    return Duration.ofNanos(Math.min(left, commandTimeout.toNanos()));
  }

  private CommandRunner.Result run(Duration timeout, String... args)
      throws FenceException, InterruptedException {
    List<String> words = new ArrayList<>(command);
    words.addAll(List.of(args));
    try {
      return runner.run(words, timeout);
    } catch (IOException e) {
      throw failure(e.getMessage() + " (peer.ipmi.command)");
    }
  }

  private FenceException failure(String what) {
    return new FenceException(bmc(), "could not power off the old primary through its BMC "
        + bmc() + ": " + what + ". Nothing was promoted. Check the BMC (its network, address"
        + " and credentials; try '" + displayCommand() + " chassis power status' by hand), or"
        + " make sure the old primary is off by other means (its power cord) and run 'tandem"
        + " promote --force' without --fence");
  }

  private static String describe(CommandRunner.Result result) {
    String line = result.lastErrorLine();
    return "exit " + result.exitCode() + (line.isEmpty() ? "" : ", '" + line + "'");
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
  }
}
