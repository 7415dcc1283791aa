package io.tandem.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.Role;
import io.tandem.net.tls.ApplianceIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochParityTest {
  @TempDir Path dir;

  @Test
  void thePartnersOfAPairNeverOpenTheSameEpoch() {
    EpochParity alpha = EpochParity.of("alpha", "beta");
    EpochParity beta = EpochParity.of("beta", "alpha");
    assertThat(alpha).isEqualTo(EpochParity.ODD);
    assertThat(beta).isEqualTo(EpochParity.EVEN);
    for (long current = 0; current < 20; current++) {
      assertThat(alpha.next(current)).isGreaterThan(current).isOdd();
      assertThat(beta.next(current)).isGreaterThan(current).isEven();
      assertThat(Math.min(alpha.next(current), beta.next(current))).isEqualTo(current + 1);
    }
    assertThat(alpha.partner()).isEqualTo(beta);
  }

  @Test
  void withoutADistinctPartnerAnyEpochWillDo() {
    assertThat(EpochParity.of("alpha", (String) null).next(4)).isEqualTo(5);
    assertThat(EpochParity.of("alpha", "alpha").next(4)).isEqualTo(5);
  }

  @Test
  void thePartnersNameComesFromItsPinnedCertificate() throws Exception {
    Path tls = dir.resolve("tls");
    ApplianceIdentity.create(tls, "mail-b", false, Clock.systemUTC());
    Path certificate = tls.resolve(ApplianceIdentity.CERTIFICATE_FILE);
    assertThat(EpochParity.forPinned("mail-a", Optional.of(certificate)))
        .isEqualTo(EpochParity.ODD);
    assertThat(EpochParity.forPinned("mail-c", Optional.of(certificate)))
        .isEqualTo(EpochParity.EVEN);
    assertThat(EpochParity.forPinned("mail-a", Optional.empty())).isEqualTo(EpochParity.ANY);
  }

  @Test
  void aNewPrimaryOpensTheFirstEpochOfItsParityAndPromotionsKeepIt() throws Exception {
    RoleState beta = RoleState.load(dir.resolve("b"), Role.PRIMARY, EpochParity.EVEN);
    assertThat(beta.epoch()).isEqualTo(2);
    RoleState alpha = RoleState.load(dir.resolve("a"), Role.REPLICA, EpochParity.ODD);
    assertThat(alpha.epoch()).isEqualTo(1);
    alpha.adoptEpoch(2);
    assertThat(alpha.promote()).isEqualTo(3);
    assertThat(alpha.partnerNextEpoch()).isEqualTo(4);
    assertThat(RoleState.load(dir.resolve("a"), Role.REPLICA, EpochParity.ODD).epoch())
        .as("kept across a restart").isEqualTo(3);
  }
}
