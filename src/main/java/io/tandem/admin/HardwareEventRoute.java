package io.tandem.admin;

import com.sun.net.httpserver.HttpExchange;
import io.tandem.hardware.HardwareEvents;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /api/hardware/event}: {@code POST ?action=add|remove&device=sdX} (from the udev rule,
 * through {@code tandem hardware event}) answers 202 at once; the event is published (the
 * monitor polls, subscribers are told) on a thread of its own, so a slow subscriber never holds
 * the caller. {@code GET} lists the last events.
 */
final class HardwareEventRoute {
  private final HardwareEvents events;
  private final ExecutorService publishing = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "hardware-events");
    thread.setDaemon(true);
    return thread;
  });

  HardwareEventRoute(HardwareEvents events) {
    this.events = events;
  }

  void route(HttpExchange exchange) throws IOException, AdminServer.HttpError {
    if (exchange.getRequestMethod().equals("GET")) {
      List<Map<String, Object>> list = events.recent().stream().map(e -> {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("action", e.action().word());
        one.put("device", e.device());
        one.put("at", e.at().toString());
        return one;
      }).toList();
      AdminServer.reply(exchange, 200, Map.of("events", list));
      return;
    }
    AdminServer.requireMethod(exchange, "POST");
    Map<String, String> query = AdminServer.queryOf(exchange);
    String action = query.get("action");
    String device = query.get("device");
    try {
      HardwareEvents.Action.of(action);
      new HardwareEvents.HardwareEvent(HardwareEvents.Action.of(action),
          device != null && device.startsWith("/dev/") ? device.substring(5) : device,
          java.time.Instant.EPOCH);
    } catch (IllegalArgumentException e) {
      throw new AdminServer.HttpError(400, e.getMessage());
    }
    publishing.execute(() -> events.publish(action, device));
    AdminServer.reply(exchange, 202, Map.of("accepted", true, "action", action,
        "device", device));
  }

  void close() {
    publishing.shutdownNow();
  }
}
