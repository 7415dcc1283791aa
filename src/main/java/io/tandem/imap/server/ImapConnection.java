package io.tandem.imap.server;

import io.tandem.imap.protocol.ImapCommand;
import io.tandem.imap.protocol.ImapCommandDecoder;
import io.tandem.imap.protocol.ImapCommandFramer;
import io.tandem.imap.protocol.ImapLimits;
import io.tandem.imap.protocol.ImapSyntaxException;
import io.tandem.net.Connection;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one client's commands (lines and literals, bounded by the session's limits), hands them
 * to its {@link ImapSession}, and ends the connection on LOGOUT, a timeout, too many bad
 * commands, or a BYE from outside. Runs on the connection's own thread.
 */
final class ImapConnection implements SessionChannel {
  private static final Logger LOG = LoggerFactory.getLogger(ImapConnection.class);

  private final Connection connection;
  private final ImapContext context;
  private final SSLContext tls;
  private final ImapOutput out;
  private final ImapSession session;
  private final ImapCommandDecoder decoder = new ImapCommandDecoder();
  private InputStream in;
  private int invalidCommands;
  /** The line being framed announced a {n+} literal (so a refusal must end the connection). */
  private boolean nonSynchronizingRefused;

  ImapConnection(Connection connection, ImapContext context, SSLContext tls) {
    this.connection = connection;
    this.context = context;
    this.tls = tls;
    this.in = new BufferedInputStream(connection.input(), 16 * 1024);
    this.out = new ImapOutput(connection.output());
    this.session = new ImapSession(context, out, this);
  }

  void run() {
    SessionRegistry.Open open = new SessionRegistry.Open(session, this::disconnect,
        connection.remoteAddress());
    context.sessions().opened(open);
    try {
      session.greet();
      boolean going = true;
      while (going && !out.isClosed()) {
        if (connection.shutdownRequested()) {
          out.bye("[UNAVAILABLE] The server is shutting down; reconnect shortly");
          break;
        }
        connection.setReadTimeout(session.readTimeout());
        going = next();
      }
    } catch (SocketTimeoutException e) {
      out.bye("Autologout: no command for " + session.readTimeout().toSeconds() + " s");
    } catch (EOFException e) {
      LOG.debug("IMAP client {} went away", connection.remoteAddress());
    } catch (IOException e) {
      LOG.debug("IMAP connection {} ended: {}", connection.remoteAddress(), e.toString());
    } finally {
      context.sessions().closed(open);
    }
  }

  /** Reads and runs one command; false when the session is over. */
  private boolean next() throws IOException {
    ImapLimits limits = session.limits();
    ImapCommandFramer framer = new ImapCommandFramer();
    byte[] commandBytes;
    try {
      commandBytes = frame(framer, limits);
    } catch (ImapSyntaxException e) {
      if (nonSynchronizingRefused) {
        // RFC 7888 §4: the client sends a refused {n+} literal anyway; nothing after it can be
        // told apart from its bytes.
        out.bye("[TOOBIG] Literal too large");
        return false;
      }
      return refuse(e.tag().orElse(null), e.reason());
    }
    ImapCommand command;
    try {
      command = decoder.decode(commandBytes, limits);
    } catch (ImapSyntaxException e) {
      return refuse(e.tag().orElseGet(() -> tagOf(commandBytes)), e.reason());
    }
    boolean going = session.run(command);
    if (going && command instanceof ImapCommand.Idle && session.idling()) {
      going = idle();
    }
    return going;
  }

  /** Lines and literals up to a complete command. */
  private byte[] frame(ImapCommandFramer framer, ImapLimits limits)
      throws IOException, ImapSyntaxException {
    nonSynchronizingRefused = false;
    while (true) {
      byte[] line = readLine(limits.maxLineLength());
      nonSynchronizingRefused = endsWithLiteralPlus(line);
      ImapCommandFramer.Step step = framer.line(line, limits);
      nonSynchronizingRefused = false;
      if (step instanceof ImapCommandFramer.Complete complete) {
        return complete.command();
      }
      ImapCommandFramer.NeedLiteral literal = (ImapCommandFramer.NeedLiteral) step;
      if (literal.synchronizing()) {
        out.continuation("Ready for literal data");
      }
      byte[] bytes = in.readNBytes(literal.size());
      if (bytes.length != literal.size()) {
        throw new EOFException("the client closed the connection inside a literal");
      }
      framer.literal(bytes);
    }
  }

  /** Waits for DONE while changes are pushed by the notifier thread. */
  private boolean idle() throws IOException {
    byte[] line;
    try {
      line = readLine(ImapLimits.authenticated().maxLineLength());
    } catch (ImapSyntaxException e) {
      line = new byte[0];
    }
    session.endIdle();
    if (!ImapCommandDecoder.isDone(line)) {
      return refuse(null, "Expected DONE to end IDLE");
    }
    return true;
  }

  /** BAD for a command that could not be read; too many and the connection is closed. */
  private boolean refuse(String tag, String reason) throws IOException {
    invalidCommands++;
    out.tagged(tag == null ? "*" : tag, "BAD", reason);
    if (invalidCommands >= context.settings().imap().maxInvalidCommands()) {
      out.bye("Too many invalid commands");
      return false;
    }
    return true;
  }

  /**
   * One line without its CRLF. A line longer than {@code max} is read to its end and refused,
   * so the next command starts cleanly.
   */
  private byte[] readLine(int max) throws IOException, ImapSyntaxException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    boolean tooLong = false;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the client closed the connection");
      }
      if (b == '\n') {
        break;
      }
      if (line.size() <= max) {
        line.write(b);
      } else {
        tooLong = true;
      }
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
        : bytes.length;
    if (tooLong || length > max) {
      throw new ImapSyntaxException(tagOf(bytes), "Line too long");
    }
    return java.util.Arrays.copyOf(bytes, length);
  }

  private static boolean endsWithLiteralPlus(byte[] line) {
    int n = line.length;
    return n >= 4 && line[n - 1] == '}' && line[n - 2] == '+';
  }

  private static String tagOf(byte[] command) {
    int end = 0;
    while (end < command.length && end < 64 && command[end] > ' ' && command[end] < 127
        && command[end] != '{' && command[end] != '(' && command[end] != '*'
        && command[end] != '%' && command[end] != '"' && command[end] != '\\') {
      end++;
    }
    return end == 0 ? null : new String(command, 0, end, StandardCharsets.US_ASCII);
  }

  private void disconnect() {
    try {
      connection.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public String remoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public String remoteIp() {
    String address = connection.remoteAddress();
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  @Override
  public boolean secure() {
    return connection.isTls();
  }

  @Override
  public boolean loopback() {
    return connection.isLoopback();
  }

  @Override
  public String readLine() throws IOException {
    try {
      return new String(readLine(ImapLimits.notAuthenticated().maxLineLength()),
          StandardCharsets.UTF_8);
    } catch (ImapSyntaxException e) {
      return "";
    }
  }

  @Override
  public boolean canStartTls() {
    return tls != null && !connection.isTls();
  }

  @Override
  public void startTls() throws IOException {
    out.flush();
    connection.startTls(tls);
    in = new BufferedInputStream(connection.input(), 16 * 1024);
    out.replace(connection.output());
  }
}
