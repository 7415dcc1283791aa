package io.tandem.net.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Trusts exactly one certificate: the partner appliance's, pinned from its {@code appliance.crt}
 * and compared byte for byte (DER), and only while it is within its validity dates. Anything else
 * is refused with a message naming the expected and the presented SHA-256 fingerprints. It makes
 * the same decision whichever side of the connection it is on.
 *
 * <p>It extends {@link X509ExtendedTrustManager} so that JSSE uses it as it is, without adding
 * host-name checks: there is no certificate authority, and the pin is the whole decision. The
 * TLS handshake itself proves that the peer holds the pinned certificate's private key.
 *
 * <p>Immutable and thread-safe.
 */
public final class PinnedPeerTrust extends X509ExtendedTrustManager {
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final X509Certificate pinned;
  private final byte[] pinnedDer;
  private final String pinnedFingerprint;
  private final Clock clock;

  /**
   * @param pinned the partner's certificate
   * @param clock the time validity dates are checked against
   */
  public PinnedPeerTrust(X509Certificate pinned, Clock clock) {
    this.pinned = pinned;
    this.pinnedDer = der(pinned);
    this.pinnedFingerprint = CertificateFingerprint.ofDer(pinnedDer);
    this.clock = clock;
  }

  /** Pins the certificate in a PEM file (such as {@code replication.tls.peer_cert}). */
  public static PinnedPeerTrust fromFile(Path pemFile, Clock clock) throws IOException {
    return new PinnedPeerTrust(CertificatePem.read(pemFile), clock);
  }

  /** The pinned certificate. */
  public X509Certificate pinned() {
    return pinned;
  }

  /** The pinned certificate's SHA-256 fingerprint. */
  public String pinnedFingerprint() {
    return pinnedFingerprint;
  }

  /**
   * Accepts {@code chain} when its first certificate is the pinned one and valid now. Further
   * certificates in the chain play no part: nothing is trusted because of an issuer.
   *
   * @throws CertificateException with the operator-facing reason
   */
  public void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate; expected the pinned"
          + " partner certificate SHA-256 " + pinnedFingerprint);
    }
    X509Certificate presented = chain[0];
    byte[] presentedDer = presented.getEncoded();
    if (!MessageDigest.isEqual(presentedDer, pinnedDer)) {
      throw new CertificateException("unexpected peer certificate SHA-256 "
          + CertificateFingerprint.ofDer(presentedDer) + " (" + subject(presented)
          + "); expected the pinned partner certificate SHA-256 " + pinnedFingerprint
          + " (" + subject(pinned) + ")");
    }
    Instant now = clock.instant();
    if (now.isAfter(pinned.getNotAfter().toInstant())) {
      throw new CertificateException("the pinned partner certificate SHA-256 " + pinnedFingerprint
          + " expired at " + pinned.getNotAfter().toInstant() + "; run 'tandem tls init --force'"
          + " on the partner and pin its new appliance.crt");
    }
    if (now.isBefore(pinned.getNotBefore().toInstant())) {
      throw new CertificateException("the pinned partner certificate SHA-256 " + pinnedFingerprint
          + " is not valid before " + pinned.getNotBefore().toInstant()
          + "; check both appliances' clocks");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  /**
   * None: were the pinned certificate's subject announced as the accepted issuer, JSSE's key
   * manager on a wrongly configured partner would quietly send no certificate, and the refusal
   * could not name the certificate it actually has.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS.clone();
  }

  private static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  private static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }
}
