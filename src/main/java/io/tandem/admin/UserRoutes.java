package io.tandem.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.tandem.admin.AdminServer.HttpError;
import io.tandem.store.StoreException;
import java.io.IOException;

/** The {@code /api/users} routes of {@link AdminServer}. */
final class UserRoutes {
  private final UserAdmin users;

  UserRoutes(UserAdmin users) {
    this.users = users;
  }

  void route(HttpExchange exchange) throws IOException, StoreException, HttpError {
    String[] parts = exchange.getRequestURI().getPath().split("/");
    String method = exchange.getRequestMethod();
    // parts: "", "api", "users", NAME?, "password"?
    if (parts.length == 3) {
      if (method.equals("GET")) {
        AdminServer.reply(exchange, 200, users.list());
        return;
      }
      AdminServer.requireMethod(exchange, "POST");
      JsonNode body = AdminServer.body(exchange);
      users.add(AdminServer.text(body, "name"), AdminServer.text(body, "password_hash"));
      AdminServer.reply(exchange, 201, null);
    } else if (parts.length == 4) {
      AdminServer.requireMethod(exchange, "DELETE");
      users.delete(parts[3]);
      AdminServer.reply(exchange, 204, null);
    } else if (parts.length == 5 && parts[4].equals("password")) {
      AdminServer.requireMethod(exchange, "PUT");
      users.changePassword(parts[3], AdminServer.text(AdminServer.body(exchange), "password_hash"));
      AdminServer.reply(exchange, 204, null);
    } else {
      throw new HttpError(404, "no such resource: " + exchange.getRequestURI().getPath());
    }
  }
}
