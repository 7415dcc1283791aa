package io.tandem.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link HeaderCache}: content-addressed, bounded by bytes, least recently used out first. */
class HeaderCacheTest {
  private static final long ENTRY = HeaderCache.ENTRY_OVERHEAD;

  /** A lower-case hex SHA-256-like key for {@code n}. */
  private static String key(int n) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) (n >>> 24);
    bytes[1] = (byte) (n >>> 16);
    bytes[2] = (byte) (n >>> 8);
    bytes[3] = (byte) n;
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] header(int n, int size) {
    byte[] header = new byte[size];
    byte[] text = ("Subject: message " + n + "\r\n").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < size; i++) {
      header[i] = text[i % text.length];
    }
    return header;
  }

  @Test
  void aHitReturnsTheSameBytesAndAnotherHashIsAMiss() {
    HeaderCache cache = new HeaderCache(64 * 1024);
    byte[] header = header(1, 500);
    cache.put(key(1), header);
    assertThat(cache.get(key(1))).isEqualTo(header(1, 500));
    assertThat(cache.get(key(2))).isNull();
    assertThat(cache.bytes()).isEqualTo(500 + ENTRY);
  }

  @Test
  void aForgottenHeaderIsAMissAndGivesItsBytesBack() {
    HeaderCache cache = new HeaderCache(64 * 1024 * 1024);
    cache.put(key(1), header(1, 500));
    cache.put(key(2), header(2, 300));
    cache.forget(key(1));
    cache.forget(key(3));  // never kept: nothing happens
    assertThat(cache.get(key(1))).isNull();
    assertThat(cache.get(key(2))).isEqualTo(header(2, 300));
    assertThat(cache.bytes()).isEqualTo(300 + ENTRY);
  }

  @Test
  void theBoundIsKeptByEvictingTheLeastRecentlyUsed() {
    // Room for exactly four entries of 1,000 bytes (one segment below SEGMENTED_FROM).
    HeaderCache cache = new HeaderCache(4 * (1000 + ENTRY));
    for (int n = 1; n <= 4; n++) {
      cache.put(key(n), header(n, 1000));
    }
    assertThat(cache.get(key(1))).isNotNull();  // now the most recently used
    cache.put(key(5), header(5, 1000));
    assertThat(cache.get(key(2))).isNull();
    for (int n : new int[] {1, 3, 4, 5}) {
      assertThat(cache.get(key(n))).as("entry %d", n).isEqualTo(header(n, 1000));
    }
    assertThat(cache.bytes()).isEqualTo(cache.capacity());

    // A larger header pushes out as many as it needs, oldest first.
    cache.put(key(6), header(6, 2500));
    assertThat(cache.bytes()).isLessThanOrEqualTo(cache.capacity());
    assertThat(cache.get(key(6))).isEqualTo(header(6, 2500));
    assertThat(cache.get(key(5))).isNotNull();
  }

  @Test
  void aHeaderLargerThanTheCacheIsNotKeptAndPushesNothingOut() {
    HeaderCache cache = new HeaderCache(4096);
    cache.put(key(1), header(1, 100));
    cache.put(key(2), header(2, 5000));
    assertThat(cache.get(key(2))).isNull();
    assertThat(cache.get(key(1))).isNotNull();
  }

  @Test
  void aLargeCacheKeepsItsBoundAcrossItsSegments() {
    HeaderCache cache = new HeaderCache(HeaderCache.SEGMENTED_FROM);
    for (int n = 0; n < 2000; n++) {
      cache.put(key(n), header(n, 1500));
      assertThat(cache.bytes()).isLessThanOrEqualTo(HeaderCache.SEGMENTED_FROM);
    }
    assertThat(cache.get(key(1999))).isEqualTo(header(1999, 1500));
    assertThat(cache.get(key(0))).isNull();
  }

  @Test
  void zeroTurnsTheCacheOff() {
    HeaderCache cache = new HeaderCache(0);
    cache.put(key(1), header(1, 10));
    assertThat(cache.get(key(1))).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void clearForgetsEverything() {
    HeaderCache cache = new HeaderCache(64 * 1024);
    cache.put(key(1), header(1, 10));
    cache.clear();
    assertThat(cache.get(key(1))).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void aRowWithoutItsHashIsRefused() {
    // statesBetween's narrow rows carry no SHA-256: reading a header from one is a bug.
    HeaderCache cache = new HeaderCache(64 * 1024);
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("full row");
  }

  @Test
  void manyThreadsAtOnceSeeOnlyWhatWasPutAndKeepTheBound() throws Exception {
    long capacity = HeaderCache.SEGMENTED_FROM;
    HeaderCache cache = new HeaderCache(capacity);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(threads.submit(() -> {
          int hits = 0;
          for (int i = 0; i < 20_000; i++) {
            // Every other lookup one of 100 hot keys (which stay), the others a stream of
            // 2,000 cold ones: together more than fits, so entries are evicted meanwhile.
            int n = i % 2 == 0 ? (i / 2 + seed) % 100 : 100 + (i * 31 + seed * 7) % 2000;
            byte[] found = cache.get(key(n));
            if (found == null) {
              cache.put(key(n), header(n, 1024));
            } else {
              assertThat(found).isEqualTo(header(n, 1024));
              hits++;
            }
          }
          return hits;
        }));
      }
      int hits = 0;
      for (Future<Integer> result : results) {
        hits += result.get();
      }
      assertThat(hits).isPositive();
      assertThat(cache.bytes()).isLessThanOrEqualTo(capacity);
    } finally {
      threads.shutdownNow();
    }
  }
}
