package io.tandem.imap.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Message headers (CRLF, as {@link MailAccess#header} gives them) kept in memory, by the SHA-256
 * of the stored message: the index records the hash of every file, and a file's bytes never
 * change under its hash, so an entry needs no invalidation (a flag change renames the file, an
 * expunge leaves an entry that simply ages out) except when scrub finds a file that does not
 * match its hash and replaces it ({@link #forget}); and a message copied to several folders, or the same bytes delivered to two users, share one entry. SEARCH on header
 * fields and FETCH of header items then read no file for a message seen before (ADR 0020).
 *
 * <p>Bounded by bytes: each entry counts its header plus {@link #ENTRY_OVERHEAD}, and the least
 * recently used go first. Many sessions search at once, so the cache is split into segments by
 * key, each with its own lock, its share of the bound and its own LRU order. A capacity of 0
 * turns it off. Thread-safe. The arrays it returns are shared: callers only read them.
 */
final class HeaderCache {
  /**
   * Heap an entry costs beyond its header bytes, counted against the bound: the key (a String
   * of 64 hex digits and its array, about 104 bytes), the map's entry (40, plus its slot) and
   * the value array's own header (16). Without it, many tiny headers would exceed the bound.
   */
  static final int ENTRY_OVERHEAD = 176;
  /** Segments of a cache of at least {@link #SEGMENTED_FROM} bytes; a power of two. */
  static final int SEGMENTS = 16;
  /** Smaller caches have one segment: a share of a few KiB would hold almost nothing. */
  static final long SEGMENTED_FROM = 1 << 20;

  private final long capacity;
  private final Segment[] segments;

  /** @param capacity the most bytes held (headers and overheads); 0 turns the cache off */
  HeaderCache(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("a header cache of " + capacity + " bytes");
    }
    this.capacity = capacity;
    int count = capacity == 0 ? 0 : capacity >= SEGMENTED_FROM ? SEGMENTS : 1;
    this.segments = new Segment[count];
    for (int i = 0; i < count; i++) {
      segments[i] = new Segment(capacity / count);
    }
  }

  /** The header cached for the message with this SHA-256 (lower-case hex), or null. */
  byte[] get(String sha256) {
    Objects.requireNonNull(sha256, "a header is looked up by the message's SHA-256: a full row");
    return segments.length == 0 ? null : segment(sha256).get(sha256);
  }

  /** Keeps {@code header} as the header of the message with this SHA-256. */
  void put(String sha256, byte[] header) {
    Objects.requireNonNull(sha256, "a header is kept by the message's SHA-256: a full row");
    if (segments.length > 0) {
      segment(sha256).put(sha256, header);
    }
  }

  /**
   * Forgets the header kept for this SHA-256: the file was found not to match it and replaced
   * (scrub), so the header read from it before may have been wrong.
   */
  void forget(String sha256) {
    if (segments.length > 0) {
      segment(sha256).forget(sha256);
    }
  }

  /** Forgets every entry (the appliance no longer serves IMAP). */
  void clear() {
    for (Segment segment : segments) {
      segment.clear();
    }
  }

  long capacity() {
    return capacity;
  }

  /** Bytes held now, overheads included; at most {@link #capacity()}. */
  long bytes() {
    long total = 0;
    for (Segment segment : segments) {
      total += segment.bytes();
    }
    return total;
  }

  private Segment segment(String sha256) {
    int hash = sha256.hashCode();
    return segments[(hash ^ (hash >>> 16)) & (segments.length - 1)];
  }

  private static long cost(byte[] header) {
    return header.length + (long) ENTRY_OVERHEAD;
  }

  /** One share of the cache: an LRU map under its own lock. */
  private static final class Segment {
    private final long capacity;
    /** In access order: least recently used first. Guarded by this. */
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    Segment(long capacity) {
      this.capacity = capacity;
    }

    synchronized byte[] get(String key) {
      return entries.get(key);
    }

    synchronized void put(String key, byte[] header) {
      long cost = cost(header);
      if (cost > capacity) {
        return;  // would push out everything else and still not fit
      }
      byte[] old = entries.put(key, header);
      bytes += cost - (old == null ? 0 : cost(old));
      // The new entry is the most recent and fits alone, so it is never the one removed.
      Iterator<Map.Entry<String, byte[]>> oldest = entries.entrySet().iterator();
      while (bytes > capacity) {
        bytes -= cost(oldest.next().getValue());
        oldest.remove();
      }
    }

    synchronized void forget(String key) {
      byte[] old = entries.remove(key);
      if (old != null) {
        bytes -= cost(old);
      }
    }

    synchronized void clear() {
      entries.clear();
      bytes = 0;
    }

    synchronized long bytes() {
      return bytes;
    }
  }
}
