package io.tandem.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API on {@code admin.listen} (loopback by default): what the CLI talks to while
 * the service runs.
 *
 * <pre>
 * GET    /api/status                    the status JSON (DESIGN §4)
 * GET    /api/users                     ["alice", ...]
 * POST   /api/users                     {"name": "...", "password_hash": "..."}   201 | 409 | 400
 * PUT    /api/users/NAME/password       {"password_hash": "..."}                  204 | 404 | 400
 * DELETE /api/users/NAME                                                           204 | 404
 * POST   /api/failover[?force=true]     hand over to the replica: {"epoch", "last_seq",
 *                                       "writes_paused_ms"}                           200 | 409
 * POST   /api/promote[?force=true][&fence=true]   become primary of a new epoch, with fence:
 *                                       after powering the old primary off through its BMC
 *                                       (peer.ipmi.command): {"role", "epoch", "fenced",
 *                                       "fence_bmc", "fence_ms"}               200 | 409
 * POST   /api/journal/prune             prune now: {"pruned_segments", "first_seq"} 200
 * GET    /api/metrics, /metrics         the status as Prometheus text (gauges)        200
 * POST   /api/scrub[?user=NAME]          start a scrub unless one runs; GET /api/scrub: the
 *                                       report {"state", counters, "run", "findings": [...]}
 * POST   /api/verify-peer[?user=NAME][&repair=true]   compare with the replica: {"users",
 *        "identical", "differences": [...], "unsettled": [...], "repaired": [...]}  200 | 409
 * POST   /api/backup/run[?full=true]   start a backup run unless a job runs; POST
 *        /api/backup/restore {"user", "mailbox", "as_of", "deleted_since", "message_id", "into",
 *        "disaster"}: a restore; GET /api/backup: the job's report; GET /api/backup/list: runs
 * GET    /api/hotswap/plan?disk=BAY | ?psu=N   the hot-swap guard: {"verdict", "target",
 *                                       "reasons", "steps"}                     200 | 400
 * </pre>
 *
 * Errors come back as {@code {"error": "one line for the operator"}}.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread thread = new Thread(r, "admin-http");
    thread.setDaemon(true);
    return thread;
  });

  /** {@code tandem verify-peer} as the running service answers it. */
  @FunctionalInterface
  public interface PeerVerification {
    /**
     * Compares one user (or all, for null) with the replica.
     *
     * @throws IOException when it cannot be done now (not a primary, replica not connected)
     */
    Map<String, Object> verify(String user, boolean repair)
        throws IOException, InterruptedException;
  }

  /** {@code tandem promote} as the running service answers it. */
  @FunctionalInterface
  public interface Promotion {
    /**
     * Promotes, fencing the old primary first when {@code fence}; returns {@code role}, {@code
     * epoch}, {@code fenced} and what the fence did.
     *
     * @throws IOException with the reason when nothing was promoted
     */
    Map<String, Object> promote(boolean force, boolean fence)
        throws IOException, InterruptedException;
  }

  /** {@code tandem failover} as the running service answers it. */
  @FunctionalInterface
  public interface Handover {
    /** @param force hand over even when the replica's hardware is worse than ours */
    Map<String, Object> failover(boolean force) throws IOException, InterruptedException;
  }

  /** {@code tandem scrub} as the running service answers it. */
  @FunctionalInterface
  public interface ScrubStart {
    /**
     * Starts a scrub of {@code user} (all users for null) unless one runs; returns its report.
     *
     * @throws IOException when it cannot (no such user)
     */
    Map<String, Object> start(String user) throws IOException;
  }

  /** {@code tandem journal prune} as the running service answers it. */
  @FunctionalInterface
  public interface JournalPruning {
    Map<String, Object> pruneNow() throws IOException;
  }

  public AdminServer(String host, int port, UserAdmin users, StatusReport.StatusSource status,
      PeerVerification verification, JournalPruning pruning, Promotion promotion,
      Handover handover) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.setExecutor(executor);
    server.createContext("/api/status", exchange -> handle(exchange, () -> {
      requireMethod(exchange, "GET");
      reply(exchange, 200, StatusReport.of(status));
    }));
    com.sun.net.httpserver.HttpHandler metrics = exchange -> handle(exchange, () -> {
      requireMethod(exchange, "GET");
      byte[] text = MetricsFormat.of(StatusReport.of(status))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, text.length);
      exchange.getResponseBody().write(text);
    });
    // /metrics is where Prometheus looks by default.
    server.createContext("/api/metrics", metrics);
    server.createContext("/metrics", metrics);
    server.createContext("/api/failover", exchange -> handle(exchange, () -> {
      requireMethod(exchange, "POST");
      try {
        reply(exchange, 200, handover.failover("true".equals(queryOf(exchange).get("force"))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpError(503, "interrupted");
      } catch (IOException e) {
        throw new HttpError(409, e.getMessage());
      }
    }));
    server.createContext("/api/promote", exchange -> handle(exchange, () -> {
      requireMethod(exchange, "POST");
      Map<String, String> query = queryOf(exchange);
      try {
        reply(exchange, 200, promotion.promote("true".equals(query.get("force")),
            "true".equals(query.get("fence"))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpError(503, "interrupted");
      } catch (IOException e) {
        throw new HttpError(409, e.getMessage());
      }
    }));
    server.createContext("/api/journal/prune", exchange -> handle(exchange, () -> {
      requireMethod(exchange, "POST");
      reply(exchange, 200, pruning.pruneNow());
    }));
    server.createContext("/api/users", exchange -> handle(exchange,
        () -> new UserRoutes(users).route(exchange)));
    server.createContext("/api/verify-peer", exchange -> handle(exchange, () -> {
      requireMethod(exchange, "POST");
      Map<String, String> query = queryOf(exchange);
      try {
        reply(exchange, 200, verification.verify(query.get("user"),
            "true".equals(query.get("repair"))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpError(503, "interrupted");
      } catch (IOException e) {
        throw new HttpError(409, e.getMessage());
      }
    }));
  }

  /**
   * Adds {@code /api/scrub} (see {@link ScrubRoutes}): {@code POST[?user=NAME]} starts a scrub,
   * {@code GET} reports it. Call before {@link #start}.
   */
  public void enableScrub(ScrubStart start, java.util.function.Supplier<Map<String, Object>>
      report) {
    server.createContext("/api/scrub", exchange -> handle(exchange,
        () -> new ScrubRoutes(start, report).route(exchange)));
  }

  /**
   * Adds {@code /api/backup} (see {@link BackupRoutes}): runs, restores, the job's report and the
   * list of runs. Call before {@link #start}.
   */
  public void enableBackup(io.tandem.backup.BackupService backup) {
    BackupRoutes routes = new BackupRoutes(backup);
    server.createContext("/api/backup", exchange -> handle(exchange, () -> routes.route(exchange)));
  }

  /**
   * Adds {@code GET /api/hotswap/plan?disk=BAY|psu=N} (see {@link HotswapRoutes}): the guard's
   * answer. Call before {@link #start}.
   */
  public void enableHotswap(java.util.function.Function<io.tandem.hotswap.HotswapTarget,
      io.tandem.hotswap.HotswapPlan> planner, io.tandem.hotswap.swap.HotswapService swaps) {
    HotswapRoutes routes = new HotswapRoutes(planner, swaps);
    server.createContext("/api/hotswap/plan", exchange -> handle(exchange,
        () -> routes.plan(exchange)));
    server.createContext("/api/hotswap/prepare", exchange -> handle(exchange,
        () -> routes.prepare(exchange)));
    server.createContext("/api/hotswap/done", exchange -> handle(exchange,
        () -> routes.done(exchange)));
    server.createContext("/api/hotswap", exchange -> handle(exchange,
        () -> routes.current(exchange)));
  }

  /**
   * Adds {@code /api/hardware/event} (see {@link HardwareEventRoute}): {@code POST
   * ?action=add|remove&device=sdX} answers 202 at once, {@code GET} lists the last events. Call
   * before {@link #start}.
   */
  public void enableHardwareEvents(io.tandem.hardware.HardwareEvents events) {
    HardwareEventRoute route = new HardwareEventRoute(events);
    server.createContext("/api/hardware/event", exchange -> handle(exchange,
        () -> route.route(exchange)));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @FunctionalInterface
  interface Route {
    void run() throws IOException, StoreException, HttpError;
  }

  /** An HTTP error to send back as {@code {"error": ...}}. */
  static final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private static void handle(HttpExchange exchange, Route route) throws IOException {
    try (exchange) {
      try {
        route.run();
      } catch (HttpError e) {
        reply(exchange, e.status, Map.of("error", e.getMessage()));
      } catch (StoreException e) {
        reply(exchange, statusOf(e.reason()), Map.of("error", e.getMessage()));
      } catch (IOException | RuntimeException e) {
        LOG.error("Admin request {} {} failed: {}", exchange.getRequestMethod(),
            exchange.getRequestURI(), e.toString(), e);
        reply(exchange, 500, Map.of("error", "internal error: " + e.getMessage()));
      }
    }
  }

  static int statusOf(StoreException.Reason reason) {
    switch (reason) {
      case NO_SUCH_USER:
      case NO_SUCH_MAILBOX:
      case NO_SUCH_MESSAGE:
        return 404;
      case USER_EXISTS:
      case MAILBOX_EXISTS:
        return 409;
      case NOT_PRIMARY:
      case STORE_FULL:
        return 503;
      default:
        return 400;
    }
  }

  /** The query string's {@code name=value} pairs (URL-decoded). */
  static Map<String, String> queryOf(HttpExchange exchange) {
    Map<String, String> out = new java.util.HashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(java.net.URLDecoder.decode(pair.substring(0, eq),
              java.nio.charset.StandardCharsets.UTF_8), java.net.URLDecoder.decode(
                  pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  static void requireMethod(HttpExchange exchange, String method) throws HttpError {
    if (!exchange.getRequestMethod().equals(method)) {
      throw new HttpError(405, "use " + method + " for " + exchange.getRequestURI().getPath());
    }
  }

  static JsonNode body(HttpExchange exchange) throws HttpError {
    try {
      byte[] bytes = exchange.getRequestBody().readNBytes(64 * 1024);
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new HttpError(400, "the request body is not JSON: " + e.getMessage());
    }
  }

  static void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = body == null ? new byte[0]
        : JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static String text(JsonNode node, String field) throws HttpError {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      throw new HttpError(400, "missing text field '" + field + "'");
    }
    return value.asText();
  }

}
