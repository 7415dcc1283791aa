package io.tandem.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real TLS over real loopback sockets between appliance identities. */
@Timeout(60)
class PeerTlsContextTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Clock CLOCK = Clock.systemUTC();
  private static final ApplianceIdentity A = ApplianceIdentity.generate("mail-a", CLOCK);
  private static final ApplianceIdentity B = ApplianceIdentity.generate("mail-b", CLOCK);
  private static final ApplianceIdentity C = ApplianceIdentity.generate("mail-c", CLOCK);

  /** What the server side saw on a connection it accepted. */
  private record Served(String protocol, String peerSubject, String received) {}

  /**
   * Accepts one connection, completes the handshake, reads a line and answers it. The outcome,
   * or the server's exception, is in {@link #served}.
   */
  private static final class OneConnectionServer implements AutoCloseable {
    final SSLServerSocket socket;
    final CompletableFuture<Served> served = new CompletableFuture<>();

    OneConnectionServer(PeerTlsContext context) throws IOException {
      socket = context.listen(new InetSocketAddress("127.0.0.1", 0), 5);
      Thread thread = new Thread(this::serve, "tls-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
    }

    private void serve() {
      try (SSLSocket connection = (SSLSocket) socket.accept()) {
        connection.setSoTimeout(Math.toIntExact(TIMEOUT.toMillis()));
        connection.startHandshake();
        String line = new BufferedReader(new InputStreamReader(connection.getInputStream(),
            StandardCharsets.UTF_8)).readLine();
        OutputStream out = connection.getOutputStream();
        out.write(("mail-a got: " + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        served.complete(new Served(connection.getSession().getProtocol(),
            connection.getSession().getPeerPrincipal().getName(), line));
      } catch (Throwable e) {
        served.completeExceptionally(e);
      }
    }

    /** The server side's failure; fails the test when the server accepted the connection. */
    Throwable failure() throws InterruptedException {
      try {
        Served unexpected = served.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new AssertionError("the server accepted the connection: " + unexpected);
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("the server neither accepted nor refused", e);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static PeerTlsContext context(ApplianceIdentity own, ApplianceIdentity pinned) {
    return PeerTlsContext.create(own, new PinnedPeerTrust(pinned.certificate(), CLOCK));
  }

  /** In TLS 1.3 a refused client learns of it on its first read after its handshake. */
  private static void connectAndRead(PeerTlsContext client, InetSocketAddress address)
      throws IOException {
    try (SSLSocket socket = client.connect(address, TIMEOUT)) {
      socket.setSoTimeout(Math.toIntExact(TIMEOUT.toMillis()));
      socket.getInputStream().read();
    }
  }

  @Test
  void pinnedPartnersHandshakeWithTls13AndExchangeDataBothWays() throws Exception {
    try (OneConnectionServer server = new OneConnectionServer(context(A, B));
        SSLSocket client = context(B, A).connect(server.address(), TIMEOUT)) {
      client.getOutputStream().write("hello from mail-b\n".getBytes(StandardCharsets.UTF_8));
      client.getOutputStream().flush();
      String reply = new BufferedReader(new InputStreamReader(client.getInputStream(),
          StandardCharsets.UTF_8)).readLine();

      assertThat(reply).isEqualTo("mail-a got: hello from mail-b");
      assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(A.certificate());
      Served served = server.served.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(served).isEqualTo(new Served("TLSv1.3", "CN=mail-b", "hello from mail-b"));
    }
  }

  @Test
  void serverRequiresClientCertificatesAndOffersOnlyTls13() throws Exception {
    try (SSLServerSocket server = context(A, B).listen(new InetSocketAddress("127.0.0.1", 0), 1)) {
      assertThat(server.getNeedClientAuth()).isTrue();
      assertThat(server.getEnabledProtocols()).containsExactly("TLSv1.3");
    }
  }

  @Test
  void anUnpinnedApplianceIsRefusedAndNamedByTheServer() throws Exception {
    try (OneConnectionServer server = new OneConnectionServer(context(A, B))) {
      assertThatThrownBy(() -> connectAndRead(context(C, A), server.address()))
          .isInstanceOf(SSLException.class);

      assertThat(server.failure())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("unexpected peer certificate SHA-256 " + C.fingerprint())
          .hasMessageContaining("expected the pinned partner certificate SHA-256 "
              + B.fingerprint());
    }
  }

  @Test
  void aClientWithoutACertificateIsRefused() throws Exception {
    SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
    anonymous.init(null, new TrustManager[] {new PinnedPeerTrust(A.certificate(), CLOCK)},
        new SecureRandom());
    try (OneConnectionServer server = new OneConnectionServer(context(A, B))) {
      assertThatThrownBy(() -> connectAndRead(new PeerTlsContext(anonymous), server.address()))
          .isInstanceOf(SSLException.class);

      assertThat(server.failure()).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aClientRefusesAServerWhoseCertificateIsNotItsPin() throws Exception {
    try (OneConnectionServer server = new OneConnectionServer(context(A, B))) {
      assertThatThrownBy(() -> context(B, C).connect(server.address(), TIMEOUT))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("unexpected peer certificate SHA-256 " + A.fingerprint())
          .hasMessageContaining("expected the pinned partner certificate SHA-256 "
              + C.fingerprint());

      // The server may see the client's alert or, having written its flight, only the reset.
      assertThat(server.failure()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aTls12OnlyClientIsRefused() throws Exception {
    SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
    tls12.init(PeerTlsContext.keyManagers(B),
        new TrustManager[] {new PinnedPeerTrust(A.certificate(), CLOCK)}, new SecureRandom());
    try (OneConnectionServer server = new OneConnectionServer(context(A, B))) {
      assertThatThrownBy(() -> {
        try (SSLSocket socket = (SSLSocket) tls12.getSocketFactory()
            .createSocket("127.0.0.1", server.socket.getLocalPort())) {
          socket.setSoTimeout(Math.toIntExact(TIMEOUT.toMillis()));
          socket.setEnabledProtocols(new String[] {"TLSv1.2"});
          socket.startHandshake();
        }
      }).isInstanceOf(SSLHandshakeException.class);

      assertThat(server.failure())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("TLSv1.2");
    }
  }

  @Test
  void anExpiredPinnedCertificateIsRefusedOnBothSides() throws Exception {
    Instant now = CLOCK.instant();
    ApplianceIdentity expired = ApplianceIdentity.generate("mail-e",
        now.minus(Duration.ofDays(730)), now.minus(Duration.ofDays(365)));

    try (OneConnectionServer server = new OneConnectionServer(context(A, expired))) {
      assertThatThrownBy(() -> connectAndRead(context(expired, A), server.address()))
          .isInstanceOf(SSLException.class);
      assertThat(server.failure())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("the pinned partner certificate SHA-256 " + expired.fingerprint()
              + " expired at");
    }
    try (OneConnectionServer server = new OneConnectionServer(context(expired, A))) {
      assertThatThrownBy(() -> context(A, expired).connect(server.address(), TIMEOUT))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("expired at");
    }
  }
}
