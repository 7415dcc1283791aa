package io.tandem.backup.store;

import io.tandem.util.Fsync;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runs on a backup target: {@code <target>/runs/<run-id>.manifest}, each written whole and
 * atomically (a temporary {@code .<run-id>.manifest.tmp} beside it, forced, renamed, folder
 * forced). A run exists once its manifest has been renamed into place, so an interrupted run
 * leaves the earlier runs as they were and is not a run; any other name in the folder is ignored.
 */
public final class Manifests {
  private static final String SUFFIX = ".manifest";
  private static final Comparator<Manifest> BY_TIME =
      Comparator.comparing(Manifest::time).thenComparing(Manifest::runId);

  private final Path runs;

  /** The runs of the backup in {@code target}; nothing is created yet. */
  public Manifests(Path target) {
    this.runs = target.resolve("runs");
  }

  /** {@code <target>/runs}. */
  public Path root() {
    return runs;
  }

  /** The file of run {@code runId}. */
  public Path pathOf(String runId) {
    Manifest.requireRunId(runId);
    return runs.resolve(runId + SUFFIX);
  }

  /**
   * Writes a run's manifest atomically. A run id is written once: an existing run is never
   * replaced.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the run exists
   */
  public void write(Manifest manifest) throws IOException {
    Path file = pathOf(manifest.runId());
    if (Files.exists(file)) {
      throw new java.nio.file.FileAlreadyExistsException(file.toString(), null,
          "backup run already written");
    }
    Files.createDirectories(runs);
    Path tmp = runs.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      try (FileChannel channel = FileChannel.open(tmp,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 65536);
        ManifestCodec.write(manifest, out);
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Fsync.directory(runs);
  }

  /** The ids of the runs present (files named {@code <run-id>.manifest}), sorted by name. */
  public List<String> ids() throws IOException {
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(runs)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX) && !name.startsWith(".") && Files.isRegularFile(file)) {
          out.add(name.substring(0, name.length() - SUFFIX.length()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Reads one run.
   *
   * @throws ManifestFormatException when its file does not parse or names another run
   */
  public Manifest read(String runId) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(pathOf(runId)), 65536)) {
      Manifest manifest = ManifestCodec.read(in);
      if (!manifest.runId().equals(runId)) {
        throw new ManifestFormatException(pathOf(runId) + " holds run " + manifest.runId());
      }
      return manifest;
    }
  }

  /** Every run that parses, oldest first (by time, then id); the others are left out. */
  public List<Manifest> readable() throws IOException {
    List<Manifest> out = new ArrayList<>();
    for (String id : ids()) {
      try {
        out.add(read(id));
      } catch (ManifestFormatException e) {
        // Not a run we can use; BackupVerifier names it.
      }
    }
    out.sort(BY_TIME);
    return out;
  }

  /**
   * The run's chain, its full base first and the run itself last: what a restore of it replays.
   *
   * @throws ManifestFormatException when an ancestor is missing, does not parse, or the parents
   *     loop
   */
  public List<Manifest> chain(String runId) throws IOException {
    Deque<Manifest> chain = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (Optional<String> id = Optional.of(runId); id.isPresent(); ) {
      if (!seen.add(id.get())) {
        throw new ManifestFormatException("run " + runId + ": parents loop at " + id.get());
      }
      if (!Files.isRegularFile(pathOf(id.get()))) {
        throw new ManifestFormatException("run " + runId + ": ancestor " + id.get() + " missing");
      }
      Manifest manifest = read(id.get());
      chain.addFirst(manifest);
      id = manifest.parent();
    }
    return List.copyOf(chain);
  }

  /**
   * The newest run (by time, then id) that parses and whose whole chain is present and parses:
   * the run a restore or the next incremental run starts from. Empty when there is none.
   */
  public Optional<Manifest> latestComplete() throws IOException {
    List<Manifest> all = readable();
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        chain(all.get(i).runId());
        return Optional.of(all.get(i));
      } catch (ManifestFormatException e) {
        // A broken chain: try the run before it.
      }
    }
    return Optional.empty();
  }

  /** Removes a run's manifest (retention); false when it was not there. */
  public boolean delete(String runId) throws IOException {
    boolean deleted = Files.deleteIfExists(pathOf(runId));
    if (deleted) {
      Fsync.directory(runs);
    }
    return deleted;
  }

  /**
   * Removes the temporary files of interrupted manifest writes. Only while no run writes the
   * target.
   *
   * @return how many were removed
   */
  public int cleanTemporaries() throws IOException {
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> files = Files.list(runs)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(SUFFIX + ".tmp") && Files.deleteIfExists(file)) {
          removed++;
        }
      }
    }
    return removed;
  }
}
