package io.tandem.store.attic;

import io.tandem.store.apply.BodyRetention;
import io.tandem.util.Fsync;
import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bodies of removed messages, kept on the store filesystem until every consumer of the journal
 * has passed the entry that removed them. Without it a replica that is behind could not be sent
 * a message that was delivered and then expunged while it was away: the journal still holds the
 * delivery, but its file would be gone (ADR 0008).
 *
 * <p>A kept file is renamed (never copied) to {@code .tandem-attic/SEQ-SHA256}, so the content
 * address finds it and the seq tells when it may go. Keeping happens on the committer thread;
 * finding and pruning on the replication threads. Thread-safe.
 */
public final class Attic implements BodyRetention {
  private static final Logger LOG = LoggerFactory.getLogger(Attic.class);

  private final Path dir;
  private final BooleanSupplier needed;
  /** Every kept file and the seq that removed it. */
  private final Map<Path, Long> files = new ConcurrentHashMap<>();
  /** A kept file for each body hash (the newest, when a body was removed several times). */
  private final Map<String, Path> bySha = new ConcurrentHashMap<>();

  private Attic(Path dir, BooleanSupplier needed) {
    this.dir = dir;
    this.needed = needed;
  }

  /**
   * Opens the attic folder, creating it when missing, and lists what it holds.
   *
   * @param needed whether removed bodies must be kept now (this appliance is a primary with a
   *     replica); when false, removed files are deleted at once
   */
  public static Attic open(Path dir, BooleanSupplier needed) throws IOException {
    Files.createDirectories(dir);
    Attic attic = new Attic(dir, needed);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path file : entries) {
        AtticName.parse(file.getFileName().toString()).ifPresentOrElse(
            name -> attic.remember(file, name.seq(), name.sha256()),
            () -> LOG.warn("Ignoring {} in the attic: not a SEQ-SHA256 name Tandem writes",
                file));
      }
    }
    return attic;
  }

  @Override
  public Optional<Path> keep(Path file, String sha256, long seq) throws IOException {
    if (!needed.getAsBoolean()) {
      return Optional.empty();
    }
    Path target = dir.resolve(new AtticName(seq, sha256).toString());
    if (Files.exists(target)) {
      // A replay of an entry already applied once: the first rename kept the body.
      Files.deleteIfExists(file);
    } else {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    }
    remember(target, seq, sha256);
    return Optional.of(dir);
  }

  /** A kept file with these contents, if any. Its bytes must still be checked by the reader. */
  public Optional<Path> find(String sha256) {
    return Optional.ofNullable(bySha.get(sha256)).filter(Files::exists);
  }

  /** How many bodies are kept. */
  public int size() {
    return files.size();
  }

  /**
   * Deletes the bodies removed by entries up to {@code seq}: every consumer has them.
   *
   * @return how many files were deleted
   */
  public int pruneThrough(long seq) {
    int pruned = 0;
    for (Map.Entry<Path, Long> kept : files.entrySet()) {
      if (kept.getValue() <= seq) {
        Path file = kept.getKey();
        try {
          Files.deleteIfExists(file);
          files.remove(file);
          bySha.values().remove(file);
          pruned++;
        } catch (IOException e) {
          LOG.warn("Could not delete {} from the attic: {}; it is tried again later", file,
              e.toString());
        }
      }
    }
    if (pruned > 0) {
      try {
        Fsync.directory(dir);
      } catch (IOException e) {
        // Only space is at stake: a file that comes back after a crash is pruned again.
        LOG.debug("Forcing {} failed: {}", dir, e.toString());
      }
    }
    return pruned;
  }

  private void remember(Path file, long seq, String sha256) {
    files.put(file, seq);
    bySha.merge(sha256, file, (old, added) -> seqOf(old) >= seq ? old : added);
  }

  private long seqOf(Path file) {
    return files.getOrDefault(file, 0L);
  }

  /** The file name of a kept body: {@code SEQ-SHA256}. */
  record AtticName(long seq, String sha256) {
    AtticName {
      Sha256.require(sha256);
    }

    static Optional<AtticName> parse(String name) {
      int dash = name.indexOf('-');
      if (dash < 1) {
        return Optional.empty();
      }
      try {
        long seq = Long.parseLong(name.substring(0, dash));
        String sha = name.substring(dash + 1);
        return Sha256.isHex(sha) && seq > 0 ? Optional.of(new AtticName(seq, sha))
            : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    @Override
    public String toString() {
      return seq + "-" + sha256;
    }
  }
}
