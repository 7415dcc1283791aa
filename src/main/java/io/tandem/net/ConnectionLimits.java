package io.tandem.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds for a {@link TcpServer}.
 *
 * @param maxConnections connections served at once; also the worker pool size
 * @param maxConnectionsPerIp connections served at once for one client address
 * @param readTimeout initial {@code SO_TIMEOUT} of each accepted socket (handlers may shorten it)
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp, Duration readTimeout) {

  /** Checks the bounds once, at construction. */
  public ConnectionLimits {
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (maxConnections < 1 || maxConnectionsPerIp < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1");
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
    }
  }
}
