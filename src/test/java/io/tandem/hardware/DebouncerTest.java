package io.tandem.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebouncerTest {

  @Test
  void aConditionIsActiveOnlyAfterEnoughReadingsInARowAndClearsTheSameWay() {
    Debouncer debouncer = new Debouncer(3);
    assertThat(debouncer.poll(List.of("psu.2"))).isEmpty();
    assertThat(debouncer.poll(List.of("psu.2"))).isEmpty();
    assertThat(debouncer.poll(List.of("psu.2"))).containsExactly("psu.2");
    assertThat(debouncer.poll(List.of())).containsExactly("psu.2");
    assertThat(debouncer.poll(List.of())).containsExactly("psu.2");
    assertThat(debouncer.poll(List.of())).isEmpty();
  }

  @Test
  void aReadingThatFlapsRaisesNothingAndAnOpenOneThatFlapsStaysOpen() {
    Debouncer debouncer = new Debouncer(2);
    for (int i = 0; i < 10; i++) {
      assertThat(debouncer.poll(List.of("disk.X"))).as("poll %d", i).isEmpty();
      assertThat(debouncer.poll(List.of())).isEmpty();
    }
    debouncer.poll(List.of("array.md0"));
    assertThat(debouncer.poll(List.of("array.md0"))).containsExactly("array.md0");
    for (int i = 0; i < 10; i++) {
      assertThat(debouncer.poll(List.of())).containsExactly("array.md0");
      assertThat(debouncer.poll(List.of("array.md0"))).containsExactly("array.md0");
    }
  }

  @Test
  void oneReadingIsEnoughWhenSoConfigured() {
    Debouncer debouncer = new Debouncer(1);
    assertThat(debouncer.poll(List.of("a"))).containsExactly("a");
    assertThat(debouncer.poll(List.of())).isEmpty();
  }
}
