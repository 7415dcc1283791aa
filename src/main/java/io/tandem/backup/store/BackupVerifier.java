package io.tandem.backup.store;

import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
  private final Path scratch;

  /** A verifier of the backup in {@code target}, its scratch database in the temporary folder. */
  public BackupVerifier(Path target, Duration keepDeleted, Clock clock) {
    this(target, keepDeleted, clock, Retention.TEMPORARY_FOLDER);
  }

  /**
   * A verifier of the backup in {@code target}.
   *
   * @param scratch where retention's scratch database goes while it runs (ADR 0021)
   */
  public BackupVerifier(Path target, Duration keepDeleted, Clock clock, Path scratch) {
    this.objects = new ObjectStore(target);
    this.manifests = new Manifests(target);
    this.keepDeleted = keepDeleted;
    this.clock = clock;
    this.scratch = scratch;
  }

  /**
   * Checks everything; problems are reported, never thrown. I/O errors reading are problems.
   * Objects are read one by one and manifests streamed: the heap holds the problems and the runs'
   * fields, not the target's contents (ADR 0021).
   */
  public Report verify() throws IOException {
    List<Problem> problems = new ArrayList<>();
    long[] counts = new long[2];
    objects.forEachFile(file -> {
      String name = ObjectStore.shaOf(file);
      if (name == null) {
        problems.add(new Problem(Kind.STRAY_FILE, file, "not an object name"));
        return;
      }
      counts[0]++;
      try {
        String actual = Sha256.ofFile(file);
        counts[1] += Files.size(file);
        if (!actual.equals(name)) {
          problems.add(new Problem(Kind.CORRUPT_OBJECT, file, "SHA-256 is " + actual));
        }
      } catch (IOException e) {
        problems.add(new Problem(Kind.CORRUPT_OBJECT, file, "unreadable: " + e.getMessage()));
      }
    });
    int runs = checkManifests(problems);
    return new Report((int) counts[0], counts[1], runs, problems);
  }

  /**
   * Every manifest must parse and find its parent (structure, whatever its age). Objects are
   * required only where a restore may need them (ADR 0019): the state of each restorable run,
   * its accounts snapshot, and the messages deleted within the period. A run kept only as the
   * base of younger deltas may list bodies that retention has purged; that is not a problem.
   */
  private int checkManifests(List<Problem> problems) throws IOException {
    Set<String> parsed = new HashSet<>();
    List<RunInfo> runs = new ArrayList<>();
    for (String id : manifests.ids()) {
      try {
        runs.add(manifests.info(id));
        parsed.add(id);
      } catch (IOException e) {
        problems.add(new Problem(Kind.BAD_MANIFEST, manifests.pathOf(id), e.getMessage()));
      }
    }
    for (RunInfo run : runs) {
      Path file = manifests.pathOf(run.runId());
      run.parent().filter(p -> !parsed.contains(p)).ifPresent(p -> problems.add(
          new Problem(Kind.BROKEN_CHAIN, file, "parent run " + p + " missing or unreadable")));
    }
    Retention.decide(manifests, clock.instant(), keepDeleted, scratch, (sha, runId, place) -> {
      if (!objects.has(sha)) {
        problems.add(new Problem(Kind.MISSING_OBJECT, manifests.pathOf(runId), (place == null
            ? "accounts object " + sha : "object " + sha + " of " + place.user() + " "
            + place.mailbox() + " uid " + place.uid()) + " missing; restorable run " + runId
            + " needs it"));
      }
    }, sha -> { });
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
