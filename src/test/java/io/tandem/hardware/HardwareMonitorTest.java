package io.tandem.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.alert.Alert;
import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MdArray.MdSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The monitor with its sources replaced at their boundary by changeable answers. */
class HardwareMonitorTest {
  private final Alerts alerts = new Alerts(Clock.systemUTC());
  private final AtomicReference<ArrayState> arrayState = new AtomicReference<>(ArrayState.CLEAN);
  private final AtomicReference<String> arraysFail = new AtomicReference<>();
  private final AtomicReference<PsuState> psu2 = new AtomicReference<>(PsuState.OK);
  private final AtomicInteger smartReads = new AtomicInteger();
  private Instant now = Instant.parse("2026-11-28T12:00:00Z");

  private HardwareMonitor monitor(int debounce) {
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
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
    };
    HardwareMonitor.Parts parts = new HardwareMonitor.Parts(
        () -> {
          if (arraysFail.get() != null) {
            throw new HardwareException(arraysFail.get());
          }
          return List.of(new MdArray("md0", "raid1", arrayState.get(), 2, List.of(
              new MdMember("sda1", 0, MemberState.IN_SYNC, false),
              new MdMember("sdb1", arrayState.get() == ArrayState.CLEAN ? 1 : -1,
                  arrayState.get() == ArrayState.CLEAN ? MemberState.IN_SYNC
                      : MemberState.FAULTY, false)), MdSync.NONE));
        },
        () -> List.of(new Sources.DiskIdentity("sda", "WDC", "WD-AAA", 10),
            new Sources.DiskIdentity("sdb", "WDC", "WD-BBB", 10)),
        device -> {
          smartReads.incrementAndGet();
          return new Sources.SmartVerdict(DiskHealth.OK, List.of(), 30, "", "");
        },
        Optional.of(() -> List.of(new Psu(1, "PS1 Status", PsuState.OK, ""),
            new Psu(2, "PS2 Status", psu2.get(), ""))),
        () -> Map.of("sda", 1, "sdb", 2),
        Optional.empty(),
        () -> "md0",
        () -> { });
    return new HardwareMonitor(parts, alerts, clock, Duration.ofSeconds(10),
        Duration.ofMinutes(30), debounce);
  }

  private Optional<Alert> alert(String id) {
    return alerts.open().stream().filter(a -> a.id().equals(id)).findFirst();
  }

  @Test
  void aDegradedArrayIsAlertedAfterTheDebounceAndClearedTheSameWay() {
    HardwareMonitor monitor = monitor(3);
    monitor.pollOnce();
    assertThat(alerts.open()).isEmpty();
    arrayState.set(ArrayState.DEGRADED);
    monitor.pollOnce();
    monitor.pollOnce();
    assertThat(alert("hardware.array.md0")).isEmpty();
    monitor.pollOnce();
    assertThat(alert("hardware.array.md0")).hasValueSatisfying(a -> {
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.message()).contains("faulty: bay 2, serial WD-BBB (sdb1)");
    });
    arrayState.set(ArrayState.CLEAN);
    monitor.pollOnce();
    monitor.pollOnce();
    assertThat(alert("hardware.array.md0")).isPresent();
    monitor.pollOnce();
    assertThat(alert("hardware.array.md0")).isEmpty();
  }

  @Test
  void aSourceThatFailsKeepsItsLastValueMarkedStaleAndTheOthersGoOn() {
    HardwareMonitor monitor = monitor(1);
    HardwareSnapshot first = monitor.pollOnce();
    now = now.plusSeconds(10);
    arraysFail.set("mdadm did not answer within 30 s and was killed");
    psu2.set(PsuState.AC_LOST);
    HardwareSnapshot second = monitor.pollOnce();

    assertThat(second.arrays().value()).isEqualTo(first.arrays().value());
    assertThat(second.arrays().readAt()).isEqualTo(first.arrays().readAt());
    assertThat(second.arrays().problem()).contains("killed");
    assertThat(second.psus().fresh()).isTrue();
    assertThat(alert("hardware.source.arrays")).hasValueSatisfying(a -> assertThat(a.message())
        .contains("Cannot read the md arrays: mdadm did not answer").contains("last read at"));
    assertThat(alert("hardware.psu.2")).isPresent();
    assertThat(HardwareStatus.arrays(second)).singleElement().satisfies(array -> {
      assertThat(array.get("state")).isEqualTo("clean");
      assertThat(array.get("members")).asList().extracting("bay").containsExactly(1, 2);
    });
  }

  @Test
  void smartIsReadOncePerSmartPollNotAtEveryPoll() {
    HardwareMonitor monitor = monitor(1);
    monitor.pollOnce();
    assertThat(smartReads).hasValue(2);
    now = now.plusSeconds(10);
    monitor.pollOnce();
    assertThat(smartReads).hasValue(2);
    now = now.plus(Duration.ofMinutes(31));
    HardwareSnapshot later = monitor.pollOnce();
    assertThat(smartReads).hasValue(4);
    assertThat(later.disks().value()).extracting(Disk::label)
        .containsExactly("bay 1, serial WD-AAA (sda)", "bay 2, serial WD-BBB (sdb)");
    assertThat(later.storeArray().value()).isEqualTo("md0");
  }
}
