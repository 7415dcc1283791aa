package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms, 500", "30s, 30000", "5m, 300000", "2h, 7200000", "7d, 604800000",
      "0s, 0", "'10 s', 10000"})
  void parsesEachUnit(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "0", "-5"})
  void bareNumberNeedsAUnit(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expected a duration such as 30s, got '" + text
                + "' (units are required: ms, s, m, h or d)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 min", "1.5s", "30S", "1h30m", "s", "-5s", "soon", "5M"})
  void rejectsOtherForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessage("expected a duration such as 30s (units ms, s, m, h or d), got '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9999999999999999d"})
  void rejectsOverflow(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessage("expected a duration such as 30s, got '" + text + "' (too large)");
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "1, 1ms", "1500, 1500ms", "1000, 1s", "90000, 90s", "300000, 5m",
      "3600000, 1h", "86400000, 1d", "172800000, 2d"})
  void formatsInLargestExactUnit(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }
}
