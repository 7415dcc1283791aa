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
  private final io.tandem.hotswap.swap.HotswapService swaps;

  HotswapRoutes(Function<HotswapTarget, HotswapPlan> planner,
      io.tandem.hotswap.swap.HotswapService swaps) {
    this.planner = planner;
    this.swaps = swaps;
  }

  /**
   * {@code POST /api/hotswap/prepare?disk=N|psu=N[&force=true&reason=TEXT][&wipe=true]}: the
   * swap's status (200), or 409 with the refusal (and the guard's answer, when there is one).
   */
  void prepare(HttpExchange exchange) throws IOException, AdminServer.HttpError {
    AdminServer.requireMethod(exchange, "POST");
    Map<String, String> query = AdminServer.queryOf(exchange);
    try {
      AdminServer.reply(exchange, 200, swaps.prepare(target(query),
          "true".equals(query.get("force")), query.get("reason"),
          "true".equals(query.get("wipe"))));
    } catch (io.tandem.hotswap.swap.HotswapService.Refused e) {
      throw refusal(e);
    }
  }

  /** {@code POST /api/hotswap/done?disk=N|psu=N}: closes (or calls off) the swap. */
  void done(HttpExchange exchange) throws IOException, AdminServer.HttpError {
    AdminServer.requireMethod(exchange, "POST");
    try {
      AdminServer.reply(exchange, 200, swaps.done(target(AdminServer.queryOf(exchange))));
    } catch (io.tandem.hotswap.swap.HotswapService.Refused e) {
      throw refusal(e);
    }
  }

  /** {@code GET /api/hotswap}: the swap under way ({@code {}} when none). */
  void current(HttpExchange exchange) throws IOException, AdminServer.HttpError {
    AdminServer.requireMethod(exchange, "GET");
    Map<String, Object> status = swaps.status();
    AdminServer.reply(exchange, 200, status == null ? Map.of() : status);
  }

  private static AdminServer.HttpError refusal(
      io.tandem.hotswap.swap.HotswapService.Refused e) {
    return new AdminServer.HttpError(409, e.getMessage());
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
