package io.tandem.net.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes an EC P-256 key pair and a self-signed certificate for it. BouncyCastle only assembles
 * the certificate (the JDK has no public builder); keys, signatures and parsing use the JDK's own
 * providers, so BouncyCastle is never registered as a security provider. Stateless and
 * thread-safe.
 */
final class SelfSignedCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A private key and the certificate of its public key. */
  record Generated(KeyPair keyPair, X509Certificate certificate) {}

  private SelfSignedCertificates() {}

  /**
   * @param commonName the subject and issuer CN (the appliance name)
   * @param notBefore first instant of validity
   * @param notAfter last instant of validity; may be in the past (tests need expired ones)
   */
  static Generated generate(String commonName, Instant notBefore, Instant notAfter)
      throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    // RFC 5280: a positive serial of at most 20 octets; random so that re-created identities of
    // the same appliance never share one.
    BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        name, serial, Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      // Each appliance is the TLS server for one direction and the client for the other.
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA")
          .setSecureRandom(RANDOM).build(pair.getPrivate());
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new Generated(pair, certificate);
    } catch (CertIOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build the certificate: " + e.getMessage(), e);
    }
  }
}
