package io.tandem.net.tls;

import io.tandem.util.Fsync;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.security.auth.x500.X500Principal;

/**
 * This appliance's TLS identity for the peer link: an EC P-256 private key and a self-signed
 * certificate whose CN is {@code appliance.name}, valid for {@value #VALIDITY_YEARS} years.
 *
 * <p>On disk, in {@code <store.state>/tls/} (mode 0700): {@value #KEY_STORE_FILE} (PKCS12, key
 * and certificate, mode 0600), {@value #PASSWORD_FILE} (its random password, mode 0600) and
 * {@value #CERTIFICATE_FILE} (the certificate alone in PEM, mode 0644, the file the partner
 * pins). The key store is what makes an identity exist; the PEM file is a copy for operators.
 *
 * <p>Immutable and thread-safe; creating and loading are not atomic against a concurrent {@code
 * tandem tls init} on the same directory.
 */
public final class ApplianceIdentity {
  /** How long a new certificate is valid. */
  public static final int VALIDITY_YEARS = 20;
  /** The directory under {@code store.state}. */
  public static final String DIRECTORY = "tls";
  public static final String KEY_STORE_FILE = "appliance.p12";
  public static final String PASSWORD_FILE = "appliance.p12.pass";
  public static final String CERTIFICATE_FILE = "appliance.crt";

  static final String ALIAS = "appliance";
  /**
   * The partner's clock may lag ours; a certificate that is not yet valid there would be refused,
   * so validity starts a day early.
   */
  private static final Duration BACKDATE = Duration.ofDays(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private ApplianceIdentity(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /** {@code <store.state>/tls}. */
  public static Path directory(Path storeState) {
    return storeState.resolve(DIRECTORY);
  }

  /** Whether {@code dir} holds an identity (its key store), readable or not. */
  public static boolean exists(Path dir) {
    return Files.exists(dir.resolve(KEY_STORE_FILE));
  }

  /**
   * Generates a new identity and saves it in {@code dir}, creating the directory.
   *
   * @param name the appliance name, used as the certificate's CN
   * @param force replace an existing identity; the partner must then pin the new certificate
   * @throws FileAlreadyExistsException when an identity exists and {@code force} is false
   */
  public static ApplianceIdentity create(Path dir, String name, boolean force, Clock clock)
      throws IOException {
    if (!force && exists(dir)) {
      throw new FileAlreadyExistsException(dir.resolve(KEY_STORE_FILE).toString(), null,
          "a TLS identity already exists");
    }
    ApplianceIdentity identity = generate(name, clock);
    identity.save(dir);
    return identity;
  }

  /** A new identity valid from now (backdated a day) for {@value #VALIDITY_YEARS} years. */
  public static ApplianceIdentity generate(String name, Clock clock) {
    Instant now = clock.instant();
    Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant();
    return generate(name, now.minus(BACKDATE), notAfter);
  }

  /** A new identity with the given validity, which may lie in the past (for tests). */
  static ApplianceIdentity generate(String name, Instant notBefore, Instant notAfter) {
    try {
      SelfSignedCertificates.Generated made =
          SelfSignedCertificates.generate(name, notBefore, notAfter);
      return new ApplianceIdentity(made.keyPair().getPrivate(), made.certificate());
    } catch (GeneralSecurityException e) {
      // EC P-256 and SHA256withECDSA are in every JDK this runs on.
      throw new IllegalStateException("cannot generate a TLS identity: " + e.getMessage(), e);
    }
  }

  /**
   * Loads the identity saved in {@code dir}.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static ApplianceIdentity load(Path dir) throws IOException {
    Path store = dir.resolve(KEY_STORE_FILE);
    Path passFile = dir.resolve(PASSWORD_FILE);
    if (!Files.exists(store)) {
      throw new NoSuchFileException(store.toString(), null,
          "no TLS identity; run 'tandem tls init'");
    }
    char[] password;
    try {
      password = Files.readString(passFile, StandardCharsets.US_ASCII).strip().toCharArray();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(passFile.toString(), null,
          "the key store's password file is missing; 'tandem tls init --force' makes a new"
              + " identity");
    }
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(new ByteArrayInputStream(Files.readAllBytes(store)), password);
      PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, password);
      Certificate certificate = keyStore.getCertificate(ALIAS);
      if (key == null || !(certificate instanceof X509Certificate x509)) {
        throw new IOException(store + ": no key entry '" + ALIAS + "'");
      }
      return new ApplianceIdentity(key, x509);
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException(store + ": cannot open it with the password in " + passFile
          + " (" + e.getMessage() + "); 'tandem tls init --force' makes a new identity", e);
    }
  }

  /** This appliance's certificate, the one its partner pins. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate's SHA-256 fingerprint, as {@link CertificateFingerprint} prints it. */
  public String fingerprint() {
    return CertificateFingerprint.of(certificate);
  }

  /** The certificate's subject, such as {@code CN=mail-a}. */
  public String subject() {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** A PKCS12 key store holding the key and certificate under {@link #ALIAS}. */
  KeyStore toKeyStore(char[] password) throws GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try {
      keyStore.load(null, null);
    } catch (IOException e) {
      // Initializing an empty key store reads nothing.
      throw new IllegalStateException(e);
    }
    keyStore.setKeyEntry(ALIAS, privateKey, password, new Certificate[] {certificate});
    return keyStore;
  }

  /**
   * Removes any old key store, then writes the password, then the key store: a crash in between
   * leaves no key store, so no identity, rather than a key store nobody can open.
   */
  private void save(Path dir) throws IOException {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    ByteArrayOutputStream p12 = new ByteArrayOutputStream();
    try {
      toKeyStore(password.toCharArray()).store(p12, password.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write a PKCS12 key store: " + e.getMessage(), e);
    }
    OwnerOnlyFiles.createDirectory(dir);
    if (Files.deleteIfExists(dir.resolve(KEY_STORE_FILE))) {
      Fsync.directory(dir);
    }
    OwnerOnlyFiles.write(dir.resolve(PASSWORD_FILE),
        (password + "\n").getBytes(StandardCharsets.US_ASCII), OwnerOnlyFiles.OWNER_READ_WRITE);
    OwnerOnlyFiles.write(dir.resolve(KEY_STORE_FILE), p12.toByteArray(),
        OwnerOnlyFiles.OWNER_READ_WRITE);
    OwnerOnlyFiles.write(dir.resolve(CERTIFICATE_FILE),
        CertificatePem.encode(certificate).getBytes(StandardCharsets.US_ASCII),
        OwnerOnlyFiles.WORLD_READABLE);
  }
}
