package io.tandem.lifecycle;

import io.tandem.net.tls.CertificatePem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Which epochs this appliance may open. The two appliances of a pair never open the same epoch:
 * the one whose name sorts first opens odd epochs, the other even ones. So an epoch names one
 * writer, even when both were made primary without a hand-over (two appliances configured as
 * primary on first start, or promoted by force on both sides of a split): their entries differ
 * in epoch, the lower epoch steps down when they meet, and what it wrote is reconciled like
 * any other divergence. Without a partner (or with one of the same name) any epoch will do.
 */
public enum EpochParity {
  ODD,
  EVEN,
  ANY;

  /** The parity of {@code self} in a pair with {@code partner}. */
  public static EpochParity of(String self, String partner) {
    if (partner == null || partner.equals(self)) {
      return ANY;
    }
    return self.compareTo(partner) < 0 ? ODD : EVEN;
  }

  /**
   * The parity of this appliance, its partner named by the common name of the pinned
   * certificate (the name {@code tandem tls init} gives it); ANY when none is pinned or it
   * cannot be read (replication then fails to start anyway, saying why).
   */
  public static EpochParity forPinned(String self, Optional<Path> pinnedPeerCertificate)
      throws IOException {
    if (pinnedPeerCertificate.isEmpty() || !Files.isReadable(pinnedPeerCertificate.get())) {
      return ANY;
    }
    String subject = CertificatePem.read(pinnedPeerCertificate.get())
        .getSubjectX500Principal().getName();
    try {
      for (Rdn rdn : new LdapName(subject).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return of(self, rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      // No usable name: fall through.
    }
    return ANY;
  }

  /** The first epoch above {@code current} this parity may open. */
  public long next(long current) {
    long next = current + 1;
    if (this == ANY || (next % 2 == 1) == (this == ODD)) {
      return next;
    }
    return next + 1;
  }

  /** The partner's parity: the epoch a hand-over gives it. */
  public EpochParity partner() {
    return switch (this) {
      case ODD -> EVEN;
      case EVEN -> ODD;
      case ANY -> ANY;
    };
  }
}
