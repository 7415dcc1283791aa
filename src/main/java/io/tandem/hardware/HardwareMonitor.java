package io.tandem.hardware;

import io.tandem.alert.Alerts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the hardware every {@code hardware.poll} on a thread of its own, puts the parts into one
 * {@link HardwareSnapshot}, and turns what is wrong into alerts ({@link HardwareAlerts}). A part
 * that cannot be read (a tool that hangs is killed at {@code hardware.timeout}, one that fails
 * or prints garbage) keeps its last known value marked stale, with an alert; the other parts go
 * on. SMART is read every {@code smart.poll} per disk, not at every poll.
 */
public final class HardwareMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HardwareMonitor.class);

  /**
   * Where the readings come from.
   *
   * @param arrays the md arrays
   * @param inventory the disks present
   * @param smart SMART of one disk
   * @param psus the power supplies; empty when {@code ipmi.command} is not set
   * @param bays which bay each disk sits in
   * @param sensors temperatures and fans; empty where there are none to read
   * @param storeArray the array under the store, checked at the first poll
   * @param beforePoll run before each poll (the simulated enclosure renders its files)
   */
  public record Parts(Sources.Arrays arrays, Sources.DiskInventory inventory,
      Sources.Smart smart, Optional<Sources.PowerSupplies> psus, Sources.Bays bays,
      Optional<Sources.Sensors> sensors, Sources.StoreArray storeArray, Runnable beforePoll) {}

  private final Parts parts;
  private final HardwareAlerts alerts;
  private final Clock clock;
  private final Duration poll;
  private final Duration smartPoll;
  private final Map<String, Sources.SmartVerdict> smart = new HashMap<>();
  private final Map<String, Instant> smartReadAt = new HashMap<>();
  private Map<String, Integer> lastBays = Map.of();
  /** Checked once, at the first poll: the store does not move between arrays. */
  private Reading<String> storeArray;
  private volatile HardwareSnapshot current = HardwareSnapshot.EMPTY;
  private final List<java.util.function.Consumer<HardwareSnapshot>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private ScheduledExecutorService thread;

  public HardwareMonitor(Parts parts, Alerts alerts, Clock clock, Duration poll,
      Duration smartPoll, int debounce) {
    this.parts = parts;
    this.alerts = new HardwareAlerts(alerts, debounce);
    this.clock = clock;
    this.poll = poll;
    this.smartPoll = smartPoll;
  }

  /** Starts polling: the first poll at once, then every {@code hardware.poll}. */
  public synchronized void start() {
    thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "hardware-monitor");
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(this::pollSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Polls again now (a udev event, a change made with {@code tandem sim}), off this thread. */
  public synchronized void pollSoon() {
    if (thread != null) {
      thread.execute(this::pollSafely);
    }
  }

  /** Called with each new snapshot, on the monitor's thread (the hot-swap workflow). */
  public void addListener(java.util.function.Consumer<HardwareSnapshot> listener) {
    listeners.add(listener);
  }

  /** The latest snapshot. */
  public HardwareSnapshot snapshot() {
    return current;
  }

  private void pollSafely() {
    try {
      pollOnce();
    } catch (RuntimeException e) {
      LOG.error("The hardware poll failed unexpectedly; trying again in {}: {}", poll,
          e.toString(), e);
    }
  }

  /** One poll, on the caller's thread (the monitor's, or a test's). */
  synchronized HardwareSnapshot pollOnce() {
    try {
      parts.beforePoll().run();
    } catch (RuntimeException e) {
      LOG.warn("Preparing the hardware readings failed: {}", e.getMessage());
    }
    HardwareSnapshot before = current;
    Reading<List<MdArray>> arrays = read(parts.arrays()::read, before.arrays());
    Reading<List<Sources.DiskIdentity>> present = read(parts.inventory()::read,
        Reading.none("not read yet"));
    try {
      lastBays = parts.bays().read();
    } catch (HardwareException e) {
      LOG.debug("bays: {}", e.getMessage());
    }
    Reading<List<Disk>> disks;
    if (present.fresh()) {
      readSmart(present.value());
      List<Disk> previous = before.disks().value() == null ? List.of() : before.disks().value();
      disks = Reading.of(DiskAssembler.assemble(present.value(), lastBays, smart, previous),
          present.readAt());
    } else {
      disks = before.disks().failed(present.problem());
    }
    Reading<List<Psu>> psus = parts.psus().isPresent()
        ? read(parts.psus().get()::read, before.psus())
        : Reading.none("not configured: ipmi.command is not set");
    Reading<HardwareSnapshot.Sensors> sensors = parts.sensors().isPresent()
        ? read(parts.sensors().get()::read, before.sensors())
        : Reading.none("not configured: none on this machine");
    if (storeArray == null) {
      storeArray = read(parts.storeArray()::read, Reading.none("not read yet"));
    }
    HardwareSnapshot snapshot = new HardwareSnapshot(arrays, disks, psus, sensors, storeArray);
    current = snapshot;
    alerts.update(HardwareConditions.evaluate(snapshot));
    for (java.util.function.Consumer<HardwareSnapshot> listener : listeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.error("A hardware listener failed on the latest snapshot: {}", e.toString(), e);
      }
    }
    return snapshot;
  }

  private void readSmart(List<Sources.DiskIdentity> present) {
    Instant now = clock.instant();
    for (Sources.DiskIdentity disk : present) {
      String key = DiskAssembler.key(disk);
      Instant last = smartReadAt.get(key);
      if (last != null && now.isBefore(last.plus(smartPoll))) {
        continue;
      }
      try {
        smart.put(key, parts.smart().read(disk.device()));
      } catch (HardwareException e) {
        smart.put(key, new Sources.SmartVerdict(DiskHealth.UNKNOWN,
            List.of("SMART could not be read: " + e.getMessage()), null, "", ""));
      }
      smartReadAt.put(key, now);
    }
  }

  /** A reader that may fail. */
  @FunctionalInterface
  private interface Read<T> {
    T read() throws HardwareException;
  }

  private <T> Reading<T> read(Read<T> source, Reading<T> before) {
    try {
      return Reading.of(source.read(), clock.instant());
    } catch (HardwareException e) {
      return before.failed(e.getMessage());
    } catch (RuntimeException e) {
      return before.failed("unexpected error: " + e);
    }
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
