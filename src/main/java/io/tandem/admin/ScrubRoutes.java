package io.tandem.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/scrub}: {@code POST[?user=NAME]} starts a scrub unless one runs (answering with
 * the report and {@code started}), {@code GET} reports the one in progress or the last one:
 * {@code state}, the counters, {@code run} (its number since the service started) and every
 * finding.
 */
final class ScrubRoutes {
  private final AdminServer.ScrubStart start;
  private final Supplier<Map<String, Object>> report;

  ScrubRoutes(AdminServer.ScrubStart start, Supplier<Map<String, Object>> report) {
    this.start = start;
    this.report = report;
  }

  void route(HttpExchange exchange) throws IOException, AdminServer.HttpError {
    switch (exchange.getRequestMethod()) {
      case "GET" -> AdminServer.reply(exchange, 200, report.get());
      case "POST" -> {
        try {
          AdminServer.reply(exchange, 200, start.start(AdminServer.queryOf(exchange)
              .get("user")));
        } catch (IOException e) {
          throw new AdminServer.HttpError(409, e.getMessage());
        }
      }
      default -> throw new AdminServer.HttpError(405, "use GET or POST for /api/scrub");
    }
  }
}
