package io.tandem.lmtp;

import io.tandem.lmtp.LmtpSession.Next;
import io.tandem.lmtp.LmtpSession.Step;
import io.tandem.net.Connection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O loop of one LMTP session: reads command lines and message bodies from a {@link
 * Connection}'s streams, hands them to the {@link LmtpSession}, and writes the encoded replies.
 * It knows no sockets. Replies are buffered and sent when the client has nothing more in flight,
 * so a pipelined MAIL/RCPT/DATA group gets its replies in one write (RFC 2920).
 *
 * <p>Idle clients get 421 4.4.2. During a server shutdown a DATA in progress is finished and
 * delivered, and the next command (or the wait for one) gets 421 4.3.2. Not thread-safe: {@link
 * #run()} is called once, on the connection's thread.
 */
public final class LmtpConnection {
  private static final Logger LOG = LoggerFactory.getLogger(LmtpConnection.class);
  /** How often a blocked read wakes up to look at the idle deadline and the shutdown signal. */
  private static final Duration POLL = Duration.ofMillis(200);

  private final Connection connection;
  private final LmtpSession session;
  private final LmtpSettings settings;
  private final LongSupplier nanoTime;
  private final LmtpCommandParser parser = new LmtpCommandParser();

  /**
   * @param nanoTime monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   */
  public LmtpConnection(Connection connection, MailDrop drop, LmtpSettings settings,
      LongSupplier nanoTime) {
    this.connection = connection;
    this.session = new LmtpSession(drop, settings, connection.remoteAddress());
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  /**
   * Runs the session until QUIT, a 421, or the client going away. I/O errors end it quietly;
   * the spool of an unfinished transaction is always released.
   */
  public void run() {
    OutputStream out = new BufferedOutputStream(connection.output(), 4096);
    try {
      connection.setReadTimeout(POLL.compareTo(settings.idleTimeout()) < 0
          ? POLL : settings.idleTimeout());
      ClientInput input = new ClientInput(connection.input(), out,
          connection::shutdownRequested, settings.idleTimeout(), nanoTime);
      loop(input, new BoundedLineReader(input, settings.maxLineLength()), out);
    } catch (ClientInput.Interrupted e) {
      LOG.debug("lmtp: closing {}: {}", connection.remoteAddress(), e.getMessage());
      send(out, e.reply());
    } catch (IOException e) {
      LOG.debug("lmtp: connection {} ended: {}", connection.remoteAddress(), e.toString());
    } finally {
      // Also reached when a store's stream throws a RuntimeException: never leave a spool open.
      session.abort();
    }
  }

  private void loop(ClientInput input, BoundedLineReader reader, OutputStream out)
      throws IOException {
    Step step = session.greeting();
    while (true) {
      for (LmtpReply reply : step.replies()) {
        out.write(reply.encode());
      }
      if (step.next() == Next.CLOSE) {
        out.flush();
        return;
      }
      step = step.next() == Next.READ_BODY ? readBody(reader) : readCommand(input, reader);
    }
  }

  private Step readCommand(ClientInput input, BoundedLineReader reader) throws IOException {
    input.awaitingCommand(true);
    BoundedLineReader.Line line = reader.readLine();
    input.awaitingCommand(false);
    if (line == null) {
      return new Step(List.of(), Next.CLOSE);
    }
    if (connection.shutdownRequested()) {
      return new Step(List.of(LmtpReplies.SHUTTING_DOWN), Next.CLOSE);
    }
    return session.handle(line.tooLong()
        ? new LmtpCommand.Invalid(LmtpCommand.Verb.OTHER, LmtpReplies.LINE_TOO_LONG)
        : parser.parse(line.text()));
  }

  private Step readBody(BoundedLineReader reader) throws IOException {
    DataReader.Result body = new DataReader(reader, settings.maxMessageSize())
        .read(session.body());
    return session.endData(body);
  }

  /** Sends a last reply on a connection that is being given up; failures no longer matter. */
  private void send(OutputStream out, LmtpReply reply) {
    try {
      out.write(reply.encode());
      out.flush();
    } catch (IOException e) {
      LOG.debug("lmtp: could not send {} to {}", reply, connection.remoteAddress());
    }
  }
}
