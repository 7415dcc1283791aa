package io.tandem.backup.store;

import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole backup target and names every problem ({@code tandem backup verify}): each object
 * is rehashed, each manifest parsed with its parent present, and each object a restore may still
 * need must be stored (the states of the restorable runs and the messages deleted within
 * {@code backup.retention.deleted}). What retention has purged is not required.
 */
public final class BackupVerifier {
  private final ObjectStore objects;
  private final Manifests manifests;
  private final Duration keepDeleted;
  private final Clock clock;

  /** A verifier of the backup in {@code target}. */
  public BackupVerifier(Path target, Duration keepDeleted, Clock clock) {
    this.objects = new ObjectStore(target);
    this.manifests = new Manifests(target);
    this.keepDeleted = keepDeleted;
    this.clock = clock;
  }

  /** Checks everything; problems are reported, never thrown. I/O errors reading are problems. */
  public Report verify() throws IOException {
    List<Problem> problems = new ArrayList<>();
    long bytes = 0;
    List<Path> files = objects.files();
    for (Path file : files) {
      String name = ObjectStore.shaOf(file);
      if (name == null) {
        problems.add(new Problem(Kind.STRAY_FILE, file, "not an object name"));
        continue;
      }
      try {
        String actual = Sha256.ofFile(file);
        bytes += Files.size(file);
        if (!actual.equals(name)) {
          problems.add(new Problem(Kind.CORRUPT_OBJECT, file, "SHA-256 is " + actual));
        }
      } catch (IOException e) {
        problems.add(new Problem(Kind.CORRUPT_OBJECT, file, "unreadable: " + e.getMessage()));
      }
    }
    int runs = checkManifests(problems);
    return new Report(files.size(), bytes, runs, problems);
  }

  /**
   * Every manifest must parse and find its parent (structure, whatever its age). Objects are
   * required only where a restore may need them (ADR 0019): the state of each restorable run,
   * its accounts snapshot, and the messages deleted within the period. A run kept only as the
   * base of younger deltas may list bodies that retention has purged; that is not a problem.
   */
  private int checkManifests(List<Problem> problems) throws IOException {
    Map<String, Manifest> parsed = new HashMap<>();
    for (String id : manifests.ids()) {
      Path file = manifests.pathOf(id);
      try {
        parsed.put(id, manifests.read(id));
      } catch (IOException e) {
        problems.add(new Problem(Kind.BAD_MANIFEST, file, e.getMessage()));
      }
    }
    for (Manifest run : parsed.values()) {
      Path file = manifests.pathOf(run.runId());
      run.parent().filter(p -> !parsed.containsKey(p)).ifPresent(p -> problems.add(
          new Problem(Kind.BROKEN_CHAIN, file, "parent run " + p + " missing or unreadable")));
    }
    Retention.plan(parsed.values(), clock.instant(), keepDeleted, (sha, runId, entry) -> {
      if (!objects.has(sha)) {
        problems.add(new Problem(Kind.MISSING_OBJECT, manifests.pathOf(runId), (entry == null
            ? "accounts object " + sha : "object " + sha + " of " + entry.user() + " "
            + entry.mailbox() + " uid " + entry.uid()) + " missing; restorable run " + runId
            + " needs it"));
      }
    });
    return parsed.size();
  }

  /** What kind of problem. */
  public enum Kind {
    /** An object file whose bytes do not hash to its name, or that cannot be read. */
    CORRUPT_OBJECT,
    /** A file among the objects whose name is not a hash. */
    STRAY_FILE,
    /** A manifest that does not parse. */
    BAD_MANIFEST,
    /** A manifest whose parent run is missing or does not parse. */
    BROKEN_CHAIN,
    /** A manifest needs an object that is not stored. */
    MISSING_OBJECT
  }

  /**
   * One problem.
   *
   * @param kind what kind
   * @param file the object or manifest file concerned
   * @param detail what is wrong with it
   */
  public record Problem(Kind kind, Path file, String detail) {
    @Override
    public String toString() {
      return kind + " " + file + ": " + detail;
    }
  }

  /**
   * The outcome.
   *
   * @param objects how many object files were read
   * @param bytes how many bytes they hold
   * @param manifests how many manifests parsed
   * @param problems every problem found, objects first
   */
  public record Report(int objects, long bytes, int manifests, List<Problem> problems) {
    /** Copies the list. */
    public Report {
      problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }
}
