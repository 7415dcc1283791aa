package io.tandem.net;

import io.tandem.net.ConnectionHandler.Refusal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking TCP listener: one accepting thread, one pooled platform thread per connection, a
 * total and a per-address connection limit. Connections over a limit are handed to {@link
 * ConnectionHandler#refuse} and closed. Worker threads are named {@code name:port<-peer} while
 * they serve a connection.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #stop(Duration)}. Thread-safe.
 */
public final class TcpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
  private static final Duration HARD_STOP_WAIT = Duration.ofSeconds(5);

  private final String name;
  private final InetSocketAddress bindAddress;
  private final ConnectionLimits limits;
  private final ConnectionHandler handler;
  private final ConnectionTracker tracker;
  private final ShutdownSignal shutdown = new ShutdownSignal();
  private ServerSocket serverSocket;
  private ThreadPoolExecutor workers;
  private Thread acceptor;
  /** Set for an implicit-TLS listener: each accepted socket is wrapped before it is served. */
  private volatile javax.net.ssl.SSLContext tls;

  /**
   * @param name protocol name used in thread names and logs, e.g. {@code lmtp}
   * @param host address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port port to bind; 0 picks a free one (see {@link #port()})
   */
  public TcpServer(
      String name, String host, int port, ConnectionLimits limits, ConnectionHandler handler) {
    this.name = name;
    this.bindAddress = new InetSocketAddress(host, port);
    this.limits = limits;
    this.handler = handler;
    this.tracker = new ConnectionTracker(limits);
  }

  /**
   * Makes this an implicit-TLS listener (IMAPS): every connection starts with a TLS handshake,
   * run on the connection's own thread. Call before {@link #start()}.
   */
  public void useTls(javax.net.ssl.SSLContext context) {
    this.tls = context;
  }

  /** Binds and starts accepting. Throws if the address cannot be bound. */
  public synchronized void start() throws IOException {
    if (serverSocket != null) {
      throw new IllegalStateException(name + " server already started");
    }
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(bindAddress, limits.maxConnections());
    } catch (IOException e) {
      socket.close();
      throw new IOException("cannot listen on " + bindAddress + " for " + name + ": " + e, e);
    }
    serverSocket = socket;
    workers = newPool(port());
    acceptor = new Thread(this::acceptLoop, name + ":" + port() + "-accept");
    acceptor.start();
    LOG.info("{} listening on {}:{}", name, bindAddress.getHostString(), port());
  }

  /** The bound port; valid after {@link #start()}. */
  public synchronized int port() {
    if (serverSocket == null) {
      throw new IllegalStateException(name + " server not started");
    }
    return serverSocket.getLocalPort();
  }

  /** Connections being served now. */
  public int activeConnections() {
    return tracker.count();
  }

  /**
   * Stops accepting, raises the shutdown signal so handlers finish their current work, waits up
   * to {@code grace} for them, then closes whatever is still open.
   *
   * @return true if every session ended within the grace period
   */
  public boolean stop(Duration grace) {
    synchronized (this) {
      if (serverSocket == null || serverSocket.isClosed()) {
        return true;
      }
      shutdown.request();
      closeQuietly(serverSocket);
    }
    joinQuietly(acceptor);
    workers.shutdown();
    boolean clean = await(grace);
    if (!clean) {
      LOG.warn("{}: {} session(s) still open after {}; closing them", name, activeConnections(),
          grace);
      tracker.closeAll();
      workers.shutdownNow();
      await(HARD_STOP_WAIT);
    }
    LOG.info("{} on port {} stopped", name, serverSocket.getLocalPort());
    return clean;
  }

  /** Stops without a grace period. */
  @Override
  public void close() {
    stop(Duration.ZERO);
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        dispatch(serverSocket.accept());
      } catch (IOException e) {
        if (!serverSocket.isClosed()) {
          // Typically out of file descriptors; pause so the loop does not spin on the error.
          LOG.warn("{}: accept failed: {}", name, e.toString());
          sleepQuietly(Duration.ofMillis(100));
        }
      }
    }
  }

  private void dispatch(Socket socket) {
    if (shutdown.isRequested()) {
      closeQuietly(socket);
      return;
    }
    Refusal refusal = tracker.tryOpen(socket);
    if (refusal != null) {
      refuse(socket, refusal);
      return;
    }
    try {
      workers.execute(() -> serve(socket));
    } catch (RejectedExecutionException e) {
      tracker.closed(socket);
      closeQuietly(socket);
    }
  }

  private void refuse(Socket socket, Refusal refusal) {
    String peer = SocketConnection.describe(socket);
    LOG.warn("{}: refusing {} ({})", name, peer, refusal);
    try (socket) {
      socket.setSoTimeout(1000);
      handler.refuse(new SocketConnection(socket, shutdown), refusal);
      // Half-close first so the client reads the reply before the connection goes away.
      socket.shutdownOutput();
    } catch (IOException e) {
      LOG.debug("{}: refusing {} failed: {}", name, peer, e.toString());
    }
  }

  private void serve(Socket socket) {
    Thread thread = Thread.currentThread();
    String idleName = thread.getName();
    String peer = SocketConnection.describe(socket);
    thread.setName(name + ":" + serverSocket.getLocalPort() + "<-" + peer);
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.readTimeout().toMillis()));
      Socket served = socket;
      if (tls != null) {
        javax.net.ssl.SSLSocket wrapped = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
            .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(),
                true);
        wrapped.setUseClientMode(false);
        wrapped.startHandshake();
        served = wrapped;
      }
      handler.serve(new SocketConnection(served, socket, shutdown));
    } catch (IOException e) {
      LOG.debug("{}: connection from {} ended: {}", name, peer, e.toString());
    } catch (RuntimeException e) {
      LOG.error("{}: handler failed for {}", name, peer, e);
    } finally {
      tracker.closed(socket);
      thread.setName(idleName);
    }
  }

  private ThreadPoolExecutor newPool(int port) {
    AtomicInteger counter = new AtomicInteger();
    int size = limits.maxConnections();
    // The tracker admits at most maxConnections sessions, so the queue only ever holds a task
    // for the moment between one session ending and its thread becoming free.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        task -> new Thread(task, name + ":" + port + "-worker-" + counter.incrementAndGet()));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private boolean await(Duration timeout) {
    try {
      return workers.awaitTermination(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(HARD_STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing during shutdown: the resource is abandoned either way.
    }
  }
}
