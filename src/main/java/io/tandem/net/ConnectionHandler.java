package io.tandem.net;

import java.io.IOException;

/**
 * The protocol side of a {@link TcpServer}. Implementations are thread-safe: {@link #serve} runs
 * concurrently on pool threads, one call per connection.
 */
public interface ConnectionHandler {

  /**
   * Runs the whole session. The server closes the connection when this returns or throws; an
   * {@link IOException} here is the client's problem and is logged at debug level only.
   */
  void serve(Connection connection) throws IOException;

  /**
   * Tells a client over a connection limit why it is turned away (one short reply, no reads).
   * Runs on the accepting thread, so it must not block; the server closes the connection after.
   */
  void refuse(Connection connection, Refusal reason) throws IOException;

  /** Why a connection was turned away. */
  enum Refusal {
    /** The server already serves its maximum number of connections. */
    SERVER_FULL,
    /** The client's address already has its maximum number of connections. */
    PEER_FULL
  }
}
