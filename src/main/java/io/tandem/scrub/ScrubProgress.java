package io.tandem.scrub;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scrub in progress, or the last one: its state, counters and findings, for the status
 * JSON, the metrics and {@code tandem scrub}. Written by the scrub thread, read by the admin
 * API; thread-safe.
 */
public final class ScrubProgress {
  /** The words of {@code scrub.state}. */
  public enum State { IDLE, RUNNING, FINISHED, FAILED }

  /** At most this many findings are listed; the counters go on. */
  static final int MAX_LISTED = 1000;

  private final Clock clock;
  private State state = State.IDLE;
  private String scope = "all users";
  private long runs;
  private long users;
  private long files;
  private long bytes;
  private long bad;
  private long repaired;
  private long unrepairable;
  private long awaitingPartner;
  private Instant started;
  private Instant finished;
  private String error;
  private final List<Finding> findings = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  public ScrubProgress(Clock clock) {
    this.clock = clock;
  }

  /** A new run starts (the counters of the last one are dropped). */
  synchronized void start(String scope) {
    state = State.RUNNING;
    this.scope = scope;
    runs++;
    users = files = bytes = bad = repaired = unrepairable = awaitingPartner = 0;
    started = clock.instant();
    finished = null;
    error = null;
    findings.clear();
    skipped.clear();
  }

  /** A user that could not be scrubbed (its index could not be read), and why. */
  synchronized void skipped(String user, String why) {
    if (skipped.size() < MAX_LISTED) {
      skipped.add(user + ": " + why);
    }
  }

  synchronized void userDone() {
    users++;
  }

  synchronized void checked(long fileBytes) {
    files++;
    bytes += fileBytes;
  }

  synchronized void found(Finding finding) {
    bad++;
    switch (finding.outcome()) {
      case REPAIRED -> repaired++;
      case UNREPAIRABLE -> unrepairable++;
      case AWAITING_PARTNER -> awaitingPartner++;
    }
    if (findings.size() < MAX_LISTED) {
      findings.add(finding);
    }
  }

  synchronized void finish() {
    state = State.FINISHED;
    finished = clock.instant();
  }

  synchronized void fail(String why) {
    state = State.FAILED;
    error = why;
    finished = clock.instant();
  }

  public synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  /** Runs started since the service started; a caller waits for its own by this number. */
  public synchronized long runs() {
    return runs;
  }

  synchronized List<Finding> findings() {
    return List.copyOf(findings);
  }

  /** The {@code scrub} object of the status: state, counters, times. */
  public synchronized Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    out.put("scope", scope);
    out.put("users_checked", users);
    out.put("files_checked", files);
    out.put("bytes_checked", bytes);
    out.put("bad_found", bad);
    out.put("repaired", repaired);
    out.put("unrepairable", unrepairable);
    out.put("awaiting_partner", awaitingPartner);
    out.put("users_skipped", skipped.size());
    out.put("started", started == null ? null : started.toString());
    out.put("finished", finished == null ? null : finished.toString());
    if (error != null) {
      out.put("error", error);
    }
    return out;
  }

  /** The status and every finding, for {@code tandem scrub}. */
  public synchronized Map<String, Object> report() {
    Map<String, Object> out = status();
    out.put("run", runs);
    List<Map<String, Object>> listed = new ArrayList<>();
    findings.forEach(f -> listed.add(f.toMap()));
    out.put("findings", listed);
    out.put("findings_not_listed", Math.max(0, bad - findings.size()));
    out.put("skipped", List.copyOf(skipped));
    return out;
  }
}
