package io.tandem.backup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
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
 * Which runs and objects a backup keeps (ADR 0014, 0019). Pure: a function of the runs, the time
 * and the retention period ({@code backup.retention.deleted}, {@link #DEFAULT_DELETED} by
 * default).
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

  private static final Comparator<Manifest> BY_TIME =
      Comparator.comparing(Manifest::time).thenComparing(Manifest::runId);

  /** Told once of each live object, with the first run and message found needing it. */
  @FunctionalInterface
  public interface Needs {
    /**
     * @param sha256 the object
     * @param runId the run that needs it
     * @param entry the message it is the body of, or null for an accounts snapshot
     */
    void need(String sha256, String runId, MessageEntry entry);
  }

  private Retention() {}

  /** The runs a restore may name: those within the period and the newest complete one. */
  public static Set<String> restorable(Collection<Manifest> runs, Instant now,
      Duration keepDeleted) {
    if (keepDeleted.isNegative()) {
      throw new IllegalArgumentException("negative retention: " + keepDeleted);
    }
    Instant cutoff = now.minus(keepDeleted);
    Map<String, Manifest> byId = byId(runs);
    Set<String> out = new TreeSet<>();
    runs.stream().filter(run -> !run.time().isBefore(cutoff))
        .forEach(run -> out.add(run.runId()));
    runs.stream().sorted(BY_TIME.reversed()).filter(run -> chainOf(run, byId).isPresent())
        .findFirst().ifPresent(run -> out.add(run.runId()));
    return out;
  }

  /** The decision for {@code runs} (every run that parses, in any order) at {@code now}. */
  public static Plan plan(Collection<Manifest> runs, Instant now, Duration keepDeleted) {
    return plan(runs, now, keepDeleted, (sha, runId, entry) -> { });
  }

  /**
   * The decision, telling {@code needs} of each live object as it is found (the verifier checks
   * that each is stored).
   *
   * @param keepDeleted how long a deleted message stays restorable, and a run restorable
   */
  public static Plan plan(Collection<Manifest> runs, Instant now, Duration keepDeleted,
      Needs needs) {
    Instant cutoff = now.minus(keepDeleted);
    Map<String, Manifest> byId = byId(runs);
    Set<String> restorable = restorable(runs, now, keepDeleted);
    Set<String> kept = new TreeSet<>();
    for (String id : restorable) {
      for (Manifest run = byId.get(id); run != null && kept.add(run.runId()); ) {
        run = run.parent().map(byId::get).orElse(null);
      }
    }
    Set<String> droppable = new TreeSet<>(byId.keySet());
    droppable.removeAll(kept);

    Set<String> live = new HashSet<>();
    Needs sink = (sha, runId, entry) -> {
      if (live.add(sha)) {
        needs.need(sha, runId, entry);
      }
    };
    restorableStates(runs, restorable, byId, sink);
    Set<String> candidates = new TreeSet<>();
    for (Manifest run : runs) {
      boolean restorableRun = restorable.contains(run.runId());
      if (!restorableRun) {
        run.added().forEach(entry -> candidates.add(entry.sha256()));
        run.accounts().ifPresent(candidates::add);
      }
      for (Deletion deletion : run.deletions()) {
        String sha = deletion.entry().sha256();
        if (Instant.ofEpochMilli(deletion.deletedAtMs()).isBefore(cutoff)) {
          candidates.add(sha);
        } else {
          sink.need(sha, run.runId(), deletion.entry());
        }
      }
    }
    candidates.removeAll(live);
    return new Plan(restorable, kept, droppable, live, List.copyOf(candidates));
  }

  /**
   * Tells {@code sink} of every object in the state of each restorable run. The runs are taken
   * in time order and a state is carried on to the next delta of its run, so a chain is replayed
   * once however many of its runs are restorable. A restorable run whose chain is broken cannot
   * be replayed: every message its present runs add is kept (nothing a repaired chain needs is
   * purged; {@code tandem backup verify} names the break).
   */
  private static void restorableStates(Collection<Manifest> runs, Set<String> restorable,
      Map<String, Manifest> byId, Needs sink) {
    RunState state = null;
    for (Manifest run : runs.stream().filter(r -> restorable.contains(r.runId()))
        .sorted(BY_TIME).toList()) {
      run.accounts().ifPresent(sha -> sink.need(sha, run.runId(), null));
      Optional<List<Manifest>> chain = chainOf(run, byId);
      if (chain.isEmpty()) {
        Set<String> seen = new HashSet<>();
        for (Manifest link = run; link != null && seen.add(link.runId());
            link = link.parent().map(byId::get).orElse(null)) {
          link.added().forEach(entry -> sink.need(entry.sha256(), run.runId(), entry));
        }
        state = null;
        continue;
      }
      if (state != null && state.follows(run)) {
        state.apply(run);
      } else {
        state = new RunState();
        chain.get().forEach(state::apply);
      }
      for (MessageEntry entry : state.messages().values()) {
        sink.need(entry.sha256(), run.runId(), entry);
      }
    }
  }

  /** The run's chain among {@code byId}, base first; empty when an ancestor is missing. */
  private static Optional<List<Manifest>> chainOf(Manifest run, Map<String, Manifest> byId) {
    Deque<Manifest> chain = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (Manifest link = run; ; ) {
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

  private static Map<String, Manifest> byId(Collection<Manifest> runs) {
    Map<String, Manifest> byId = new HashMap<>();
    runs.forEach(run -> byId.put(run.runId(), run));
    return byId;
  }

  /**
   * A retention decision.
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
