package io.tandem.backup.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which runs and objects a backup keeps (ADR 0014, 0019). A function of the runs, the time and
 * the retention period ({@code backup.retention.deleted}, {@link #DEFAULT_DELETED} by default);
 * the runs' changes are streamed and the object sets kept in a scratch database, so the heap
 * holds only the runs' fields whatever the store's size (ADR 0021).
 *
 * <ul>
 *   <li>A run is <em>restorable</em> while its time is within the period, and the newest run whose
 *       chain is complete always is (messages still present are always kept). A point-in-time
 *       restore may name only these.
 *   <li>A run is kept when it is restorable or an ancestor of a restorable run (a delta needs its
 *       chain to be replayed); the others are dropped. A kept run that is not restorable is only
 *       a base: the objects of its own state may be purged.
 *   <li>An object is live when the replayed state of a restorable run holds it, a restorable run
 *       holds it as its accounts snapshot, or a run records its deletion within the period. Every
 *       other object is purged: a deleted message exactly once its deletion is older than the
 *       period, whatever old base still lists it.
 * </ul>
 */
public final class Retention {
  /** Deleted mail stays restorable this long after its deletion unless configured otherwise. */
  public static final Duration DEFAULT_DELETED = Duration.ofDays(7);

  private static final Comparator<RunInfo> BY_TIME =
      Comparator.comparing(RunInfo::time).thenComparing(RunInfo::runId);

  /** Told once of each live object, with the first run and message found needing it. */
  @FunctionalInterface
  public interface Needs {
    /**
     * @param sha256 the object
     * @param runId the run that needs it
     * @param place the message it is the body of, or null for an accounts snapshot
     */
    void need(String sha256, String runId, MessageEntry.Key place) throws IOException;
  }

  /** Told of each object to purge. */
  @FunctionalInterface
  public interface Purge {
    void purge(String sha256) throws IOException;
  }

  /** Where scratch databases go when the caller has no better place (tests, another machine). */
  public static final Path TEMPORARY_FOLDER = Path.of(System.getProperty("java.io.tmpdir"));

  private Retention() {}

  /** Removes the scratch databases a killed run left in {@code dir}; only while none runs. */
  public static void cleanScratch(Path dir) throws IOException {
    ScratchState.cleanTemporaries(dir);
  }

  /** The runs a restore may name: those within the period and the newest complete one. */
  public static Set<String> restorable(Collection<RunInfo> runs, Instant now,
      Duration keepDeleted) {
    if (keepDeleted.isNegative()) {
      throw new IllegalArgumentException("negative retention: " + keepDeleted);
    }
    Instant cutoff = now.minus(keepDeleted);
    Map<String, RunInfo> byId = byId(runs);
    Set<String> out = new TreeSet<>();
    runs.stream().filter(run -> !run.time().isBefore(cutoff))
        .forEach(run -> out.add(run.runId()));
    runs.stream().sorted(BY_TIME.reversed()).filter(run -> chainOf(run, byId).isPresent())
        .findFirst().ifPresent(run -> out.add(run.runId()));
    return out;
  }

  /**
   * The whole decision for runs held in memory (tests, small tools), its object sets collected
   * (a scratch file in the temporary folder holds the working sets meanwhile).
   */
  public static Plan plan(Collection<Manifest> runs, Instant now, Duration keepDeleted) {
    Set<String> live = new HashSet<>();
    List<String> purgeable = new ArrayList<>();
    try {
      Runs decided = decide(RunSource.of(runs), now, keepDeleted, TEMPORARY_FOLDER,
          (sha, runId, place) -> live.add(sha),
          purgeable::add);
      return new Plan(decided.restorable(), decided.kept(), decided.droppable(), live,
          purgeable);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The decision for the runs of {@code source} at {@code now}: returns which runs are
   * restorable, kept and droppable; tells {@code needs} of each live object once (the verifier
   * checks that each is stored) and {@code purge} of each object to delete, sorted. The object
   * sets, as large as the store, stay out of the heap in a scratch database in {@code scratch}
   * (ADR 0021); only the runs' fields are held.
   *
   * @param keepDeleted how long a deleted message stays restorable, and a run restorable
   */
  public static Runs decide(RunSource source, Instant now, Duration keepDeleted, Path scratch,
      Needs needs, Purge purge) throws IOException {
    Instant cutoff = now.minus(keepDeleted);
    List<RunInfo> runs = source.runs();
    Map<String, RunInfo> byId = byId(runs);
    Set<String> restorable = restorable(runs, now, keepDeleted);
    Set<String> kept = new TreeSet<>();
    for (String id : restorable) {
      for (RunInfo run = byId.get(id); run != null && kept.add(run.runId()); ) {
        run = run.parent().map(byId::get).orElse(null);
      }
    }
    Set<String> droppable = new TreeSet<>(byId.keySet());
    droppable.removeAll(kept);

    try (ScratchState sets = ScratchState.open(scratch)) {
      Needs sink = (sha, runId, place) -> {
        if (sets.markLive(sha)) {
          needs.need(sha, runId, place);
        }
      };
      restorableStates(source, runs, restorable, byId, sets, sink);
      for (RunInfo run : runs) {
        boolean restorableRun = restorable.contains(run.runId());
        if (!restorableRun && run.accounts().isPresent()) {
          sets.candidate(run.accounts().get());
        }
        source.changes(run.runId(), change -> {
          if (change instanceof Manifest.Change.Put put) {
            if (!restorableRun) {
              sets.candidate(put.entry().sha256());
            }
            return;
          }
          Deletion deletion = ((Manifest.Change.Remove) change).deletion();
          String sha = deletion.entry().sha256();
          if (Instant.ofEpochMilli(deletion.deletedAtMs()).isBefore(cutoff)) {
            sets.candidate(sha);
          } else {
            sink.need(sha, run.runId(), deletion.entry().key());
          }
        });
      }
      sets.forEachPurgeable(purge::purge);
    }
    return new Runs(restorable, kept, droppable);
  }

  /**
   * Tells {@code sink} of every object in the state of each restorable run. The runs are taken
   * in time order and a state is carried on to the next delta of its run, so a chain is replayed
   * once however many of its runs are restorable; a carried state needs only the run's own puts
   * told (every other message of it was in the state before, already told). A restorable run
   * whose chain is broken cannot be replayed: every message its present runs add is kept
   * (nothing a repaired chain needs is purged; {@code tandem backup verify} names the break).
   */
  private static void restorableStates(RunSource source, List<RunInfo> runs,
      Set<String> restorable, Map<String, RunInfo> byId, ScratchState state, Needs sink)
      throws IOException {
    String last = null;
    for (RunInfo run : runs.stream().filter(r -> restorable.contains(r.runId()))
        .sorted(BY_TIME).toList()) {
      if (run.accounts().isPresent()) {
        sink.need(run.accounts().get(), run.runId(), null);
      }
      Optional<List<RunInfo>> chain = chainOf(run, byId);
      if (chain.isEmpty()) {
        Set<String> seen = new HashSet<>();
        for (RunInfo link = run; link != null && seen.add(link.runId());
            link = link.parent().map(byId::get).orElse(null)) {
          source.changes(link.runId(), change -> {
            if (change instanceof Manifest.Change.Put put) {
              sink.need(put.entry().sha256(), run.runId(), put.entry().key());
            }
          });
        }
        last = null;
        continue;
      }
      if (last != null && !run.isFull() && run.parent().get().equals(last)) {
        source.changes(run.runId(), state::apply);
        // Only the run's puts can be new to the state; those it still holds are needed.
        source.changes(run.runId(), change -> {
          if (change instanceof Manifest.Change.Put put && state.holds(put.entry())) {
            sink.need(put.entry().sha256(), run.runId(), put.entry().key());
          }
        });
      } else {
        state.clearState();
        for (RunInfo link : chain.get()) {
          source.changes(link.runId(), state::apply);
        }
        state.forEachInState((key, sha) -> sink.need(sha, run.runId(), key));
      }
      last = run.runId();
    }
  }

  /** The run's chain among {@code byId}, base first; empty when an ancestor is missing. */
  private static Optional<List<RunInfo>> chainOf(RunInfo run, Map<String, RunInfo> byId) {
    Deque<RunInfo> chain = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (RunInfo link = run; ; ) {
      if (!seen.add(link.runId())) {
        return Optional.empty();
      }
      chain.addFirst(link);
      if (link.isFull()) {
        return Optional.of(List.copyOf(chain));
      }
      link = byId.get(link.parent().get());
      if (link == null) {
        return Optional.empty();
      }
    }
  }

  private static Map<String, RunInfo> byId(Collection<RunInfo> runs) {
    Map<String, RunInfo> byId = new HashMap<>();
    runs.forEach(run -> byId.put(run.runId(), run));
    return byId;
  }

  /**
   * Which runs retention keeps.
   *
   * @param restorable the runs a restore may name
   * @param kept the runs to keep: the restorable ones and their ancestors
   * @param droppable the runs whose manifests may be deleted
   */
  public record Runs(Set<String> restorable, Set<String> kept, Set<String> droppable) {
    /** Copies the sets. */
    public Runs {
      restorable = Set.copyOf(restorable);
      kept = Set.copyOf(kept);
      droppable = Set.copyOf(droppable);
    }
  }

  /**
   * A retention decision with its object sets collected ({@link #plan}).
   *
   * @param restorable the runs a restore may name
   * @param kept the runs to keep: the restorable ones and their ancestors
   * @param droppable the runs whose manifests may be deleted
   * @param liveObjects the objects a restorable state or a recent deletion needs
   * @param purgeable the objects to delete, sorted: those some run lists (an addition or
   *     accounts snapshot of a run no longer restorable, a deletion older than the period) and
   *     that are not live. An object no run lists is left alone (it may be a killed run's, which
   *     the next run names).
   */
  public record Plan(Set<String> restorable, Set<String> kept, Set<String> droppable,
      Set<String> liveObjects, List<String> purgeable) {
    /** Copies the collections. */
    public Plan {
      restorable = Set.copyOf(restorable);
      kept = Set.copyOf(kept);
      droppable = Set.copyOf(droppable);
      liveObjects = Set.copyOf(liveObjects);
      purgeable = List.copyOf(purgeable);
    }
  }
}
