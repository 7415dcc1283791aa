package io.tandem;

import io.tandem.cli.ConfigCommand;
import io.tandem.cli.DemoCommand;
import io.tandem.cli.IndexCommand;
import io.tandem.cli.JournalCommand;
import io.tandem.cli.ServeCommand;
import io.tandem.cli.StatusCommand;
import io.tandem.cli.UserCommand;
import io.tandem.lifecycle.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tandem} command: the service and the operators' tools. Exit codes: ExitCode. */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    version = "tandem 0.1.0",
    description = "Tandem mail storage appliance: the service and its operator commands.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      StatusCommand.class,
      io.tandem.cli.VerifyPeerCommand.class,
      io.tandem.cli.ScrubCommand.class,
      io.tandem.cli.BackupCommand.class,
      io.tandem.cli.RestoreCommand.class,
      io.tandem.cli.HardwareCommand.class,
      io.tandem.cli.PromoteCommand.class,
      io.tandem.cli.FailoverCommand.class,
      io.tandem.cli.DivergenceCommand.class,
      UserCommand.class,
      JournalCommand.class,
      IndexCommand.class,
      io.tandem.cli.TlsCommand.class,
      ConfigCommand.class,
      io.tandem.cli.SimCommand.class,
      io.tandem.cli.HotswapCommand.class
    })
public final class Tandem implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (the process exit code). */
  public static int run(String... args) {
    CommandLine line = new CommandLine(new Tandem());
    line.setExitCodeExceptionMapper(e -> ExitCode.FAILURE.code());
    line.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE.code());
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("tandem: " + e.getMessage());
      return e instanceof io.tandem.cli.CliException cli ? cli.exitCode().code()
          : ExitCode.FAILURE.code();
    });
    return line.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
