package io.tandem.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AlertsTest {
  private final MutableClock clock = new MutableClock();
  private final Alerts alerts = new Alerts(clock);

  @Test
  void raisingTheSameConditionAgainIsOneAlertKeepingItsStart() {
    assertThat(alerts.raise("link", Severity.WARNING, "replication", "down")).isTrue();
    clock.now = clock.now.plusSeconds(30);
    assertThat(alerts.raise("link", Severity.WARNING, "replication", "down")).isFalse();

    assertThat(alerts.open()).singleElement()
        .satisfies(a -> assertThat(a.since()).isEqualTo(Instant.EPOCH));
  }

  @Test
  void aGrowingNumberUpdatesTheMessageSilently() {
    alerts.raise("link", Severity.CRITICAL, "replication", "down for 11 s");
    assertThat(alerts.raise("link", Severity.CRITICAL, "replication", "down for 12 s"))
        .as("logged again").isFalse();
    assertThat(alerts.open()).singleElement()
        .satisfies(a -> assertThat(a.message()).isEqualTo("down for 12 s"));
  }

  @Test
  void aNewSeverityIsLoggedAndUpdatesTheAlertButKeepsItsStart() {
    alerts.raise("lag", Severity.WARNING, "replication", "2 s behind");
    clock.now = clock.now.plusSeconds(5);
    assertThat(alerts.raise("lag", Severity.CRITICAL, "replication", "9 s behind")).isTrue();

    Alert alert = alerts.open().get(0);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.message()).isEqualTo("9 s behind");
    assertThat(alert.since()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void clearedAlertsAreGoneAndCriticalOnesListFirst() {
    alerts.raise("a", Severity.WARNING, "x", "first");
    clock.now = clock.now.plusSeconds(1);
    alerts.raise("b", Severity.CRITICAL, "x", "second");
    alerts.raise("c", Severity.WARNING, "x", "third");

    assertThat(alerts.open()).extracting(Alert::id).containsExactly("b", "a", "c");
    assertThat(alerts.clear("a")).isTrue();
    assertThat(alerts.clear("a")).isFalse();
    assertThat(alerts.isOpen("a")).isFalse();
    assertThat(alerts.open()).extracting(Alert::id).containsExactly("b", "c");
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.EPOCH;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
