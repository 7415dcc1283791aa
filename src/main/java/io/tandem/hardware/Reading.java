package io.tandem.hardware;

import java.time.Instant;
import java.util.Objects;

/**
 * One part of the hardware state with the time it was read. When the last attempt failed,
 * {@code problem} says why and {@code value} is the last good reading (or null if there never
 * was one), so the status can say both what was last known and that it is stale.
 *
 * @param value the reading; null when nothing was ever read
 * @param readAt when {@code value} was read; null when nothing was ever read
 * @param problem why the last attempt failed; null when it succeeded
 */
public record Reading<T>(T value, Instant readAt, String problem) {

  /** A fresh reading. */
  public static <T> Reading<T> of(T value, Instant at) {
    return new Reading<>(Objects.requireNonNull(value, "value"), at, null);
  }

  /** Nothing read yet. */
  public static <T> Reading<T> none(String why) {
    return new Reading<>(null, null, why);
  }

  /** This reading after a failed attempt: the last value kept, marked with the problem. */
  public Reading<T> failed(String why) {
    return new Reading<>(value, readAt, why);
  }

  /** True when the last attempt succeeded. */
  public boolean fresh() {
    return problem == null && value != null;
  }
}
