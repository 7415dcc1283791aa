package io.tandem.backup.store;

import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole backup target and names every problem ({@code tandem backup verify}): each object
 * is rehashed, each manifest parsed, and each object a manifest needs must be stored. A deleted
 * message whose retention has passed may be purged, so its object is not required.
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

  private int checkManifests(List<Problem> problems) throws IOException {
    Instant cutoff = clock.instant().minus(keepDeleted);
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
      for (MessageEntry entry : run.added()) {
        requireObject(entry, file, problems);
      }
      run.accounts().filter(sha -> !objects.has(sha)).ifPresent(sha -> problems.add(
          new Problem(Kind.MISSING_OBJECT, file, "accounts object " + sha + " missing")));
      for (Deletion deletion : run.deletions()) {
        if (!Instant.ofEpochMilli(deletion.deletedAtMs()).isBefore(cutoff)) {
          requireObject(deletion.entry(), file, problems);
        }
      }
    }
    return parsed.size();
  }

  private void requireObject(MessageEntry entry, Path manifest, List<Problem> problems) {
    if (!objects.has(entry.sha256())) {
      problems.add(new Problem(Kind.MISSING_OBJECT, manifest, "object " + entry.sha256()
          + " missing (" + entry.user() + " " + entry.mailbox() + " uid " + entry.uid() + ")"));
    }
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
