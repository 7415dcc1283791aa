package io.tandem.backup;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <store.state>/backup/last.json}: the last successful run (what it did) and the last
 * failure (when, why), kept across restarts for the status, the age alert and the journal's
 * hold. Written whole and atomically. Thread-safe.
 */
final class LastRuns {
  private static final Logger LOG = LoggerFactory.getLogger(LastRuns.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private Map<String, Object> success;
  private Map<String, Object> failure;

  LastRuns(Path dir) {
    this.file = dir.resolve("last.json");
    Map<String, Map<String, Object>> read = Map.of();
    try {
      if (Files.exists(file)) {
        read = JSON.readValue(file.toFile(), new TypeReference<>() {});
      }
    } catch (IOException e) {
      LOG.warn("Cannot read {} ({}); the last backup is taken as unknown until the next run",
          file, e.toString());
    }
    success = read.get("last_success");
    failure = read.get("last_failure");
  }

  synchronized void succeeded(RunResult result) {
    success = result.toMap();
    failure = null;
    save();
  }

  synchronized void failed(Instant at, String error) {
    failure = new LinkedHashMap<>();
    failure.put("time", at.toString());
    failure.put("error", error);
    save();
  }

  /** When the last good run took its snapshot. */
  synchronized Optional<Instant> lastSuccessTime() {
    return success == null ? Optional.empty()
        : Optional.of(Instant.parse(String.valueOf(success.get("time"))));
  }

  /** The journal position the last good run covers; -1 when none. */
  synchronized long lastSuccessSeq() {
    return success == null ? -1 : ((Number) success.get("upto_seq")).longValue();
  }

  synchronized Map<String, Object> lastSuccess() {
    return success;
  }

  synchronized Map<String, Object> lastFailure() {
    return failure;
  }

  private void save() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("last_success", success);
    all.put("last_failure", failure);
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
    } catch (IOException e) {
      LOG.warn("Cannot write {} ({}); the status keeps the last run until a restart", file,
          e.toString());
    }
  }
}
