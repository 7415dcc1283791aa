package io.tandem.net;

import io.tandem.net.ConnectionHandler.Refusal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts open connections, in total and per client address, and remembers their sockets so that
 * a stop past its grace period can close them. Thread-safe (one lock; the work under it is tiny).
 */
final class ConnectionTracker {
  private final ConnectionLimits limits;
  private final Map<InetAddress, Integer> perIp = new HashMap<>();
  private final Set<Socket> open = new HashSet<>();

  ConnectionTracker(ConnectionLimits limits) {
    this.limits = limits;
  }

  /** Registers the socket, or returns why it must be refused (and registers nothing). */
  synchronized Refusal tryOpen(Socket socket) {
    if (open.size() >= limits.maxConnections()) {
      return Refusal.SERVER_FULL;
    }
    InetAddress ip = socket.getInetAddress();
    int fromIp = perIp.getOrDefault(ip, 0);
    if (fromIp >= limits.maxConnectionsPerIp()) {
      return Refusal.PEER_FULL;
    }
    perIp.put(ip, fromIp + 1);
    open.add(socket);
    return null;
  }

  /** Forgets a socket registered by {@link #tryOpen}. */
  synchronized void closed(Socket socket) {
    if (open.remove(socket)) {
      perIp.computeIfPresent(socket.getInetAddress(), (ip, n) -> n == 1 ? null : n - 1);
    }
  }

  synchronized int count() {
    return open.size();
  }

  /** Closes every registered socket; blocked reads and writes on them fail at once. */
  void closeAll() {
    List<Socket> sockets;
    synchronized (this) {
      sockets = List.copyOf(open);
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing more can be done for a socket that fails to close; it is being abandoned.
      }
    }
  }
}
