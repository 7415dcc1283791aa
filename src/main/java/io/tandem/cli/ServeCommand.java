package io.tandem.cli;

import io.tandem.ApplianceService;
import io.tandem.config.ApplianceConfig;
import io.tandem.journal.JournalCorruptException;
import io.tandem.lifecycle.ExitCode;
import io.tandem.store.write.StoreLock;
import java.net.BindException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tandem serve}: runs one appliance in the foreground until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run one appliance in the foreground (what systemd runs). Stops cleanly on"
        + " SIGTERM: in-flight deliveries finish, nothing is left half-written.")
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    ApplianceConfig loaded = config.load();
    LOG.debug("Effective configuration:\n{}", loaded.describe());
    ApplianceService service = startOrExplain(loaded);
    StopSignals.awaitTermOrInt(service.readyLine());
    service.close();
    return ExitCode.OK.code();
  }

  private static ApplianceService startOrExplain(ApplianceConfig config) {
    try {
      return ApplianceService.start(config, ServeCommand::die);
    } catch (StoreLock.StoreLockedException e) {
      throw new CliException(ExitCode.STORE_LOCKED, e.getMessage());
    } catch (JournalCorruptException e) {
      throw new CliException(ExitCode.JOURNAL_CORRUPT, "the journal is damaged: "
          + e.getMessage() + "; run 'tandem journal verify' and see docs/operations.md");
    } catch (BindException e) {
      throw new CliException(ExitCode.CANNOT_LISTEN, "cannot listen: " + e.getMessage()
          + " (is another service on that port? check lmtp.listen and admin.listen)");
    } catch (Exception e) {
      LOG.error("Start-up failed", e);
      throw new CliException(ExitCode.RECOVERY_FAILED, "start-up failed: " + e);
    } catch (OutOfMemoryError e) {
      throw new CliException(ExitCode.RECOVERY_FAILED, "start-up ran out of memory ("
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap); start once with a larger"
          + " -Xmx (TANDEM_JAVA_OPTS for ./tandem) and report it");
    }
  }

  /** Fail-stop: log, then exit so systemd restarts the service and recovery replays. */
  private static void die(ExitCode code, String message, Throwable cause) {
    LOG.error("FATAL ({}): {}; stopping so that the service restarts and recovers", code, message,
        cause);
    Runtime.getRuntime().halt(code.code());
  }
}
