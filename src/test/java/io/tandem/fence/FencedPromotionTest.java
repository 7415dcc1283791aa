package io.tandem.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.alert.Alert;
import io.tandem.alert.Alerts;
import io.tandem.command.CommandRunner;
import io.tandem.config.Role;
import io.tandem.lifecycle.RoleState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code POST /api/promote} does with and without {@code fence}: a real role file, real
 * alerts, and {@link FakeIpmitool} as the BMC's tool.
 */
class FencedPromotionTest {
  @TempDir Path dir;
  private RoleState role;
  private Alerts alerts;
  private boolean connected;
  private final List<Boolean> promotions = new ArrayList<>();
  private PeerFence fence;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(dir.resolve("state"));
    role = RoleState.load(dir.resolve("state"), Role.REPLICA);
    alerts = new Alerts(Clock.systemUTC());
    Path tool = FakeIpmitool.install(dir);
    fence = new PeerFence(List.of(tool.toString(), "-H", "10.0.0.2", "-U", "admin", "-P", "pw"),
        new CommandRunner(), Duration.ofSeconds(2), Duration.ofMillis(500),
        Duration.ofMillis(50));
  }

  private FencedPromotion promotion(Optional<PeerFence> withFence) {
    return new FencedPromotion(role, () -> connected, force -> {
      promotions.add(force);
      if (!force && connected) {
        throw new java.io.IOException("the primary is connected");
      }
      return role.promote();
    }, withFence, alerts, Clock.systemUTC());
  }

  private boolean fenceWasTried() {
    return Files.exists(dir.resolve("calls"));
  }

  @Test
  void withoutFenceItPromotesAsBefore() throws Exception {
    Map<String, Object> result = promotion(Optional.of(fence)).promote(false, false);

    assertThat(result).containsEntry("role", "primary").containsEntry("epoch", 2L)
        .containsEntry("fenced", false);
    assertThat(promotions).containsExactly(false);
    assertThat(fenceWasTried()).isFalse();
  }

  @Test
  void fencesThenPromotes() throws Exception {
    FencedPromotion promotion = promotion(Optional.of(fence));
    Map<String, Object> result = promotion.promote(false, true);

    assertThat(result).containsEntry("epoch", 2L).containsEntry("fenced", true)
        .containsEntry("fence_bmc", "10.0.0.2").containsKey("fence_ms");
    assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly("off", "status");
    assertThat(Files.readString(dir.resolve("power")).strip()).isEqualTo("off");
    assertThat(promotions).containsExactly(true);
    assertThat(role.isPrimary()).isTrue();
    assertThat(promotion.lastFence()).hasValueSatisfying(fenced -> assertThat(fenced)
        .containsEntry("bmc", "10.0.0.2").containsEntry("state", "powered_off")
        .containsKeys("at", "elapsed_ms")
        .hasEntrySatisfying("message", m -> assertThat((String) m).startsWith(
            "the old primary was powered off through its BMC 10.0.0.2 and confirmed off after")));
  }

  @Test
  void aFailedFencePromotesNothingAndRaisesTheAlert() throws Exception {
    FakeIpmitool.mode(dir, "no-session");
    FencedPromotion promotion = promotion(Optional.of(fence));

    assertThatThrownBy(() -> promotion.promote(false, true))
        .isInstanceOf(FenceException.class)
        .hasMessageContaining("through its BMC 10.0.0.2: 'chassis power off' failed: exit 1,"
            + " 'Error: Unable to establish IPMI v2 / RMCP+ session'. Nothing was promoted.");
    assertThat(role.isPrimary()).isFalse();
    assertThat(role.epoch()).isEqualTo(1);
    assertThat(promotions).isEmpty();
    assertThat(alerts.open()).singleElement().satisfies(alert -> {
      assertThat(alert.id()).isEqualTo("replication.fence");
      assertThat(alert.severity()).isEqualTo(Alert.Severity.CRITICAL);
      assertThat(alert.message()).startsWith("Forced promotion refused: could not power off");
    });
    assertThat(promotion.lastFence()).hasValueSatisfying(
        fenced -> assertThat(fenced).containsEntry("state", "failed"));

    FakeIpmitool.mode(dir, "normal");
    promotion.promote(false, true);
    assertThat(alerts.isOpen("replication.fence")).as("cleared by a fence that worked").isFalse();
    assertThat(role.isPrimary()).isTrue();
  }

  @Test
  void fenceWithoutTheCommandIsRefusedWithTheReason() {
    assertThatThrownBy(() -> promotion(Optional.empty()).promote(false, true))
        .hasMessageStartingWith("--fence needs peer.ipmi.command, the command that reaches the"
            + " old primary's BMC");
    assertThat(role.isPrimary()).isFalse();
    assertThat(promotions).isEmpty();
  }

  @Test
  void aPrimaryFencesNobody() throws Exception {
    role.promote();
    assertThatThrownBy(() -> promotion(Optional.of(fence)).promote(false, true))
        .hasMessage("this appliance is already the primary (epoch 2); nothing was fenced");
    assertThat(fenceWasTried()).isFalse();
  }

  @Test
  void aConnectedPrimaryIsNotFenced() {
    connected = true;
    assertThatThrownBy(() -> promotion(Optional.of(fence)).promote(false, true))
        .hasMessageStartingWith("the primary is connected and streaming to this appliance, so"
            + " it is not gone; nothing was fenced");
    assertThat(fenceWasTried()).isFalse();
    assertThat(role.isPrimary()).isFalse();
  }
}
