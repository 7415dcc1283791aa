package io.tandem.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link AlertSink}s what happens to the open alerts: raised (new, or its severity
 * changed), told again every {@code renotify} while it stays open, cleared. It compares the
 * open alerts with what it told last, once a second ({@link #check}); a condition seen at every
 * poll is therefore one notification, not a storm. Each sink has a thread of its own, so a
 * slow or broken one holds up nothing.
 */
public final class AlertNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

  private final Alerts alerts;
  private final Duration renotify;
  private final Clock clock;
  private final List<Channel> channels = new ArrayList<>();
  private final Map<String, Told> told = new HashMap<>();

  private record Told(Alert alert, Instant at) {}

  private record Channel(AlertSink sink, ExecutorService thread) {}

  public AlertNotifier(Alerts alerts, Duration renotify, Clock clock, List<AlertSink> sinks) {
    this.alerts = alerts;
    this.renotify = renotify;
    this.clock = clock;
    for (AlertSink sink : sinks) {
      channels.add(new Channel(sink, Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "alert-sink " + sink.name());
        thread.setDaemon(true);
        return thread;
      })));
    }
  }

  /** Compares the open alerts with what was told, and tells the differences. */
  public synchronized void check() {
    Instant now = clock.instant();
    Map<String, Alert> open = new HashMap<>();
    for (Alert alert : alerts.open()) {
      open.put(alert.id(), alert);
      Told before = told.get(alert.id());
      if (before == null || before.alert().severity() != alert.severity()) {
        tell(alert, AlertSink.Event.RAISED);
        told.put(alert.id(), new Told(alert, now));
      } else if (!now.isBefore(before.at().plus(renotify))) {
        tell(alert, AlertSink.Event.RENOTIFIED);
        told.put(alert.id(), new Told(alert, now));
      }
    }
    for (Told before : List.copyOf(told.values())) {
      if (!open.containsKey(before.alert().id())) {
        tell(before.alert(), AlertSink.Event.CLEARED);
        told.remove(before.alert().id());
      }
    }
  }

  private void tell(Alert alert, AlertSink.Event event) {
    for (Channel channel : channels) {
      channel.thread().execute(() -> {
        try {
          channel.sink().notify(alert, event);
        } catch (Exception e) {
          LOG.warn("Could not tell the {} that alert {} was {}: {}", channel.sink().name(),
              alert.id(), event.name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
        }
      });
    }
  }

  @Override
  public void close() {
    for (Channel channel : channels) {
      channel.thread().shutdown();
      try {
        channel.thread().awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channel.thread().shutdownNow();
      if (channel.sink() instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.debug("closing the {}: {}", channel.sink().name(), e.getMessage());
        }
      }
    }
  }
}
