package io.tandem.net.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PinnedPeerTrustTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final ApplianceIdentity B =
      ApplianceIdentity.generate("mail-b", Clock.fixed(NOW, ZoneOffset.UTC));
  private static final ApplianceIdentity C =
      ApplianceIdentity.generate("mail-c", Clock.fixed(NOW, ZoneOffset.UTC));

  private static PinnedPeerTrust pinB(Instant at) {
    return new PinnedPeerTrust(B.certificate(), Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void acceptsThePinnedCertificateOnEitherSide() {
    PinnedPeerTrust trust = pinB(NOW);
    X509Certificate[] chain = {B.certificate()};
    assertThatCode(() -> trust.checkClientTrusted(chain, "EC")).doesNotThrowAnyException();
    assertThatCode(() -> trust.checkServerTrusted(chain, "EC")).doesNotThrowAnyException();
  }

  @Test
  void refusesAnyOtherCertificateNamingBothFingerprints() {
    assertThatThrownBy(() -> pinB(NOW).checkClientTrusted(
        new X509Certificate[] {C.certificate()}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessage("unexpected peer certificate SHA-256 " + C.fingerprint() + " (CN=mail-c);"
            + " expected the pinned partner certificate SHA-256 " + B.fingerprint()
            + " (CN=mail-b)");
  }

  @Test
  void refusesADifferentKeyUnderTheSameName() {
    ApplianceIdentity impostor =
        ApplianceIdentity.generate("mail-b", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> pinB(NOW).checkServerTrusted(
        new X509Certificate[] {impostor.certificate()}, "EC"))
        .hasMessageContaining("unexpected peer certificate SHA-256 " + impostor.fingerprint());
  }

  @Test
  void refusesAnEmptyChain() {
    assertThatThrownBy(() -> pinB(NOW).checkClientTrusted(new X509Certificate[0], "EC"))
        .hasMessage("the peer presented no certificate; expected the pinned partner certificate"
            + " SHA-256 " + B.fingerprint());
  }

  @Test
  void refusesThePinnedCertificateOutsideItsValidity() {
    X509Certificate[] chain = {B.certificate()};
    assertThatThrownBy(() -> pinB(NOW.plusSeconds(21L * 365 * 86400)).check(chain))
        .hasMessageContaining("expired at 2046-11-28T12:00:00Z");
    assertThatThrownBy(() -> pinB(NOW.minusSeconds(2 * 86400)).check(chain))
        .hasMessageContaining("is not valid before 2026-11-27T12:00:00Z");
  }

  @Test
  void announcesNoAcceptedIssuers() {
    org.assertj.core.api.Assertions.assertThat(pinB(NOW).getAcceptedIssuers()).isEmpty();
  }
}
