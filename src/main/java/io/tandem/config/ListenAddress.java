package io.tandem.config;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP address to listen on: a host name or IP literal and a port. Port 0 asks the operating
 * system for a free port (tests use it). The host is kept as written, unresolved, so that loading
 * the config never waits on DNS. Immutable and thread-safe.
 *
 * @param host a host name, IPv4 literal, or IPv6 literal without brackets
 * @param port 0 to 65535
 */
public record ListenAddress(String host, int port) {
  private static final Pattern FORM = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]*):(\\d{1,5})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");
  private static final String EXPECTED = "expected host:port such as 127.0.0.1:2424";

  public ListenAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
  }

  /**
   * Parses {@code 127.0.0.1:2424}, {@code [::1]:24} or {@code localhost:24}.
   *
   * @throws IllegalArgumentException with an operator-facing reason
   */
  public static ListenAddress parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      boolean bareIpv6 = text.indexOf(':') != text.lastIndexOf(':') && !text.startsWith("[");
      String hint = bareIpv6 ? " (put an IPv6 address in brackets, such as [::1]:2424)" : "";
      throw new IllegalArgumentException(EXPECTED + ", got " + Quoted.of(text) + hint);
    }
    String host = m.group(1);
    boolean bracketed = host.startsWith("[");
    host = bracketed ? host.substring(1, host.length() - 1) : host;
    if (!(bracketed ? IPV6 : NAME).matcher(host).matches()) {
      String problem = host.isEmpty() ? " (missing host)" : " (bad host)";
      throw new IllegalArgumentException(EXPECTED + ", got " + Quoted.of(text) + problem);
    }
    int port = Integer.parseInt(m.group(2));
    if (port > 65535) {
      throw new IllegalArgumentException(
          EXPECTED + ", got " + Quoted.of(text) + " (port must be 0 to 65535)");
    }
    return new ListenAddress(host, port);
  }

  /** Whether this means every local address ({@code 0.0.0.0} or {@code ::}). */
  public boolean isWildcard() {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
  }

  /**
   * Whether both cannot be bound at once: the same non-zero port on the same host, or on any host
   * when either is a wildcard. Host names are compared as written, not resolved.
   */
  public boolean conflictsWith(ListenAddress other) {
    return port != 0
        && port == other.port
        && (host.toLowerCase(Locale.ROOT).equals(other.host.toLowerCase(Locale.ROOT))
            || isWildcard()
            || other.isWildcard());
  }

  /** A socket address for binding; resolves the host name, which may wait on DNS. */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** The config form, which {@link #parse} reads back: IPv6 hosts in brackets. */
  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
