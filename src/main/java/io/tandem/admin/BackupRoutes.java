package io.tandem.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.tandem.backup.BackupService;
import io.tandem.backup.RestoreRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code /api/backup}: {@code POST /api/backup/run[?full=true]} starts a backup run and {@code
 * POST /api/backup/restore} (JSON: {@code user}, {@code mailbox}, {@code as_of}, {@code
 * deleted_since}, {@code message_id}, {@code into}, {@code disaster}) a restore, unless a job
 * runs (answering with the job's report and {@code started_now}); {@code GET /api/backup} reports
 * the job in progress or the last one; {@code GET /api/backup/list} lists the runs on the target.
 */
final class BackupRoutes {
  private final BackupService backup;

  BackupRoutes(BackupService backup) {
    this.backup = backup;
  }

  void route(HttpExchange exchange) throws IOException, AdminServer.HttpError {
    String path = exchange.getRequestURI().getPath();
    try {
      switch (path) {
        case "/api/backup" -> {
          AdminServer.requireMethod(exchange, "GET");
          AdminServer.reply(exchange, 200, backup.report());
        }
        case "/api/backup/run" -> {
          AdminServer.requireMethod(exchange, "POST");
          boolean full = "true".equals(AdminServer.queryOf(exchange).get("full"));
          AdminServer.reply(exchange, 200, backup.requestRun(full));
        }
        case "/api/backup/list" -> {
          AdminServer.requireMethod(exchange, "GET");
          AdminServer.reply(exchange, 200, backup.list());
        }
        case "/api/backup/restore" -> {
          AdminServer.requireMethod(exchange, "POST");
          AdminServer.reply(exchange, 200, backup.requestRestore(request(
              AdminServer.body(exchange))));
        }
        default -> throw new AdminServer.HttpError(404, "no such backup route: " + path);
      }
    } catch (IOException e) {
      throw new AdminServer.HttpError(409, e.getMessage());
    }
  }

  private static RestoreRequest request(JsonNode body) throws AdminServer.HttpError {
    try {
      return new RestoreRequest(text(body, "user"), text(body, "mailbox"),
          time(body, "as_of"), time(body, "deleted_since"), text(body, "message_id"),
          text(body, "into"), body.path("disaster").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new AdminServer.HttpError(400, e.getMessage());
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant time(JsonNode body, String field) throws AdminServer.HttpError {
    String text = text(body, field);
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new AdminServer.HttpError(400, field + ": not a time (2026-12-01T02:15:00Z): "
          + text);
    }
  }
}
