package io.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.HardwareEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the udev rule runs ({@code tandem hardware event add sdX}) reaches a running service: 202,
 * the subscriber hears it, the event is listed; a bad request is 400.
 */
class HardwareEventServiceTest {
  @TempDir Path dir;
  private PairFixture pair;

  @AfterEach
  void close() {
    if (pair != null) {
      pair.close();
    }
  }

  @Test
  void theCliEventReachesTheRunningServicesSubscribers() throws Exception {
    String sim = "hardware.mode = sim\nhardware.poll = 1h\n";
    pair = new PairFixture(dir, sim + "hardware.sim.dir = " + dir.resolve("alpha-sim") + "\n",
        sim + "hardware.sim.dir = " + dir.resolve("beta-sim") + "\n");
    LinkedBlockingQueue<HardwareEvents.HardwareEvent> heard = new LinkedBlockingQueue<>();
    pair.primary.hardwareEvents().subscribe(heard::add);

    Path config = dir.resolve("alpha").resolve("alpha.conf");
    assertThat(Tandem.run("hardware", "event", "add", "sdq", "--config", config.toString()))
        .isZero();
    HardwareEvents.HardwareEvent event = heard.poll(10, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.action()).isEqualTo(HardwareEvents.Action.ADD);
    assertThat(event.device()).isEqualTo("sdq");

    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + pair.primary.adminPort() + "/api/hardware/event";
    HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(list.body()).contains("\"device\" : \"sdq\"");
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base
        + "?action=change&device=sdq")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(pair.replica.hardwareEvents().recent()).isEmpty();
  }
}
