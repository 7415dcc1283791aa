package io.tandem.net.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * TLS for the peer link: TLS 1.3 only, mutual authentication required, each side presenting its
 * own {@link ApplianceIdentity} and trusting only its {@link PinnedPeerTrust pinned partner}.
 * Host names are not verified, since trust comes from the pin and not from a name.
 *
 * <p>Immutable and thread-safe; the sockets it makes are not shared between threads by it.
 */
public final class PeerTlsContext {
  /** The only protocol offered or accepted. */
  public static final String PROTOCOL = "TLSv1.3";

  private static final String[] PROTOCOLS = {PROTOCOL};

  private final SSLContext context;

  /** Wraps an already initialized context; tests use it for deliberately broken clients. */
  PeerTlsContext(SSLContext context) {
    this.context = context;
  }

  /** A context presenting {@code own} and trusting only {@code peer}. */
  public static PeerTlsContext create(ApplianceIdentity own, PinnedPeerTrust peer) {
    try {
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(keyManagers(own), new TrustManager[] {peer}, new SecureRandom());
      return new PeerTlsContext(context);
    } catch (GeneralSecurityException e) {
      // TLS 1.3 and PKCS12 are in every JDK 17.
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The underlying context, for an {@code SSLEngine}-based transport. */
  public SSLContext sslContext() {
    return context;
  }

  /**
   * A listening socket for the partner to connect to. The connections it accepts require the
   * partner's certificate; their handshake runs on first use or on {@code startHandshake()}, and
   * an unwanted peer makes that throw {@link javax.net.ssl.SSLHandshakeException}.
   *
   * @param bind the address to listen on; port 0 picks a free one
   */
  public SSLServerSocket listen(InetSocketAddress bind, int backlog) throws IOException {
    SSLServerSocket server =
        (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    try {
      server.setReuseAddress(true);
      SSLParameters parameters = parameters();
      parameters.setNeedClientAuth(true);
      server.setSSLParameters(parameters);
      server.setNeedClientAuth(true);
      server.bind(bind, backlog);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Connects to the partner and completes this side's handshake, both within {@code timeout}.
   * In TLS 1.3 the client finishes before the server has checked the client's certificate, so a
   * partner that refuses this appliance shows up as an {@link javax.net.ssl.SSLException} on the
   * first read, not here.
   *
   * @throws javax.net.ssl.SSLHandshakeException when the partner's certificate is not the pinned
   *     one, or the handshake fails otherwise
   */
  public SSLSocket connect(InetSocketAddress peer, Duration timeout) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    try {
      socket.setSSLParameters(parameters());
      int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
      socket.connect(peer, millis);
      socket.setSoTimeout(millis);
      try {
        socket.startHandshake();
      } catch (SocketTimeoutException e) {
        SocketTimeoutException slow = new SocketTimeoutException(
            "TLS handshake with " + peer + " took longer than " + timeout);
        slow.initCause(e);
        throw slow;
      } catch (SocketException e) {
        // A partner that refuses our certificate sends its alert and closes at once, so our
        // remaining handshake writes can hit the reset before we ever read that alert.
        SSLHandshakeException refused = new SSLHandshakeException("TLS handshake with " + peer
            + " failed: the partner closed the connection (" + e.getMessage() + "); it may have"
            + " refused this appliance's certificate, see its log");
        refused.initCause(e);
        throw refused;
      }
      socket.setSoTimeout(0);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Key managers offering {@code identity}'s key; the password only guards an in-memory store.
   */
  static KeyManager[] keyManagers(ApplianceIdentity identity) throws GeneralSecurityException {
    char[] password = "in-memory".toCharArray();
    // SunX509 offers the one key it has without ranking it by validity or issuer, so an expired
    // or unexpected certificate still reaches the partner and is refused there by name.
    KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
    factory.init(identity.toKeyStore(password), password);
    return factory.getKeyManagers();
  }

  private SSLParameters parameters() {
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.clone());
    // No host-name verification: the peer is trusted by its pinned certificate only.
    parameters.setEndpointIdentificationAlgorithm(null);
    return parameters;
  }
}
