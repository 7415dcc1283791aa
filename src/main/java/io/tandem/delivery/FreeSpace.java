package io.tandem.delivery;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether {@code store.root} has less than {@code store.min_free} left. The answer is cached for a
 * second: statvfs on every RCPT would cost more than it tells.
 */
public final class FreeSpace {
  private static final long CACHE_NANOS = 1_000_000_000L;

  private final FileStore fileStore;
  private final long minFree;
  private volatile long checkedAt;
  private volatile long usable = Long.MAX_VALUE;

  public FreeSpace(Path root, long minFree) throws IOException {
    this.fileStore = Files.getFileStore(root);
    this.minFree = minFree;
    this.checkedAt = System.nanoTime() - CACHE_NANOS;
  }

  /** Bytes available to the service on the store's filesystem (at most a second old). */
  public long usableBytes() {
    long now = System.nanoTime();
    if (now - checkedAt >= CACHE_NANOS) {
      try {
        usable = fileStore.getUsableSpace();
      } catch (IOException e) {
        usable = 0;
      }
      checkedAt = now;
    }
    return usable;
  }

  public boolean isLow() {
    return usableBytes() < minFree;
  }
}
