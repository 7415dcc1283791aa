package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/promote}: the query reaches the promotion, a refusal comes back as 409. */
class PromoteRouteTest {
  private final List<String> calls = new ArrayList<>();
  private AdminServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> post(AdminServer.Promotion promotion, String query)
      throws Exception {
    server = new AdminServer("127.0.0.1", 0, null, null, null, null, promotion, null);
    server.start();
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.port() + "/api/promote" + query))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void passesForceAndFence() throws Exception {
    HttpResponse<String> response = post((force, fence) -> {
      calls.add(force + "/" + fence);
      return Map.of("role", "primary", "epoch", 3L, "fenced", fence);
    }, "?force=false&fence=true");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.path("epoch").asLong()).isEqualTo(3);
    assertThat(body.path("fenced").asBoolean()).isTrue();
    assertThat(calls).containsExactly("false/true");
  }

  @Test
  void withoutParametersNeitherIsSet() throws Exception {
    post((force, fence) -> {
      calls.add(force + "/" + fence);
      return Map.of("epoch", 2L);
    }, "");

    assertThat(calls).containsExactly("false/false");
  }

  @Test
  void aRefusedFenceIs409WithTheReason() throws Exception {
    HttpResponse<String> response = post((force, fence) -> {
      throw new IOException("could not power off the old primary through its BMC 10.0.0.2: ...");
    }, "?fence=true");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(new ObjectMapper().readTree(response.body()).path("error").asText())
        .startsWith("could not power off the old primary through its BMC 10.0.0.2");
  }
}
