package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.admin.AdminAddressFile;
import io.tandem.config.ApplianceConfig;
import io.tandem.config.ListenAddress;
import io.tandem.lifecycle.ExitCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The CLI's client for the admin API of a running service. */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String base;
  private final ApplianceConfig config;

  AdminClient(ApplianceConfig config) {
    this.base = baseOf(config);
    this.config = config;
  }

  /** Why a command that needs the service cannot go on: it is not running. */
  static String notRunning(ApplianceConfig config) {
    return "the service of " + config.appliance().name() + " is not running (nothing answers on "
        + config.admin().listen() + ")";
  }

  /**
   * Sends a request to the running service.
   *
   * @throws CliException for an error answer, or when no service is listening
   */
  JsonNode call(String method, String path) {
    return send(method, path, null).orElseThrow(() ->
        new CliException(ExitCode.FAILURE, notRunning(config)));
  }

  /** {@code http://host:port} of the running service's admin API. */
  static String baseOf(ApplianceConfig config) {
    ListenAddress admin = config.admin().listen();
    String host = admin.host().contains(":") ? "[" + admin.host() + "]" : admin.host();
    host = admin.isWildcard() ? "127.0.0.1" : host;
    int port = admin.port() != 0 ? admin.port()
        : AdminAddressFile.port(config.store().state()).orElse(0);
    return "http://" + host + ":" + port;
  }

  /**
   * Sends a request; empty when no service is listening (so the caller can work offline).
   *
   * @throws CliException for an error answer, with the service's message
   */
  Optional<JsonNode> send(String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json");
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 400) {
        String error = json.has("error") ? json.get("error").asText() : response.body();
        throw new CliException(ExitCode.FAILURE, error);
      }
      return Optional.of(json);
    } catch (ConnectException | IllegalArgumentException e) {
      // Nothing listens (or port 0 with no running service): the caller may work offline.
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "the admin API at " + base + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILURE, "interrupted");
    }
  }
}
