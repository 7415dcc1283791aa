package io.tandem.imap.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Failed-login accounting, by client address and by user name: each failure is answered more
 * slowly than the last (so guessing is slow even below the limit), and after {@code maxFailures}
 * within {@code window} further attempts are refused without checking the password until the
 * oldest failure leaves the window. Thread-safe.
 */
final class LoginThrottle {
  private static final Duration FIRST_DELAY = Duration.ofMillis(250);
  private static final Duration MAX_DELAY = Duration.ofSeconds(8);
  /** Forget keys beyond this many, oldest first, so a scan of many addresses cannot fill memory. */
  private static final int MAX_KEYS = 100_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>();

  LoginThrottle(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** Whether attempts from {@code address} or for {@code user} are refused now. */
  synchronized boolean blocked(String address, String user) {
    Instant now = clock.instant();
    return recent(key("ip", address), now) >= maxFailures
        || (user != null && recent(key("user", user), now) >= maxFailures);
  }

  /** Records a failure; returns how long to wait before answering it. */
  synchronized Duration failed(String address, String user) {
    Instant now = clock.instant();
    int count = Math.max(add(key("ip", address), now),
        user == null ? 0 : add(key("user", user), now));
    long millis = FIRST_DELAY.toMillis() << Math.min(10, count - 1);
    return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
  }

  /** A success from an address clears that address's failures (not the user's). */
  synchronized void succeeded(String address) {
    failures.remove(key("ip", address));
  }

  private int add(String key, Instant now) {
    if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
      Iterator<String> oldest = failures.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    times.addLast(now);
    return recent(key, now);
  }

  private int recent(String key, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      failures.remove(key);
      return 0;
    }
    return times.size();
  }

  private static String key(String kind, String value) {
    return kind + ":" + value;
  }
}
