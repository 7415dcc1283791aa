package io.tandem.backup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which runs and objects a backup keeps (ADR 0014). Pure: a function of the runs, the time and the
 * retention period ({@code backup.retention.deleted}, {@link #DEFAULT_DELETED} by default).
 *
 * <ul>
 *   <li>A run is <em>restorable</em> while its time is within the period, and the newest run
 *       always is (messages still present are always kept).
 *   <li>A run is kept when it is restorable or an ancestor of a restorable run (a delta needs its
 *       chain); the others may be dropped.
 *   <li>An object is live when a kept run adds it, holds it as its accounts snapshot, or records
 *       its deletion within the period. Every other stored object may be deleted.
 * </ul>
 */
public final class Retention {
  /** Deleted mail stays restorable this long after its deletion unless configured otherwise. */
  public static final Duration DEFAULT_DELETED = Duration.ofDays(7);

  private Retention() {}

  /**
   * The decision for {@code runs} (every run that parses, in any order) at {@code now}.
   *
   * @param keepDeleted how long a deleted message stays restorable, and a run restorable
   */
  public static Plan plan(Collection<Manifest> runs, Instant now, Duration keepDeleted) {
    if (keepDeleted.isNegative()) {
      throw new IllegalArgumentException("negative retention: " + keepDeleted);
    }
    Instant cutoff = now.minus(keepDeleted);
    Map<String, Manifest> byId = new HashMap<>();
    runs.forEach(run -> byId.put(run.runId(), run));
    Optional<Manifest> newest = runs.stream().max(
        Comparator.comparing(Manifest::time).thenComparing(Manifest::runId));

    Set<String> restorable = new TreeSet<>();
    for (Manifest run : runs) {
      if (!run.time().isBefore(cutoff) || newest.get() == run) {
        restorable.add(run.runId());
      }
    }
    Set<String> kept = new TreeSet<>();
    for (String id : restorable) {
      for (Manifest run = byId.get(id); run != null && kept.add(run.runId()); ) {
        run = run.parent().map(byId::get).orElse(null);
      }
    }
    Set<String> droppable = new TreeSet<>(byId.keySet());
    droppable.removeAll(kept);

    Set<String> live = new LinkedHashSet<>();
    for (String id : kept) {
      Manifest run = byId.get(id);
      run.added().forEach(entry -> live.add(entry.sha256()));
      run.accounts().ifPresent(live::add);
      for (Deletion deletion : run.deletions()) {
        if (!Instant.ofEpochMilli(deletion.deletedAtMs()).isBefore(cutoff)) {
          live.add(deletion.entry().sha256());
        }
      }
    }
    return new Plan(restorable, kept, droppable, live);
  }

  /**
   * A retention decision.
   *
   * @param restorable the runs a restore may name
   * @param kept the runs to keep: the restorable ones and their ancestors
   * @param droppable the runs whose manifests may be deleted
   * @param liveObjects the objects a kept run still needs
   */
  public record Plan(Set<String> restorable, Set<String> kept, Set<String> droppable,
      Set<String> liveObjects) {
    /** Copies the sets. */
    public Plan {
      restorable = Set.copyOf(restorable);
      kept = Set.copyOf(kept);
      droppable = Set.copyOf(droppable);
      liveObjects = Set.copyOf(liveObjects);
    }

    /** Of the {@code stored} objects, those no kept run needs, sorted. */
    public List<String> unreferenced(Collection<String> stored) {
      return stored.stream().filter(sha -> !liveObjects.contains(sha)).sorted().toList();
    }
  }
}
