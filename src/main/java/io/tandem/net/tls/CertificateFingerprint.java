package io.tandem.net.tls;

import io.tandem.util.Sha256;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * A certificate's SHA-256 fingerprint as operators compare it by eye: the digest of the DER
 * encoding in upper-case hex pairs joined by colons, exactly as {@code openssl x509 -noout
 * -fingerprint -sha256} prints it after the {@code =}. Stateless and thread-safe.
 */
public final class CertificateFingerprint {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private CertificateFingerprint() {}

  /** The fingerprint of {@code certificate}, such as {@code 3F:A0:...} (95 characters). */
  public static String of(X509Certificate certificate) {
    try {
      return ofDer(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** The fingerprint of a DER-encoded certificate. */
  public static String ofDer(byte[] der) {
    byte[] digest = Sha256.newDigest().digest(der);
    StringBuilder out = new StringBuilder(digest.length * 3);
    for (byte b : digest) {
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
    return out.toString();
  }
}
