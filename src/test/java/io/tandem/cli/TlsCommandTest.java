package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.Tandem;
import io.tandem.net.tls.ApplianceIdentity;
import io.tandem.net.tls.CertificatePem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem tls init|show} in-process, on real files. */
class TlsCommandTest {
  @TempDir Path dir;

  /** What one command printed, and its exit code. */
  private record Run(int exitCode, String out, String err) {}

  private static synchronized Run tandem(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Tandem.run(args);
      return new Run(code, outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Path config(String name, String extra) throws Exception {
    Path base = dir.resolve(name);
    Files.createDirectories(base);
    Path file = base.resolve("appliance.conf");
    Files.writeString(file, "appliance.name = " + name + "\nstore.root = mail\n"
        + "store.state = state\n" + extra);
    return file;
  }

  private static String fingerprintLine(String output) {
    return output.lines().filter(line -> line.contains("SHA-256 fingerprint: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no fingerprint in: " + output))
        .replaceAll(".*SHA-256 fingerprint: ", "");
  }

  @Test
  void initCreatesTheIdentityAndPrintsItsFingerprintAndTheNextStep() throws Exception {
    Path conf = config("mail-a", "");
    Run init = tandem("tls", "init", "--config", conf.toString());

    Path tls = dir.resolve("mail-a/state/tls");
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out())
        .contains("created " + tls.resolve("appliance.crt"))
        .contains("copy appliance.crt to the partner appliance and set"
            + " replication.tls.peer_cert there");
    String fingerprint = fingerprintLine(init.out());
    assertThat(fingerprint).isEqualTo(ApplianceIdentity.load(tls).fingerprint());
    assertThat(CertificatePem.read(tls.resolve("appliance.crt")).getSubjectX500Principal()
        .getName()).isEqualTo("CN=mail-a");
  }

  @Test
  void reInitIsRefusedWithTheExistingFingerprintUnlessForced() throws Exception {
    Path conf = config("mail-a", "");
    String first = fingerprintLine(tandem("tls", "init", "--config", conf.toString()).out());

    Run again = tandem("tls", "init", "--config", conf.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(fingerprintLine(again.out())).isEqualTo(first);
    assertThat(again.err())
        .contains("tandem: a TLS identity already exists in")
        .contains("not replaced. Use --force");
    assertThat(ApplianceIdentity.load(dir.resolve("mail-a/state/tls")).fingerprint())
        .isEqualTo(first);

    Run forced = tandem("tls", "init", "--config", conf.toString(), "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("replaced ").contains("the partner refuses this appliance");
    assertThat(fingerprintLine(forced.out())).isNotEqualTo(first);
  }

  @Test
  void showPrintsThisAppliancesAndThePinnedPartnersFingerprints() throws Exception {
    Path confB = config("mail-b", "");
    String fingerprintB = fingerprintLine(tandem("tls", "init", "--config", confB.toString())
        .out());
    Path confA = config("mail-a", "replication.listen = 127.0.0.1:0\n"
        + "replication.tls.peer_cert = partner.crt\n");
    Files.copy(dir.resolve("mail-b/state/tls/appliance.crt"),
        dir.resolve("mail-a/partner.crt"));
    String fingerprintA = fingerprintLine(tandem("tls", "init", "--config", confA.toString())
        .out());

    Run show = tandem("tls", "show", "--config", confA.toString());

    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("this appliance: " + dir.resolve("mail-a/state/tls/appliance.crt"))
        .contains("  subject: CN=mail-a\n  SHA-256 fingerprint: " + fingerprintA)
        .contains("pinned partner: " + dir.resolve("mail-a/partner.crt"))
        .contains("  subject: CN=mail-b\n  SHA-256 fingerprint: " + fingerprintB);
  }

  @Test
  void showWithoutAPinOrWithoutAnIdentitySaysSo() throws Exception {
    Path conf = config("mail-a", "");
    Run none = tandem("tls", "show", "--config", conf.toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("no TLS identity in").contains("run 'tandem tls init");

    tandem("tls", "init", "--config", conf.toString());
    Run show = tandem("tls", "show", "--config", conf.toString());
    assertThat(show.exitCode()).isZero();
    assertThat(show.out())
        .contains("pinned partner: none (replication.tls.peer_cert is not set)");
  }

  @Test
  void showNamesAMissingPinnedFile() throws Exception {
    Path conf = config("mail-a", "replication.tls.peer_cert = gone.crt\n");
    tandem("tls", "init", "--config", conf.toString());

    Run show = tandem("tls", "show", "--config", conf.toString());

    assertThat(show.exitCode()).isEqualTo(1);
    assertThat(show.err()).contains("replication.tls.peer_cert: "
        + dir.resolve("mail-a/gone.crt") + ": no such file");
  }

  @Test
  void aBadConfigExitsFive() throws Exception {
    Path conf = config("mail-a", "replication.peer = 10.0.0.2:7425\n");
    Run init = tandem("tls", "init", "--config", conf.toString());
    assertThat(init.exitCode()).isEqualTo(5);
    assertThat(init.err()).contains("replication.tls.peer_cert is not set");
  }
}
