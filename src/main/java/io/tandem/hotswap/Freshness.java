package io.tandem.hotswap;

import io.tandem.hardware.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a part of the snapshot can be trusted now: read at all, its last attempt successful,
 * and read no longer than {@code maxAge} ago (the service passes three hardware polls).
 */
final class Freshness {
  private Freshness() {}

  /** UNKNOWN with the reason when {@code reading} is missing, failed or too old; else empty. */
  static Optional<Finding> check(Reading<?> reading, String what, Instant now,
      Duration maxAge) {
    String status = "Check 'tandem status' (its hardware part shows each reading's time and"
        + " problem) and the tool named there.";
    if (reading.value() == null) {
      return Optional.of(Finding.unknown("The state of " + what + " is unknown: "
          + (reading.problem() == null ? "never read" : reading.problem()) + ".", status));
    }
    if (reading.problem() != null) {
      return Optional.of(Finding.unknown("The last reading of " + what + " failed ("
          + reading.problem() + "); what the guard has dates from " + reading.readAt()
          + " and may be out of date.", status));
    }
    if (reading.readAt() == null || reading.readAt().isBefore(now.minus(maxAge))) {
      long age = reading.readAt() == null ? -1
          : Duration.between(reading.readAt(), now).toSeconds();
      return Optional.of(Finding.unknown("The reading of " + what + " is " + age
          + " s old (more than " + maxAge.toSeconds() + " s): the hardware monitor has not read"
          + " it since, so it may be out of date.", status));
    }
    return Optional.empty();
  }
}
