package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsFormatTest {
  @Test
  void numbersAndFlagsBecomeGaugesNamedByTheirPathAndListsTheirLength() {
    Map<String, Object> replication = new LinkedHashMap<>();
    replication.put("peer", "10.0.0.2:7425");
    replication.put("connected", true);
    replication.put("lag_ms", 12L);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("appliance", "box-a");
    status.put("epoch", 3L);
    status.put("replication", replication);
    status.put("alerts", List.of(Map.of("id", "x")));

    assertThat(MetricsFormat.of(status)).isEqualTo("""
        # TYPE tandem_epoch gauge
        tandem_epoch 3
        # TYPE tandem_replication_connected gauge
        tandem_replication_connected 1
        # TYPE tandem_replication_lag_ms gauge
        tandem_replication_lag_ms 12
        # TYPE tandem_alerts_count gauge
        tandem_alerts_count 1
        """);
  }
}
