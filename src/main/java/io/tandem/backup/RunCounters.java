package io.tandem.backup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of the backup or restore in progress, read by the status while the backup thread
 * writes them. Thread-safe.
 */
final class RunCounters {
  private final AtomicLong objectsWritten = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private volatile String phase = "starting";

  void phase(String now) {
    phase = now;
  }

  void read(long bytes) {
    bytesRead.addAndGet(bytes);
  }

  void wrote(long bytes) {
    objectsWritten.incrementAndGet();
    bytesWritten.addAndGet(bytes);
  }

  /** One message restored. */
  void restored(long bytes) {
    messages.incrementAndGet();
    bytesRead.addAndGet(bytes);
  }

  long objectsWritten() {
    return objectsWritten.get();
  }

  long bytesWritten() {
    return bytesWritten.get();
  }

  long bytesRead() {
    return bytesRead.get();
  }

  long messages() {
    return messages.get();
  }

  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phase", phase);
    out.put("objects_written", objectsWritten.get());
    out.put("bytes_written", bytesWritten.get());
    out.put("bytes_read", bytesRead.get());
    out.put("messages_restored", messages.get());
    return out;
  }
}
