package io.tandem.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Reads and writes one X.509 certificate in PEM form ({@code -----BEGIN CERTIFICATE-----}), the
 * form operators copy between appliances. Stateless and thread-safe.
 */
public final class CertificatePem {
  private CertificatePem() {}

  /** The PEM text of {@code certificate}: base64 in 64-character lines, ending in a newline. */
  public static String encode(X509Certificate certificate) {
    try {
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the first certificate of a PEM (or DER) file.
   *
   * @throws IOException naming the file, when it is missing, unreadable or holds no certificate
   */
  public static X509Certificate read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate) factory.generateCertificate(in);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (CertificateException e) {
      throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")", e);
    }
  }
}
