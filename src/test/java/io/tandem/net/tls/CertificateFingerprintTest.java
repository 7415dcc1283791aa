package io.tandem.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFingerprintTest {
  /** Made by openssl 3.0 (req -x509 -newkey ec P-256), with what openssl printed for it. */
  private static final String FIXTURE_PEM = """
      -----BEGIN CERTIFICATE-----
      MIIBkTCCATegAwIBAgIUEtEuEc2s+ueWi98pDsnsZvOo0NswCgYIKoZIzj0EAwIw
      HjEcMBoGA1UEAwwTZmluZ2VycHJpbnQtZml4dHVyZTAeFw0yNjExMjgxMjQ0MjBa
      Fw0zNjExMjUxMjQ0MjBaMB4xHDAaBgNVBAMME2ZpbmdlcnByaW50LWZpeHR1cmUw
      WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARPSD4zJ5uyxi+0G4Y8QLmXdz+cDn08
      u0NMtGvSP+8/bnlx/xEg84rqtXHxg7QkWJSQU8w1UEKKBhzbA168af+go1MwUTAd
      BgNVHQ4EFgQUYdWLMe/Wi0EknAL+mSgBf3sjSl0wHwYDVR0jBBgwFoAUYdWLMe/W
      i0EknAL+mSgBf3sjSl0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
      AiAmOFQCUS1w7ElZK/xfVk15jylhaW8a3vnqKnZUzEVk+wIhAJBknWcdM8oShZW+
      2sj6Q4f+KkTf/HVhPT5kwM1Le3mf
      -----END CERTIFICATE-----
      """;
  private static final String FIXTURE_FINGERPRINT = "EC:D7:D7:C0:3A:78:77:03:1B:89:E5:57:56:80"
      + ":76:AC:E1:85:7F:62:65:DD:E1:31:85:F6:F0:2C:84:68:BC:F4";

  @TempDir Path dir;

  @Test
  void matchesWhatOpensslPrintedForAFixture() throws IOException {
    Path file = dir.resolve("fixture.crt");
    Files.writeString(file, FIXTURE_PEM);
    assertThat(CertificateFingerprint.of(CertificatePem.read(file)))
        .isEqualTo(FIXTURE_FINGERPRINT)
        .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void matchesOpensslForAnApplianceCertificate() throws Exception {
    assumeTrue(onPath("openssl"), "openssl is not on PATH; the fixture test covers the format");
    ApplianceIdentity identity =
        ApplianceIdentity.create(dir, "mail-a", false, Clock.systemUTC());
    Path crt = dir.resolve(ApplianceIdentity.CERTIFICATE_FILE);

    String printed = run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
        crt.toString());

    // openssl 1.1 says "SHA256 Fingerprint=", 3.x "sha256 Fingerprint="; the value is the same.
    assertThat(printed.strip().substring(printed.indexOf('=') + 1))
        .isEqualTo(identity.fingerprint());
  }

  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
