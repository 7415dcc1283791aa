package io.tandem.backup;

import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.Retention;
import io.tandem.backup.store.RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs of a target as {@code tandem backup list} shows them, oldest first: id, time, full or
 * the parent it is a delta of, journal range, counts, and whether a restore may name it
 * (retention). Reads the manifests only, one line at a time; works with or without a running service.
 */
public final class RunListing {
  private RunListing() {}

  /** The listing of the backup in {@code target} at {@code now}. */
  public static List<Map<String, Object>> of(Path target, Duration retention, Instant now)
      throws IOException {
    Manifests manifests = new Manifests(target);
    List<RunInfo> runs = manifests.readable();
    Set<String> restorable = Retention.restorable(runs, now, retention);
    List<Map<String, Object>> out = new ArrayList<>();
    for (RunInfo run : runs) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("run", run.runId());
      item.put("time", run.time().toString());
      item.put("full", run.isFull());
      item.put("parent", run.parent().orElse(null));
      item.put("after_seq", run.afterSeq());
      item.put("upto_seq", run.uptoSeq());
      item.put("puts", run.puts());
      item.put("deletions", run.deletions());
      item.put("restorable", restorable.contains(run.runId()));
      out.add(item);
    }
    return out;
  }
}
