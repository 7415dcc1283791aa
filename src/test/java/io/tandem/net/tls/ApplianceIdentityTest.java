package io.tandem.net.tls;

import static io.tandem.net.tls.CertificateFingerprintTest.onPath;
import static io.tandem.net.tls.CertificateFingerprintTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceIdentityTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path state;

  @Test
  void createsAnEcP256SelfSignedCertificateNamedAfterTheApplianceForTwentyYears()
      throws Exception {
    Path dir = ApplianceIdentity.directory(state);
    ApplianceIdentity identity = ApplianceIdentity.create(dir, "mail-a", false, CLOCK);

    assertThat(dir).isEqualTo(state.resolve("tls"));
    assertThat(identity.subject()).isEqualTo("CN=mail-a");
    assertThat(identity.certificate().getIssuerX500Principal())
        .isEqualTo(identity.certificate().getSubjectX500Principal());
    identity.certificate().verify(identity.certificate().getPublicKey());
    ECPublicKey key = (ECPublicKey) identity.certificate().getPublicKey();
    assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(identity.certificate().getNotBefore().toInstant()).isBefore(NOW);
    assertThat(identity.certificate().getNotAfter().toInstant())
        .isEqualTo(Instant.parse("2046-11-28T12:00:00Z"));
  }

  @Test
  void writesKeyStoreAndPasswordOwnerOnlyAndThePemCertificate() throws Exception {
    Path dir = ApplianceIdentity.directory(state);
    ApplianceIdentity identity = ApplianceIdentity.create(dir, "mail-a", false, CLOCK);

    assertThat(permissions(dir.resolve("appliance.p12"))).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("appliance.p12.pass"))).isEqualTo("rw-------");
    assertThat(permissions(dir)).isEqualTo("rwx------");
    assertThat(Files.readString(dir.resolve("appliance.crt")))
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(CertificatePem.read(dir.resolve("appliance.crt")))
        .isEqualTo(identity.certificate());
    assertThat(Files.readString(dir.resolve("appliance.p12.pass")).strip()).hasSize(32);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("appliance.p12", "appliance.p12.pass", "appliance.crt");
    }
  }

  @Test
  void loadsBackTheSameKeyAndCertificate() throws Exception {
    Path dir = ApplianceIdentity.directory(state);
    ApplianceIdentity created = ApplianceIdentity.create(dir, "mail-a", false, CLOCK);

    ApplianceIdentity loaded = ApplianceIdentity.load(dir);

    assertThat(loaded.certificate()).isEqualTo(created.certificate());
    assertThat(loaded.fingerprint()).isEqualTo(created.fingerprint());
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(loaded.privateKey());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(created.certificate());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void refusesToReplaceAnExistingIdentityUnlessForced() throws Exception {
    Path dir = ApplianceIdentity.directory(state);
    ApplianceIdentity first = ApplianceIdentity.create(dir, "mail-a", false, CLOCK);

    assertThatThrownBy(() -> ApplianceIdentity.create(dir, "mail-a", false, CLOCK))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("appliance.p12");
    assertThat(ApplianceIdentity.load(dir).fingerprint()).isEqualTo(first.fingerprint());

    ApplianceIdentity second = ApplianceIdentity.create(dir, "mail-a", true, CLOCK);
    assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(ApplianceIdentity.load(dir).fingerprint()).isEqualTo(second.fingerprint());
    assertThat(CertificatePem.read(dir.resolve("appliance.crt")))
        .isEqualTo(second.certificate());
  }

  @Test
  void loadingSaysWhatIsMissingOrWrong() throws Exception {
    Path dir = ApplianceIdentity.directory(state);
    assertThat(ApplianceIdentity.exists(dir)).isFalse();
    assertThatThrownBy(() -> ApplianceIdentity.load(dir))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("run 'tandem tls init'");

    ApplianceIdentity.create(dir, "mail-a", false, CLOCK);
    Files.writeString(dir.resolve("appliance.p12.pass"), "wrong\n");
    assertThatThrownBy(() -> ApplianceIdentity.load(dir))
        .hasMessageContaining("appliance.p12: cannot open it with the password in")
        .hasMessageContaining("tandem tls init --force");
  }

  @Test
  void opensslReadsTheKeyStoreWithItsPasswordFile() throws Exception {
    assumeTrue(onPath("openssl"), "openssl is not on PATH");
    Path dir = ApplianceIdentity.directory(state);
    ApplianceIdentity identity = ApplianceIdentity.create(dir, "mail-a", false, CLOCK);

    String out = run("openssl", "pkcs12", "-in", dir.resolve("appliance.p12").toString(),
        "-passin", "file:" + dir.resolve("appliance.p12.pass"), "-nokeys", "-clcerts");

    assertThat(out).contains("CN = mail-a").contains("-----BEGIN CERTIFICATE-----");
    assertThat(identity.fingerprint()).isNotEmpty();
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
