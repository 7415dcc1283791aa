package io.tandem.config;

/** {@code imap.plaintext_auth}: when a password may be sent over a connection without TLS. */
public enum PlaintextAuth {
  /** Always (for a network where the IMAP proxies sit on a trusted segment). */
  ALLOW("allow"),
  /** Only over TLS, or from a loopback address (Dovecot's default: the same machine). */
  TLS_OR_LOOPBACK("tls-or-loopback"),
  /** Only over TLS (STARTTLS or the implicit-TLS listener). */
  TLS("tls");

  private final String configName;

  PlaintextAuth(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
