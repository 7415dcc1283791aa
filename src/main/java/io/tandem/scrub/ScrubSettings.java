package io.tandem.scrub;

import io.tandem.config.ApplianceConfig;
import java.time.Duration;

/**
 * @param bytesPerSecond {@code scrub.rate}: the most a scrub reads per second, on average
 * @param interval {@code scrub.interval}: how often the whole store is scrubbed; zero: only on
 *     demand ({@code tandem scrub})
 */
public record ScrubSettings(long bytesPerSecond, Duration interval) {
  public static ScrubSettings of(ApplianceConfig config) {
    return new ScrubSettings(config.scrub().rate(), config.scrub().interval());
  }
}
