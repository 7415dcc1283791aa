package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import io.tandem.store.UsersFile;
import io.tandem.store.index.IndexPool;
import io.tandem.store.index.IndexVerifier;
import io.tandem.store.index.UserIndex;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.Recovery;
import io.tandem.store.write.StoreLock;
import io.tandem.store.write.StoreSettings;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tandem index verify|rebuild}: check the index against the maildirs, or rebuild it. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Verify or rebuild the per-user SQLite index.")
public final class IndexCommand {

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check every index against its maildir (files present, hashes, no unindexed"
          + " files); exit 7 when something is wrong. Needs the service stopped.")
  int verify(@Mixin ConfigOption config,
      @Option(names = "--no-hashes", description = "Skip reading files to check SHA-256.")
          boolean noHashes) throws Exception {
    ApplianceConfig loaded = config.load();
    StoreSettings settings = StoreSettings.of(loaded);
    List<String> problems = new ArrayList<>();
    int users;
    try (StoreLock lock = locked(settings)) {
      UsersFile usersFile = UsersFile.load(settings.usersFile());
      IndexVerifier verifier =
          new IndexVerifier(new MaildirLayout(settings.root()), !noHashes);
      IndexPool pool = new IndexPool(settings.indexDir(), 1);
      users = usersFile.size();
      for (String user : usersFile.names()) {
        if (!Files.exists(pool.file(user))) {
          problems.add(user + ": has no index");
          continue;
        }
        try (UserIndex index = UserIndex.open(pool.file(user), user)) {
          problems.addAll(verifier.verify(index));
        }
      }
    }
    problems.forEach(System.out::println);
    if (!problems.isEmpty()) {
      throw new CliException(ExitCode.VERIFY_FAILED, problems.size() + " problems in " + users
          + " users");
    }
    System.out.println("index ok: " + users + " users");
    return 0;
  }

  @Command(name = "rebuild", mixinStandardHelpOptions = true,
      description = "Rebuild every index by replaying the whole journal (the old index is kept"
          + " aside as index.old-TIME). Needs the service stopped and a journal from seq 1.")
  int rebuild(@Mixin ConfigOption config) throws Exception {
    StoreSettings settings = StoreSettings.of(config.load());
    try {
      Recovery.Report report = MailStore.rebuildIndex(settings, Clock.systemUTC());
      System.out.println("index rebuilt from " + report.replayed() + " journal entries;"
          + " the old index is in " + settings.state() + "/index.old-*");
    } catch (StoreLock.StoreLockedException e) {
      throw new CliException(ExitCode.STORE_LOCKED, e.getMessage());
    }
    return 0;
  }

  private static StoreLock locked(StoreSettings settings) throws Exception {
    try {
      return StoreLock.acquire(settings.state());
    } catch (StoreLock.StoreLockedException e) {
      throw new CliException(ExitCode.STORE_LOCKED, e.getMessage());
    }
  }
}
