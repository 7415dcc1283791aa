package io.tandem.lmtp;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and identity of the LMTP service, checked once at construction. Immutable.
 *
 * @param hostname name announced in the greeting and the LHLO reply
 * @param maxMessageSize largest message accepted, in bytes as stored (LF line endings,
 *     dot-unstuffed); also announced as {@code SIZE}
 * @param maxRecipients accepted recipients per transaction; more get 452 4.5.3
 * @param maxLineLength longest command line in bytes, without its CRLF; at least 512 (RFC 5321
 *     §4.5.3.1.4). Message lines in DATA may be longer.
 * @param maxInvalidCommands syntax and sequence errors a session may make; one more closes it
 * @param idleTimeout time without a byte from the client after which the session is closed
 * @param maxConnections sessions served at once
 * @param maxConnectionsPerIp sessions served at once for one client address
 */
public record LmtpSettings(
    String hostname,
    long maxMessageSize,
    int maxRecipients,
    int maxLineLength,
    int maxInvalidCommands,
    Duration idleTimeout,
    int maxConnections,
    int maxConnectionsPerIp) {

  /** Rejects values that would make the service misbehave rather than merely be strict. */
  public LmtpSettings {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (!hostname.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
      throw new IllegalArgumentException("hostname must be a domain name: '" + hostname + "'");
    }
    require(maxMessageSize > 0, "maxMessageSize must be positive");
    require(maxRecipients > 0, "maxRecipients must be positive");
    require(maxLineLength >= 512, "maxLineLength must be at least 512 (RFC 5321)");
    require(maxInvalidCommands >= 0, "maxInvalidCommands must not be negative");
    require(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be positive");
    require(maxConnections > 0, "maxConnections must be positive");
    require(maxConnectionsPerIp > 0, "maxConnectionsPerIp must be positive");
  }

  /**
   * Defaults for an appliance: 50 MiB messages, 1000 recipients, 2048-byte command lines, 10
   * invalid commands, the RFC 5321 §4.5.3.2.7 five-minute server timeout, 100 connections of
   * which 50 may come from one address (an LMTP client is usually one or two MTAs).
   */
  public static LmtpSettings defaults(String hostname) {
    return new LmtpSettings(hostname, 50L << 20, 1000, 2048, 10, Duration.ofMinutes(5), 100, 50);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
