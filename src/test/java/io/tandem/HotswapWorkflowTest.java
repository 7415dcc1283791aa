package io.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ConfigLoader;
import io.tandem.net.tls.ApplianceIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot-swap workflow end to end on one appliance with a simulated enclosure, driven as a
 * technician would: {@code tandem hotswap ...} and, for the hands at the rack, {@code tandem
 * sim ...}.
 */
class HotswapWorkflowTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Path config;
  private ApplianceService service;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    config = dir.resolve("alpha.conf");
    Files.writeString(config, "appliance.name = alpha\nstore.root = " + dir.resolve("mail")
        + "\nstore.state = " + dir.resolve("state") + "\nstore.min_free = 1M\n"
        + "lmtp.listen = 127.0.0.1:0\nadmin.listen = 127.0.0.1:0\nimap.listen = 127.0.0.1:0\nhardware.mode = sim\n"
        + "hardware.sim.dir = " + dir.resolve("sim") + "\nhardware.poll = 1s\n"
        + "hardware.debounce = 1\nsmart.poll = 10s\n", StandardCharsets.UTF_8);
    assertThat(run("sim", "init", "--rebuild-seconds", "2")).isZero();
    start();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private void start() throws Exception {
    service = ApplianceService.start(ConfigLoader.load(config), (code, message, cause) -> { });
    await(s -> !s.path("hardware").path("disks").path("read_at").isNull()
        && !s.path("hardware").path("disks").path("read_at").isMissingNode(),
        "the enclosure read");
  }

  private int run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return Tandem.run(all);
  }

  private JsonNode status() throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + service.adminPort() + "/api/status")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(answer.body());
  }

  private JsonNode await(Predicate<JsonNode> condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode status = status();
    while (!condition.test(status)) {
      assertThat(System.nanoTime()).as(what + "; last status " + status).isLessThan(deadline);
      Thread.sleep(100);
      status = status();
    }
    return status;
  }

  private static String swapState(JsonNode status) {
    return status.path("hotswap").path("state").asText();
  }

  private static boolean alert(JsonNode status, String id) {
    for (JsonNode alert : status.path("alerts")) {
      if (alert.path("id").asText().equals(id)) {
        return true;
      }
    }
    return false;
  }

  private String locateLed(int bay) throws Exception {
    return Files.readString(dir.resolve("sim/root/sys/class/enclosure/0:0:0:0")
        .resolve(String.format("Slot%02d", bay)).resolve("locate")).strip();
  }

  @Test
  void aFailingDiskIsReplacedStartToFinish() throws Exception {
    assertThat(run("sim", "smart", "set", "2", "reallocated", "40")).isZero();
    await(s -> s.path("disks").get(1).path("health").asText().equals("failing"),
        "disk 2 failing");
    assertThat(run("hotswap", "prepare", "disk", "1")).as("the healthy one is refused")
        .isNotZero();
    assertThat(run("hotswap", "prepare", "disk", "2")).isZero();
    JsonNode prepared = await(s -> s.path("arrays").get(0).path("state").asText()
        .equals("degraded"), "md0 without bay 2");
    assertThat(swapState(prepared)).isEqualTo("prepared");
    assertThat(prepared.path("hotswap").path("prompt").toString()).contains("PULL BAY 2");
    assertThat(locateLed(2)).isEqualTo("1");

    assertThat(run("sim", "disk", "pull", "2")).isZero();
    await(s -> swapState(s).equals("pulled"), "the pull seen");
    assertThat(run("sim", "disk", "insert", "2", "--blank", "--serial", "NEW0002")).isZero();
    JsonNode done = await(s -> swapState(s).equals("done"), "the rebuild over");
    assertThat(done.path("arrays").get(0).path("state").asText()).isEqualTo("clean");
    assertThat(done.path("disks").toString()).contains("NEW0002");
    assertThat(locateLed(2)).isEqualTo("0");
    assertThat(run("hotswap", "done", "disk", "2")).isZero();
    assertThat(status().has("hotswap")).isFalse();
  }

  @Test
  void theWrongDiskPulledIsAlertedAtOnceAndARestartResumesTheSwap() throws Exception {
    assertThat(run("sim", "disk", "fail", "2")).isZero();
    await(s -> s.path("arrays").get(0).path("state").asText().equals("degraded"), "degraded");
    assertThat(run("hotswap", "prepare", "disk", "1")).as("the last copy of md0").isNotZero();
    assertThat(run("hotswap", "prepare", "disk", "2")).isZero();

    assertThat(run("sim", "disk", "pull", "3")).isZero();
    JsonNode wrong = await(s -> alert(s, "hotswap.wrong-part"), "the wrong-part alert");
    assertThat(wrong.path("alerts").toString()).contains("bay 3 (serial");
    assertThat(swapState(wrong)).isEqualTo("prepared");
    assertThat(wrong.path("hotswap").path("prompt").toString()).contains("PUT BACK BAY 3");

    service.close();
    start();
    JsonNode resumed = await(s -> s.has("hotswap"), "the swap after a restart");
    assertThat(swapState(resumed)).isEqualTo("prepared");
    assertThat(run("sim", "disk", "pull", "2")).isZero();
    await(s -> swapState(s).equals("pulled"), "the pull seen after the restart");
  }

  @Test
  void aDiskOfAnotherSystemIsRefusedUntilTheTechnicianAllowsItsWipe() throws Exception {
    assertThat(run("sim", "disk", "fail", "2")).isZero();
    await(s -> s.path("arrays").get(0).path("state").asText().equals("degraded"), "degraded");
    assertThat(run("hotswap", "prepare", "disk", "2")).isZero();
    assertThat(run("sim", "disk", "pull", "2")).isZero();
    await(s -> swapState(s).equals("pulled"), "pulled");
    assertThat(run("sim", "disk", "insert", "2", "--foreign", "--serial", "OLD0009")).isZero();
    JsonNode refused = await(s -> alert(s, "hotswap.new-part"), "the refusal");
    assertThat(swapState(refused)).isEqualTo("replaced");
    assertThat(refused.path("hotswap").path("problem").asText()).contains("--wipe");

    assertThat(run("hotswap", "prepare", "disk", "2", "--wipe")).isZero();
    JsonNode done = await(s -> swapState(s).equals("done"), "the wiped disk rebuilt");
    assertThat(alert(done, "hotswap.new-part")).isFalse();
    assertThat(done.path("disks").toString()).contains("OLD0009");
  }

  @Test
  void forcingTheGuardNeedsAReasonAndIsAlerted() throws Exception {
    assertThat(run("sim", "smart", "set", "2", "reallocated", "40")).isZero();
    await(s -> s.path("disks").get(1).path("health").asText().equals("failing"), "failing");
    assertThat(run("hotswap", "prepare", "disk", "1", "--force")).as("no reason").isNotZero();
    assertThat(status().has("hotswap")).isFalse();
    assertThat(run("hotswap", "prepare", "disk", "1", "--force", "--reason",
        "bay 1 clicks loudly, replacing it first")).isZero();
    JsonNode forced = await(s -> alert(s, "hotswap.forced"), "the forced alert");
    assertThat(forced.path("alerts").toString()).contains("bay 1 clicks loudly");
    assertThat(forced.path("hotswap").path("forced_reason").asText()).contains("clicks");
    assertThat(run("hotswap", "done", "disk", "1")).as("called off: bay 1 never left")
        .isZero();
    await(s -> !s.has("hotswap") && !alert(s, "hotswap.forced")
        && s.path("arrays").get(0).path("members").toString().contains("sda1"), "called off");
  }

  @Test
  void aPowerSupplyIsSwappedWhileTheOtherCarriesTheLoad() throws Exception {
    assertThat(run("sim", "psu", "fail", "1")).isZero();
    await(s -> s.path("psus").get(0).path("state").asText().equals("failed"), "PSU 1 failed");
    assertThat(run("hotswap", "prepare", "psu", "2")).as("the one carrying the load")
        .isNotZero();
    assertThat(run("hotswap", "prepare", "psu", "1")).isZero();
    assertThat(run("sim", "psu", "pull", "1")).isZero();
    await(s -> swapState(s).equals("pulled"), "PSU 1 out");
    assertThat(run("sim", "psu", "restore", "1")).isZero();
    await(s -> swapState(s).equals("done"), "the new PSU 1 ok");
  }
}
