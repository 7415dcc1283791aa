package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import io.tandem.net.tls.ApplianceIdentity;
import io.tandem.net.tls.CertificateFingerprint;
import io.tandem.net.tls.CertificatePem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem tls init|show}: this appliance's key and certificate for the peer link, and the
 * partner certificate it pins. Works on files only; a running service keeps the identity it
 * loaded at start.
 */
@Command(name = "tls", mixinStandardHelpOptions = true,
    description = "This appliance's TLS identity for the peer link, and its partner's pin.")
public final class TlsCommand {
  private static final String PIN_KEY = "replication.tls.peer_cert";

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create this appliance's key and self-signed certificate under"
          + " <store.state>/tls/ and print the certificate's SHA-256 fingerprint.")
  int init(@Mixin ConfigOption config,
      @Option(names = "--force",
          description = "Replace an existing identity; the partner must then pin the new"
              + " certificate.") boolean force) {
    ApplianceConfig loaded = config.load();
    Path dir = ApplianceIdentity.directory(loaded.store().state());
    boolean replacing = ApplianceIdentity.exists(dir);
    ApplianceIdentity identity;
    try {
      identity = ApplianceIdentity.create(dir, loaded.appliance().name(), force,
          Clock.systemUTC());
    } catch (FileAlreadyExistsException e) {
      throw refuseReinit(dir);
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "cannot create the TLS identity: "
          + e.getMessage());
    }
    Path certificate = dir.resolve(ApplianceIdentity.CERTIFICATE_FILE);
    System.out.println((replacing ? "replaced " : "created ") + certificate);
    System.out.println("SHA-256 fingerprint: " + identity.fingerprint());
    System.out.println("next: copy " + certificate.getFileName() + " to the partner appliance"
        + " and set " + PIN_KEY + " there to the copied file (replication.tls.peer_cert = PATH)"
        + (replacing ? "; the partner refuses this appliance until it does" : ""));
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print this appliance's certificate fingerprint and, when "
          + PIN_KEY + " is set, the pinned partner's.")
  int show(@Mixin ConfigOption config) {
    ApplianceConfig loaded = config.load();
    Path dir = ApplianceIdentity.directory(loaded.store().state());
    if (!ApplianceIdentity.exists(dir)) {
      throw new CliException(ExitCode.FAILURE, "no TLS identity in " + dir
          + "; run 'tandem tls init --config " + config.file + "'");
    }
    ApplianceIdentity identity = load(dir);
    print("this appliance", dir.resolve(ApplianceIdentity.CERTIFICATE_FILE),
        identity.certificate());
    Optional<Path> pin = loaded.replication().tls().peerCert();
    if (pin.isEmpty()) {
      System.out.println("pinned partner: none (" + PIN_KEY + " is not set)");
      return 0;
    }
    try {
      print("pinned partner", pin.get(), CertificatePem.read(pin.get()));
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, PIN_KEY + ": " + e.getMessage());
    }
    return 0;
  }

  private static CliException refuseReinit(Path dir) {
    String existing;
    try {
      ApplianceIdentity identity = ApplianceIdentity.load(dir);
      System.out.println("existing " + dir.resolve(ApplianceIdentity.CERTIFICATE_FILE));
      System.out.println("SHA-256 fingerprint: " + identity.fingerprint());
      existing = "a TLS identity already exists in " + dir + " (fingerprint above)";
    } catch (IOException e) {
      existing = "a TLS identity already exists in " + dir + " but cannot be read ("
          + e.getMessage() + ")";
    }
    return new CliException(ExitCode.FAILURE, existing + "; not replaced. Use --force to make a"
        + " new one, after which the partner must pin the new certificate");
  }

  private static ApplianceIdentity load(Path dir) {
    try {
      return ApplianceIdentity.load(dir);
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, e.getMessage());
    }
  }

  private static void print(String what, Path file, X509Certificate certificate) {
    System.out.println(what + ": " + file);
    System.out.println("  subject: "
        + certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
    System.out.println("  SHA-256 fingerprint: " + CertificateFingerprint.of(certificate));
    System.out.println("  valid until: " + certificate.getNotAfter().toInstant());
  }
}
