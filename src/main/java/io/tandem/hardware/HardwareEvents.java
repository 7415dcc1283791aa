package io.tandem.hardware;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk events from udev ({@code udev-rules/90-tandem-disks.rules} → {@code tandem hardware
 * event add|remove sdX} → {@code POST /api/hardware/event}): the last {@link #KEPT} in a bounded
 * list, and every new one told to the subscribers (the hot-swap workflow waits for "a disk
 * appeared in bay N" this way) on the publishing thread, after the monitor was asked to poll. An
 * event is a hint to look now, never the truth: the monitor's next reading is (events are lost
 * while the service is down). Thread-safe.
 */
public final class HardwareEvents {
  /** How many events are kept. */
  public static final int KEPT = 64;
  private static final Logger LOG = LoggerFactory.getLogger(HardwareEvents.class);
  private static final Pattern DEVICE = Pattern.compile("[a-z][a-z0-9]{1,31}");

  /** What happened to a block device. */
  public enum Action {
    ADD, REMOVE;

    /** {@code add} or {@code remove}; anything else is refused. */
    public static Action of(String word) {
      return switch (word == null ? "" : word) {
        case "add" -> ADD;
        case "remove" -> REMOVE;
        default -> throw new IllegalArgumentException("action must be add or remove, not '"
            + word + "'");
      };
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One event.
   *
   * @param action add or remove
   * @param device the kernel name ({@code sdb}, {@code nvme1n1})
   * @param at when the service took it
   */
  public record HardwareEvent(Action action, String device, Instant at) {
    public HardwareEvent {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(at, "at");
      if (device == null || !DEVICE.matcher(device).matches()) {
        throw new IllegalArgumentException("not a kernel disk name: '" + device + "'");
      }
    }
  }

  /** Ends a subscription. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final Clock clock;
  private final Runnable pollSoon;
  private final Deque<HardwareEvent> recent = new ArrayDeque<>();
  private final List<Consumer<HardwareEvent>> subscribers = new CopyOnWriteArrayList<>();

  /**
   * @param clock stamps the events
   * @param pollSoon asks the monitor to read again now
   */
  public HardwareEvents(Clock clock, Runnable pollSoon) {
    this.clock = clock;
    this.pollSoon = pollSoon;
  }

  /**
   * Takes an event: kept, the monitor asked to poll, the subscribers told.
   *
   * @throws IllegalArgumentException for an action or device name that is not one
   */
  public HardwareEvent publish(String action, String device) {
    HardwareEvent event = new HardwareEvent(Action.of(action),
        device != null && device.startsWith("/dev/") ? device.substring(5) : device,
        clock.instant());
    synchronized (recent) {
      recent.addLast(event);
      while (recent.size() > KEPT) {
        recent.removeFirst();
      }
    }
    LOG.info("Disk event: {} {}", event.action().word(), event.device());
    try {
      pollSoon.run();
    } catch (RuntimeException e) {
      LOG.warn("The hardware monitor could not be asked to poll: {}", e.toString());
    }
    for (Consumer<HardwareEvent> subscriber : subscribers) {
      try {
        subscriber.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("A disk event subscriber failed on {} {}: {}", event.action().word(),
            event.device(), e.toString(), e);
      }
    }
    return event;
  }

  /** Tells {@code subscriber} every later event until the subscription is closed. */
  public Subscription subscribe(Consumer<HardwareEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** The last events, oldest first. */
  public List<HardwareEvent> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }
}
