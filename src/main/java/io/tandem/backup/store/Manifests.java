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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runs on a backup target: {@code <target>/runs/<run-id>.manifest}, each written whole and
 * atomically (a temporary {@code .<run-id>.manifest.tmp} beside it, forced, renamed, folder
 * forced). A run exists once its manifest has been renamed into place, so an interrupted run
 * leaves the earlier runs as they were and is not a run; any other name in the folder is ignored.
 */
public final class Manifests implements RunSource {
  private static final String SUFFIX = ".manifest";
  private static final Comparator<RunInfo> BY_TIME =
      Comparator.comparing(RunInfo::time).thenComparing(RunInfo::runId);

  private final Path runs;
  /** The runs read so far, by id: a run is read whole once per instance, not at every look. */
  private final Map<String, RunInfo> infos = new HashMap<>();

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
    try (Writing writing = begin(manifest)) {
      writing.commit();
    }
  }

  /**
   * Starts writing a run's manifest into its temporary file, with {@code head}'s fields and
   * changes; more changes may be added before {@link Writing#commit} makes it a run. Closed
   * without a commit (a failed or killed run), it leaves no run and the earlier runs as they were.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the run exists
   */
  public Writing begin(Manifest head) throws IOException {
    Path file = pathOf(head.runId());
    if (Files.exists(file)) {
      throw new java.nio.file.FileAlreadyExistsException(file.toString(), null,
          "backup run already written");
    }
    Files.createDirectories(runs);
    Path tmp = runs.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    FileChannel channel = FileChannel.open(tmp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    try {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 65536);
      return new Writing(file, tmp, channel, out, ManifestCodec.begin(head, out));
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** A manifest being written: not a run until {@link #commit}. */
  public final class Writing implements AutoCloseable {
    private final Path file;
    private final Path tmp;
    private final FileChannel channel;
    private final OutputStream out;
    private final ManifestCodec.Writer writer;
    private boolean committed;

    private Writing(Path file, Path tmp, FileChannel channel, OutputStream out,
        ManifestCodec.Writer writer) {
      this.file = file;
      this.tmp = tmp;
      this.channel = channel;
      this.out = out;
      this.writer = writer;
    }

    /** Adds a change line. */
    public void add(Manifest.Change change) throws IOException {
      writer.add(change);
    }

    /** Writes the end line, forces the file, renames it into place and forces the folder. */
    public void commit() throws IOException {
      writer.finish();
      out.flush();
      channel.force(true);
      channel.close();
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      Fsync.directory(runs);
    }

    /** Drops the temporary file unless committed. */
    @Override
    public void close() throws IOException {
      if (!committed) {
        try {
          channel.close();
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
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
   * Reads one run whole: for tests and small runs; a full run of a large store is read through
   * {@link #info} and {@link #changes}.
   *
   * @throws ManifestFormatException when its file does not parse or names another run
   */
  public Manifest read(String runId) throws IOException {
    List<Manifest.Change> changes = new ArrayList<>();
    RunInfo info = changes(runId, changes::add);
    return new Manifest(info.runId(), info.time(), info.parent(), info.afterSeq(),
        info.uptoSeq(), changes, info.accounts());
  }

  /**
   * Streams one run's changes to {@code sink} (ADR 0021). The file is checked as a whole only at
   * its end: when this throws, the caller undoes what the changes told it.
   *
   * @return the run's fields and counts
   * @throws ManifestFormatException when its file does not parse or names another run
   */
  @Override
  public RunInfo changes(String runId, ChangeSink sink) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(pathOf(runId)), 65536)) {
      RunInfo info = ManifestCodec.read(in, sink);
      if (!info.runId().equals(runId)) {
        throw new ManifestFormatException(pathOf(runId) + " holds run " + info.runId());
      }
      infos.put(runId, info);
      return info;
    }
  }

  /**
   * A run's fields, its whole file checked; kept once read (a run's file is never rewritten,
   * only deleted).
   *
   * @throws ManifestFormatException when its file does not parse or names another run
   */
  public RunInfo info(String runId) throws IOException {
    RunInfo info = infos.get(runId);
    return info != null ? info : changes(runId, change -> { });
  }

  @Override
  public List<RunInfo> runs() throws IOException {
    return readable();
  }

  /** Every run that parses, oldest first (by time, then id); the others are left out. */
  public List<RunInfo> readable() throws IOException {
    List<RunInfo> out = new ArrayList<>();
    for (String id : ids()) {
      try {
        out.add(info(id));
      } catch (ManifestFormatException e) {
        // Not a run we can use; BackupVerifier names it.
      }
    }
    out.sort(BY_TIME);
    return out;
  }

  /**
   * The run's chain, its full base first and the run itself last: what a restore of it replays.
   * Read whole: for tests and small chains ({@link #chainInfo} otherwise).
   *
   * @throws ManifestFormatException when an ancestor is missing, does not parse, or the parents
   *     loop
   */
  public List<Manifest> chain(String runId) throws IOException {
    List<Manifest> out = new ArrayList<>();
    for (RunInfo link : chainInfo(runId)) {
      out.add(read(link.runId()));
    }
    return out;
  }

  /**
   * The fields of the run's chain, its full base first and the run itself last.
   *
   * @throws ManifestFormatException when an ancestor is missing, does not parse, or the parents
   *     loop
   */
  public List<RunInfo> chainInfo(String runId) throws IOException {
    Deque<RunInfo> chain = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (Optional<String> id = Optional.of(runId); id.isPresent(); ) {
      if (!seen.add(id.get())) {
        throw new ManifestFormatException("run " + runId + ": parents loop at " + id.get());
      }
      if (!Files.isRegularFile(pathOf(id.get()))) {
        throw new ManifestFormatException("run " + runId + ": ancestor " + id.get() + " missing");
      }
      RunInfo link = info(id.get());
      chain.addFirst(link);
      id = link.parent();
    }
    return List.copyOf(chain);
  }

  /**
   * The newest run (by time, then id) that parses and whose whole chain is present and parses:
   * the run a restore or the next incremental run starts from. Empty when there is none.
   */
  public Optional<RunInfo> latestComplete() throws IOException {
    List<RunInfo> all = readable();
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        chainInfo(all.get(i).runId());
        return Optional.of(all.get(i));
      } catch (ManifestFormatException e) {
        // A broken chain: try the run before it.
      }
    }
    return Optional.empty();
  }

  /** Removes a run's manifest (retention); false when it was not there. */
  public boolean delete(String runId) throws IOException {
    infos.remove(runId);
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
