package io.tandem.admin;

import com.sun.net.httpserver.HttpExchange;
import io.tandem.hotswap.HotswapPlan;
import io.tandem.hotswap.HotswapTarget;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /api/hotswap/plan?disk=BAY} or {@code ?psu=N}: the guard's answer {@code {"verdict",
 * "target", "reasons", "steps"}} (200 whatever the verdict; 400 for a bad question).
 */
final class HotswapRoutes {
  private final Function<HotswapTarget, HotswapPlan> planner;

  HotswapRoutes(Function<HotswapTarget, HotswapPlan> planner) {
    this.planner = planner;
  }

  void plan(HttpExchange exchange) throws IOException, AdminServer.HttpError {
    AdminServer.requireMethod(exchange, "GET");
    AdminServer.reply(exchange, 200, planner.apply(target(AdminServer.queryOf(exchange)))
        .toJson());
  }

  static HotswapTarget target(Map<String, String> query) throws AdminServer.HttpError {
    String disk = query.get("disk");
    String psu = query.get("psu");
    if ((disk == null) == (psu == null)) {
      throw new AdminServer.HttpError(400, "ask about one part: ?disk=BAY or ?psu=N");
    }
    try {
      return disk != null ? HotswapTarget.disk(Integer.parseInt(disk))
          : HotswapTarget.psu(Integer.parseInt(psu));
    } catch (IllegalArgumentException e) {
      throw new AdminServer.HttpError(400, "not a bay or supply number: "
          + (disk != null ? disk : psu) + " (" + e.getMessage() + ")");
    }
  }
}
