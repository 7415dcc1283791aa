package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import io.tandem.lifecycle.RoleState;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.StoreLock;
import io.tandem.store.write.StoreSettings;
import java.time.Clock;

/**
 * Opens the store inside the CLI process when no service runs, through the same journal and
 * apply path as the service (the store lock keeps a service from starting meanwhile).
 */
final class OfflineStore {
  private OfflineStore() {}

  static MailStore open(ApplianceConfig config) {
    try {
      RoleState role = RoleState.load(config.store().state(), config.role().initial());
      MailStore store = MailStore.open(StoreSettings.of(config), Clock.systemUTC(),
          ProcessHandle.current().pid(), role::epoch,
          io.tandem.replication.AtticPolicy.of(config, role), (code, message, cause) -> {
            throw new CliException(code, message);
          });
      store.setWriteGate(role::acceptsWrites); // a replica's users come from its primary
      return store;
    } catch (StoreLock.StoreLockedException e) {
      throw new CliException(ExitCode.STORE_LOCKED, e.getMessage()
          + "; the admin API at " + config.admin().listen() + " did not answer");
    } catch (Exception e) {
      throw new CliException(ExitCode.FAILURE, "cannot open the store: " + e.getMessage());
    }
  }
}
