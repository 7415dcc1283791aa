package io.tandem.net.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS for mail clients (IMAP's STARTTLS and implicit-TLS port): TLS 1.2 and 1.3, no client
 * certificate, presenting either an operator's PKCS#12 key store (a certificate clients trust)
 * or, by default, the appliance identity of {@code tandem tls init} (self-signed: clients must
 * be told to accept it, as on a fresh appliance).
 */
public final class ClientTlsContext {
  private ClientTlsContext() {}

  /** A server context from the given key store, else from the appliance identity in state. */
  public static SSLContext create(Optional<Path> keyStore, Optional<Path> passwordFile,
      Path storeState) throws IOException {
    try {
      KeyManagerFactory factory = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      if (keyStore.isPresent()) {
        char[] password = passwordFile.isPresent()
            ? Files.readString(passwordFile.get(), StandardCharsets.UTF_8).lines().findFirst()
                .orElse("").toCharArray()
            : new char[0];
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
          store.load(new ByteArrayInputStream(Files.readAllBytes(keyStore.get())), password);
        } catch (IOException e) {
          throw new IOException(keyStore.get() + ": cannot open the IMAP key store ("
              + e.getMessage() + "); check imap.tls.password_file", e);
        }
        factory.init(store, password);
      } else {
        ApplianceIdentity identity = ApplianceIdentity.load(
            ApplianceIdentity.directory(storeState));
        char[] password = "in-memory".toCharArray();
        factory.init(identity.toKeyStore(password), password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for IMAP clients: " + e.getMessage(), e);
    }
  }
}
