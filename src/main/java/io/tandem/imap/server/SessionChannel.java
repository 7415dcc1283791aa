package io.tandem.imap.server;

import java.io.IOException;

/** What a session needs of its connection beyond writing responses. */
interface SessionChannel {
  /** The client as {@code ip:port}, for logs and login throttling. */
  String remoteAddress();

  /** The client's IP address alone. */
  String remoteIp();

  /** Whether the connection is encrypted (implicit TLS, or after STARTTLS). */
  boolean secure();

  /** Whether the client is on this machine. */
  boolean loopback();

  /** Reads one line from the client (an AUTHENTICATE continuation), without CRLF. */
  String readLine() throws IOException;

  /** Runs the TLS handshake of STARTTLS; the tagged OK has been sent already. */
  void startTls() throws IOException;

  /** Whether STARTTLS can be offered (TLS is configured and the connection is not yet secure). */
  boolean canStartTls();
}
