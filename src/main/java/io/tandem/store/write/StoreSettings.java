package io.tandem.store.write;

import io.tandem.config.ApplianceConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the store needs from the configuration.
 *
 * @param root {@code store.root}, the maildirs
 * @param state {@code store.state}: journal, index, checkpoint, lock
 * @param usersFile {@code users.file}
 * @param host the appliance name, used in maildir file names
 * @param segmentSize journal segment size in bytes
 * @param fsyncWarn a journal force slower than this is logged
 * @param maxBatch most requests committed with one journal force
 * @param cacheSize per-user indexes kept open by the writer
 * @param checkpointInterval how often derived state is forced so the replay after a crash is
 *     short
 */
public record StoreSettings(
    Path root,
    Path state,
    Path usersFile,
    String host,
    long segmentSize,
    Duration fsyncWarn,
    int maxBatch,
    int cacheSize,
    Duration checkpointInterval) {

  /** The settings of a configured appliance. */
  public static StoreSettings of(ApplianceConfig config) {
    return new StoreSettings(config.store().root(), config.store().state(), config.users().file(),
        config.appliance().name(), config.journal().segmentSize(), config.journal().fsyncWarn(),
        config.journal().maxBatch(), config.index().cacheSize(), Duration.ofSeconds(1));
  }

  public Path journalDir() {
    return state.resolve("journal");
  }

  public Path indexDir() {
    return state.resolve("index");
  }
}
