package io.tandem.backup.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs as retention and the verifier read them: every run's fields at hand, its changes streamed
 * on demand (ADR 0021). {@link Manifests} is the source on a target; {@link #of} serves runs held
 * in memory (tests, small tools).
 */
public interface RunSource {
  /** Every run that parses, in any order. */
  List<RunInfo> runs() throws IOException;

  /** Tells {@code sink} of the run's changes in order. */
  RunInfo changes(String runId, ChangeSink sink) throws IOException;

  /** Runs held in memory. */
  static RunSource of(Collection<Manifest> manifests) {
    Map<String, Manifest> byId = new HashMap<>();
    manifests.forEach(m -> byId.put(m.runId(), m));
    return new RunSource() {
      @Override
      public List<RunInfo> runs() {
        List<RunInfo> out = new ArrayList<>();
        manifests.forEach(m -> out.add(m.info()));
        return out;
      }

      @Override
      public RunInfo changes(String runId, ChangeSink sink) throws IOException {
        Manifest run = byId.get(runId);
        for (Manifest.Change change : run.changes()) {
          sink.accept(change);
        }
        return run.info();
      }
    };
  }
}
