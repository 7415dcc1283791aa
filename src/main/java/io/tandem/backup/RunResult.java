package io.tandem.backup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one backup run did.
 *
 * @param runId the run written
 * @param time when it took its journal position
 * @param full whether it wrote a full manifest
 * @param afterSeq the journal position it started after (0 for a full run)
 * @param uptoSeq the position it covers
 * @param journalEntries how many journal entries it read
 * @param puts messages recorded as added or changed
 * @param deletions messages recorded as gone
 * @param objectsWritten bodies copied to the target
 * @param bytesWritten their bytes
 * @param bytesRead bytes read from message files
 * @param purgedRuns manifests removed by retention
 * @param purgedObjects objects removed by retention
 * @param notBackedUp the messages left out (corrupt or vanished file), each in words
 * @param millis how long it took
 */
public record RunResult(String runId, Instant time, boolean full, long afterSeq, long uptoSeq,
    long journalEntries, long puts, long deletions, long objectsWritten, long bytesWritten,
    long bytesRead, int purgedRuns, int purgedObjects, List<String> notBackedUp, long millis) {

  /** Copies the list. */
  public RunResult {
    notBackedUp = List.copyOf(notBackedUp);
  }

  /** As the admin API and the status show it. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", runId);
    out.put("time", time.toString());
    out.put("full", full);
    out.put("after_seq", afterSeq);
    out.put("upto_seq", uptoSeq);
    out.put("journal_entries", journalEntries);
    out.put("puts", puts);
    out.put("deletions", deletions);
    out.put("objects_written", objectsWritten);
    out.put("bytes_written", bytesWritten);
    out.put("bytes_read", bytesRead);
    out.put("purged_runs", purgedRuns);
    out.put("purged_objects", purgedObjects);
    out.put("not_backed_up", notBackedUp);
    out.put("duration_ms", millis);
    return out;
  }
}
