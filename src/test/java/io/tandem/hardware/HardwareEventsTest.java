package io.tandem.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HardwareEventsTest {
  private final AtomicInteger polls = new AtomicInteger();
  private final HardwareEvents events = new HardwareEvents(
      Clock.fixed(Instant.parse("2026-11-28T18:00:00Z"), ZoneOffset.UTC), polls::incrementAndGet);

  @Test
  void anEventIsKeptPollsAndReachesSubscribersUntilClosed() {
    List<HardwareEvents.HardwareEvent> heard = new ArrayList<>();
    HardwareEvents.Subscription subscription = events.subscribe(heard::add);
    events.subscribe(e -> {
      throw new IllegalStateException("a bad subscriber does not stop the others");
    });
    events.publish("remove", "sdb");
    events.publish("add", "/dev/sde");
    subscription.close();
    events.publish("add", "nvme1n1");
    assertThat(heard).extracting(HardwareEvents.HardwareEvent::device).containsExactly("sdb",
        "sde");
    assertThat(events.recent()).extracting(e -> e.action().word() + " " + e.device())
        .containsExactly("remove sdb", "add sde", "add nvme1n1");
    assertThat(polls).hasValue(3);
  }

  @Test
  void theListIsBounded() {
    for (int i = 0; i < HardwareEvents.KEPT + 10; i++) {
      events.publish("add", "sd" + (char) ('a' + i % 26));
    }
    assertThat(events.recent()).hasSize(HardwareEvents.KEPT);
  }

  @Test
  void onlyAddRemoveAndKernelNames() {
    assertThatThrownBy(() -> events.publish("change", "sdb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> events.publish("add", "sdb; reboot"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(events.recent()).isEmpty();
  }
}
