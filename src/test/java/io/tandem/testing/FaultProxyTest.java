package io.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy between test clients and an echo server on 127.0.0.1. Short timeouts only ever prove
 * silence; anything that should happen gets a generous bound.
 */
class FaultProxyTest {
  private static final int SILENCE_MS = 300;
  private static final int PATIENCE_MS = 10_000;

  private EchoServer echo;
  private FaultProxy proxy;
  private final List<Socket> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    proxy = FaultProxy.start(echo.address());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    for (Socket client : clients) {
      client.close();
    }
    echo.close();
  }

  @Test
  void passForwardsBothWaysAndCountsTheBytes() throws Exception {
    Socket a = connect();
    Socket b = connect();
    roundTrip(a, "hello");
    roundTrip(b, "world!");
    assertThat(proxy.openConnections()).isEqualTo(2);

    byte[] big = randomBytes(1 << 20);
    CompletableFuture<Void> writing = writeInBackground(a, big);
    assertThat(readExactly(a, big.length)).isEqualTo(big);
    writing.get(PATIENCE_MS, TimeUnit.MILLISECONDS);

    // Counted before each write, so everything the clients have read is in already.
    assertThat(proxy.bytesForwarded()).isEqualTo(2L * (5 + 6 + big.length));

    // A half-close goes through: the echo server sees EOF and closes, and so does the proxy.
    a.shutdownOutput();
    assertThat(a.getInputStream().read()).isEqualTo(-1);
    awaitTrue(() -> proxy.openConnections() == 1, "the finished connection to be closed");
    roundTrip(b, "still here");
  }

  @Test
  void dropResetsOpenConnectionsOnBothSidesAndAcceptsNewOnes() throws Exception {
    Socket a = connect();
    Socket b = connect();
    roundTrip(a, "one");
    roundTrip(b, "two");

    proxy.drop();

    assertThat(proxy.openConnections()).isZero();
    assertCut(a);
    assertCut(b);
    awaitTrue(() -> echo.ended.get() == 2, "the echo server to see both connections end");

    Socket c = connect();
    roundTrip(c, "three");
    assertThat(proxy.openConnections()).isEqualTo(1);
  }

  @Test
  void dropEndsAStall() throws Exception {
    Socket a = connect();
    roundTrip(a, "one");
    proxy.stall();

    proxy.drop();

    assertCut(a);
    roundTrip(connect(), "forwarded again");
  }

  @Test
  void refuseCutsOpenConnectionsAndRefusesNewOnesUntilPass() throws Exception {
    Socket a = connect();
    roundTrip(a, "before");

    proxy.refuse();

    assertCut(a);
    assertRefused();
    assertRefused();
    assertThat(proxy.openConnections()).isZero();

    proxy.pass();

    roundTrip(connect(), "after");
    // Refused connections never reached the target.
    assertThat(echo.accepted.get()).isEqualTo(2);
  }

  @Test
  void stallHoldsBytesBothWaysAndPassDeliversThemInOrder() throws Exception {
    Socket a = connect();
    roundTrip(a, "hello");
    Socket farEnd = echo.sockets.poll(PATIENCE_MS, TimeUnit.MILLISECONDS);
    long before = proxy.bytesForwarded();

    proxy.stall();
    send(a, "one");
    send(a, "two");
    send(a, "three");
    // Written by the target itself, so only a stalled downstream keeps it from the client.
    farEnd.getOutputStream().write("down".getBytes(StandardCharsets.US_ASCII));

    assertSilent(a);
    assertThat(proxy.bytesForwarded()).isEqualTo(before);
    assertThat(proxy.openConnections()).isEqualTo(1);
    // A stalled pump parks on the condition instead of spinning.
    awaitTrue(() -> stateOf(threadName(0, "up")) == Thread.State.WAITING,
        "the upstream pump to wait");

    proxy.pass();

    // "down" was in the target's socket before the echo of anything the stall held back.
    assertThat(readString(a, 15)).isEqualTo("downonetwothree");
    roundTrip(a, "and on");
  }

  @Test
  void stallLosesNothingOfALargeTransfer() throws Exception {
    Socket a = connect();
    roundTrip(a, "hello");

    proxy.stall();
    byte[] big = randomBytes(3 << 20);
    CompletableFuture<Void> writing = writeInBackground(a, big);
    assertSilent(a);

    proxy.pass();

    assertThat(readExactly(a, big.length)).isEqualTo(big);
    writing.get(PATIENCE_MS, TimeUnit.MILLISECONDS);
  }

  @Test
  void newConnectionsDuringAStallReachTheTargetButTheirBytesWait() throws Exception {
    proxy.stall();
    Socket a = connect();
    send(a, "waiting");
    assertSilent(a);

    proxy.pass();

    assertThat(readString(a, 7)).isEqualTo("waiting");
  }

  @Test
  void blackholeSwallowsBytesForeverAndPassOnlyHealsNewConnections() throws Exception {
    Socket a = connect();
    roundTrip(a, "hello");
    long before = proxy.bytesForwarded();

    proxy.blackhole();
    send(a, "lost");
    assertSilent(a);
    Socket b = connect();
    send(b, "void");
    // b must be accepted while the blackhole is on, not merely queued in the backlog.
    awaitTrue(() -> proxy.openConnections() == 2, "the proxy to accept the second connection");
    assertSilent(b);

    proxy.pass();

    assertSilent(a);
    assertSilent(b);
    send(a, "still lost");
    assertSilent(a);
    assertThat(proxy.bytesForwarded()).isEqualTo(before);

    roundTrip(connect(), "a new connection works");
    // a and the new one; b never reached the target.
    assertThat(echo.accepted.get()).isEqualTo(2);
    assertThat(proxy.openConnections()).isEqualTo(3);
  }

  @Test
  void closeResetsConnectionsAndEndsEveryThreadEvenWhenStalled() throws Exception {
    Socket a = connect();
    roundTrip(a, "hello");
    proxy.stall();
    send(a, "held");

    proxy.close();
    proxy.close();

    assertCut(a);
    String prefix = "fault-proxy-" + proxy.port() + "-";
    awaitTrue(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith(prefix)), "the proxy's threads to end");
    assertThatThrownBy(proxy::pass).isInstanceOf(IllegalStateException.class);
  }

  // --- helpers ---

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    clients.add(socket);
    socket.connect(new InetSocketAddress("127.0.0.1", proxy.port()), PATIENCE_MS);
    socket.setSoTimeout(PATIENCE_MS);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void roundTrip(Socket socket, String text) throws IOException {
    send(socket, text);
    assertThat(readString(socket, text.length())).isEqualTo(text);
  }

  private static String readString(Socket socket, int length) throws IOException {
    return new String(readExactly(socket, length), StandardCharsets.US_ASCII);
  }

  private static byte[] readExactly(Socket socket, int length) throws IOException {
    byte[] bytes = new byte[length];
    InputStream in = socket.getInputStream();
    int done = 0;
    while (done < length) {
      int n = in.read(bytes, done, length - done);
      if (n < 0) {
        throw new EOFException("EOF after " + done + " of " + length + " bytes");
      }
      done += n;
    }
    return bytes;
  }

  /** Nothing arrives within a short wait; the socket stays usable afterwards. */
  private static void assertSilent(Socket socket) throws IOException {
    socket.setSoTimeout(SILENCE_MS);
    try {
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
    } finally {
      socket.setSoTimeout(PATIENCE_MS);
    }
  }

  /** The connection ends, by a reset or an EOF; a timeout means it is still open. */
  private static void assertCut(Socket socket) {
    int read;
    try {
      read = socket.getInputStream().read();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection is still open", e);
    } catch (IOException e) {
      return;
    }
    assertThat(read).as("first byte read after the cut").isEqualTo(-1);
  }

  /**
   * The kernel's backlog completes the handshake before the proxy resets, so connect() may
   * succeed, or fail if the reset is quicker; either way the connection dies at once.
   */
  private void assertRefused() throws IOException {
    Socket socket;
    try {
      socket = connect();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return;
    }
    try {
      send(socket, "anyone?");
    } catch (IOException e) {
      return;
    }
    assertCut(socket);
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private String threadName(long connection, String role) {
    return "fault-proxy-" + proxy.port() + "-" + connection + "-" + role;
  }

  private static Thread.State stateOf(String threadName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(threadName))
        .map(Thread::getState)
        .findFirst()
        .orElse(Thread.State.TERMINATED);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(length).nextBytes(bytes);
    return bytes;
  }

  /** The echo comes back while writing, so one thread must write while the test reads. */
  private static CompletableFuture<Void> writeInBackground(Socket socket, byte[] bytes) {
    return CompletableFuture.runAsync(() -> {
      try {
        socket.getOutputStream().write(bytes);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
  }

  /** Echoes every byte back; hands the test each accepted socket so it can also write first. */
  private static final class EchoServer implements AutoCloseable {
    final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();

    EchoServer() throws IOException {
      daemon("echo-accept", this::acceptLoop);
    }

    InetSocketAddress address() {
      return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    private void acceptLoop() {
      while (true) {
        Socket socket;
        try {
          socket = listener.accept();
        } catch (IOException e) {
          return;
        }
        accepted.incrementAndGet();
        sockets.add(socket);
        daemon("echo-" + socket.getPort(), () -> echo(socket));
      }
    }

    private void echo(Socket socket) {
      byte[] buffer = new byte[8192];
      try (socket) {
        InputStream in = socket.getInputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          socket.getOutputStream().write(buffer, 0, n);
        }
      } catch (IOException e) {
        // Reset by the proxy: exactly what some tests do.
      } finally {
        ended.incrementAndGet();
      }
    }

    private static void daemon(String name, Runnable body) {
      Thread thread = new Thread(body, name);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
