package io.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy for end-to-end tests that breaks a link the ways real networks fail, then heals it.
 * It forwards bytes and nothing else (TLS passes through untouched), so each end sees every fault
 * as a plain TCP event: a reset, a refused connection or silence.
 *
 * <p>Thread-safe. A mode change is in force when its method returns: bytes an end writes after
 * {@link #stall()} returns are not forwarded before {@link #pass()}, a connection the proxy accepts
 * after {@link #refuse()} returns is reset, and so on.
 */
public final class FaultProxy implements AutoCloseable {
  private enum Mode { PASS, REFUSE, STALL, BLACKHOLE }

  private enum Turn { FORWARD, DISCARD, STOP }

  private static final int CHUNK = 16 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled on every mode change and every reset, so stalled pumps never poll. */
  private final Condition changed = lock.newCondition();
  private final Set<Link> links = new HashSet<>(); // guarded by lock
  private Mode mode = Mode.PASS; // guarded by lock
  private boolean closed; // guarded by lock
  private long nextId; // guarded by lock
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicLong forwarded = new AtomicLong();

  private FaultProxy(InetSocketAddress target, ServerSocket listener) {
    this.target = target;
    this.listener = listener;
    this.name = "fault-proxy-" + listener.getLocalPort();
    lock.lock();
    try {
      startThread("accept", this::acceptLoop);
    } finally {
      lock.unlock();
    }
  }

  /** Starts forwarding from a fresh port on 127.0.0.1 to {@code target}. */
  public static FaultProxy start(InetSocketAddress target) throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    return new FaultProxy(target, listener);
  }

  /** The port on 127.0.0.1 to connect to instead of the target. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Normal forwarding, the initial mode. Heals every fault: stalled bytes go on in order and new
   * connections reach the target. Connections that went through {@link #blackhole()} stay dead.
   */
  public void pass() {
    change(Mode.PASS, false);
  }

  /** Resets every open connection, both ends at once; new connections are forwarded normally. */
  public void drop() {
    change(Mode.PASS, true);
  }

  /** Resets every open connection, and every new one as soon as it is accepted, until pass(). */
  public void refuse() {
    change(Mode.REFUSE, true);
  }

  /**
   * Keeps connections open but forwards nothing either way until pass(), which then delivers
   * everything in order. The proxy holds at most one chunk per direction; beyond that TCP flow
   * control makes the writer block, as a congested link would. New connections still reach the
   * target, but their bytes are held the same way.
   */
  public void stall() {
    change(Mode.STALL, false);
  }

  /**
   * A dead route: connections stay open, every byte read from them is discarded, including after
   * pass() (a stream with a hole cannot be resumed, TLS would reject it), so only a timeout at the
   * ends notices. New connections are accepted but never reach the target and stay dead too.
   */
  public void blackhole() {
    lock.lock();
    try {
      ensureOpen();
      mode = Mode.BLACKHOLE;
      for (Link link : links) {
        link.blackholed = true;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Connections accepted and not yet closed, dead (blackholed) ones included. */
  public int openConnections() {
    lock.lock();
    try {
      return links.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Bytes handed on, both directions together. A chunk is counted just before it is written, so
   * once an end has read some bytes they are already counted.
   */
  public long bytesForwarded() {
    return forwarded.get();
  }

  /** Resets every connection, stops listening and waits up to a second for its threads to end. */
  @Override
  public void close() {
    List<Thread> running;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      resetAll();
      changed.signalAll();
      // No thread starts once closed is set (all starts check it under the lock).
      running = new ArrayList<>(threads);
    } finally {
      lock.unlock();
    }
    closeQuietly(listener);
    long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
    for (Thread thread : running) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        thread.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "FaultProxy[127.0.0.1:" + port() + " -> " + target + ", "
          + (closed ? "closed" : mode) + "]";
    } finally {
      lock.unlock();
    }
  }

  /** One accepted connection and, unless it was accepted into a blackhole, its upstream twin. */
  private static final class Link {
    final long id;
    final Socket client;
    Socket upstream; // guarded by lock; null until connecting starts, or forever if blackholed
    boolean blackholed; // guarded by lock; never cleared
    boolean closed; // guarded by lock
    int pumps = 1; // guarded by lock; the first pump is counted from the start

    Link(long id, Socket client) {
      this.id = id;
      this.client = client;
    }
  }

  private void change(Mode next, boolean resetOpen) {
    lock.lock();
    try {
      ensureOpen();
      if (resetOpen) {
        resetAll();
      }
      mode = next;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed, or the listener broke and nothing useful is left to do
      }
      lock.lock();
      try {
        if (closed || mode == Mode.REFUSE) {
          reset(client);
          continue;
        }
        setNoDelay(client);
        Link link = new Link(nextId++, client);
        links.add(link);
        if (mode == Mode.BLACKHOLE) {
          link.blackholed = true;
          startThread(link.id + "-void", () -> {
            try {
              pump(link, client, null);
            } finally {
              pumpDone(link);
            }
          });
        } else {
          startThread(link.id + "-up", () -> runUpstream(link));
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Connects to the target, starts the downstream pump and becomes the upstream pump. */
  private void runUpstream(Link link) {
    try {
      Socket upstream = new Socket();
      lock.lock();
      try {
        if (link.closed) {
          closeQuietly(upstream);
          return;
        }
        // Published before connecting so that a reset can interrupt a slow connect.
        link.upstream = upstream;
      } finally {
        lock.unlock();
      }
      try {
        setNoDelay(upstream);
        upstream.connect(target, CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        // The client sees the target's refusal as a reset, the nearest a proxy can get.
        resetLink(link);
        return;
      }
      lock.lock();
      try {
        if (link.closed) {
          return;
        }
        link.pumps++;
        startThread(link.id + "-down", () -> {
          try {
            pump(link, upstream, link.client);
          } finally {
            pumpDone(link);
          }
        });
      } finally {
        lock.unlock();
      }
      pump(link, link.client, upstream);
    } finally {
      pumpDone(link);
    }
  }

  /** Copies one direction until EOF or a reset; {@code to} is null for a link with no upstream. */
  private void pump(Link link, Socket from, Socket to) {
    byte[] buffer = new byte[CHUNK];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to == null ? null : to.getOutputStream();
      while (true) {
        int n = in.read(buffer);
        Turn turn = awaitTurn(link);
        if (turn == Turn.STOP) {
          return;
        }
        if (turn == Turn.DISCARD || to == null) {
          if (n < 0) {
            return;
          }
          continue;
        }
        if (n < 0) {
          // Half-close, so a peer that says goodbye first still gets the other side's last bytes.
          to.shutdownOutput();
          return;
        }
        forwarded.addAndGet(n);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      lock.lock();
      try {
        // One end reset or failed: pass that on like a router would; a dead route passes nothing.
        if (!link.blackholed) {
          resetLink(link);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Whether the chunk just read may go on; waits (without polling) while the link is stalled. */
  private Turn awaitTurn(Link link) {
    lock.lock();
    try {
      while (true) {
        if (link.closed) {
          return Turn.STOP;
        }
        if (link.blackholed) {
          return Turn.DISCARD;
        }
        if (mode != Mode.STALL) {
          return Turn.FORWARD;
        }
        changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Turn.STOP;
    } finally {
      lock.unlock();
    }
  }

  /** The last pump of a link to end closes it (politely: any reset has already happened). */
  private void pumpDone(Link link) {
    lock.lock();
    try {
      if (--link.pumps > 0) {
        return;
      }
      link.closed = true;
      links.remove(link);
      closeQuietly(link.client);
      if (link.upstream != null) {
        closeQuietly(link.upstream);
      }
    } finally {
      lock.unlock();
    }
  }

  private void resetAll() {
    for (Link link : new ArrayList<>(links)) {
      resetLink(link);
    }
  }

  private void resetLink(Link link) {
    lock.lock();
    try {
      if (link.closed) {
        return;
      }
      link.closed = true;
      links.remove(link);
      reset(link.client);
      if (link.upstream != null) {
        reset(link.upstream);
      }
      changed.signalAll(); // a pump may be stalled on this link
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock, so that close() sees every thread ever started. */
  private void startThread(String suffix, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    }, name + "-" + suffix);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /** Closes with RST instead of FIN: what an end sees when a middlebox or a peer's kernel drops. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // Already closed or never connected: a plain close is all there is to do.
    }
    closeQuietly(socket);
  }

  /** The replication protocol exchanges small frames; Nagle would only add latency in tests. */
  private static void setNoDelay(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
    } catch (IOException e) {
      // Closed already; the pump will find out.
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Nothing to recover: the proxy is tearing this down on purpose.
    }
  }
}
