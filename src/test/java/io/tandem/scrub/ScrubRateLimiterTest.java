package io.tandem.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing arithmetic, on a fake clock: sleeps are recorded, not slept. */
class ScrubRateLimiterTest {
  private long now = 1_000_000_000L;
  private final List<Long> sleeps = new ArrayList<>();

  private RateLimiter limiter(long rate) {
    return new RateLimiter(rate, () -> now, nanos -> {
      sleeps.add(nanos);
      now += nanos;
    });
  }

  @Test
  void oneSecondOfBytesGoesAtOnceThenTheRateHolds() throws Exception {
    RateLimiter limiter = limiter(1000);
    limiter.acquire(1000);
    assertThat(sleeps).isEmpty();
    limiter.acquire(500);
    assertThat(sleeps).containsExactly(500_000_000L);
    limiter.acquire(2000);
    assertThat(sleeps).containsExactly(500_000_000L, 2_000_000_000L);
  }

  @Test
  void timeSpentElsewhereEarnsAtMostOneSecondOfCredit() throws Exception {
    RateLimiter limiter = limiter(1000);
    limiter.acquire(1000);
    now += 60_000_000_000L;
    limiter.acquire(1000);
    assertThat(sleeps).isEmpty();
    limiter.acquire(1000);
    assertThat(sleeps).containsExactly(1_000_000_000L);
  }

  @Test
  void readingSlowerThanTheRateNeverSleeps() throws Exception {
    RateLimiter limiter = limiter(1_000_000);
    for (int i = 0; i < 100; i++) {
      limiter.acquire(65_536);
      now += 100_000_000L;
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void overTimeTheAverageIsTheRate() throws Exception {
    RateLimiter limiter = limiter(50L << 20);
    long start = now;
    long bytes = 0;
    for (int i = 0; i < 10_000; i++) {
      limiter.acquire(65_536);
      bytes += 65_536;
    }
    double seconds = (now - start) / 1e9;
    // The first second's worth went at once; the rest at the rate.
    assertThat(seconds).isCloseTo((double) bytes / (50L << 20) - 1, org.assertj.core.data.Offset
        .offset(0.01));
  }

  @Test
  void zeroMeansNoLimit() throws Exception {
    RateLimiter limiter = limiter(0);
    limiter.acquire(Long.MAX_VALUE / 2);
    assertThat(sleeps).isEmpty();
  }
}
