package io.tandem.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal CRLF line client for socket tests; every read gives up after five seconds. */
final class LineClient implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  LineClient(int port) throws IOException {
    this(port, "127.0.0.1");
  }

  LineClient(int port, String localAddress) throws IOException {
    socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
        StandardCharsets.ISO_8859_1));
    out = socket.getOutputStream();
  }

  /** Sends the lines in one write, each with CRLF. */
  LineClient send(String... lines) throws IOException {
    StringBuilder wire = new StringBuilder();
    for (String line : lines) {
      wire.append(line).append("\r\n");
    }
    out.write(wire.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** The next line, or null once the server has closed the connection. */
  String readLine() throws IOException {
    return in.readLine();
  }

  /** Skips the multi-line reply to LHLO and returns its last line. */
  String readLhloReply() throws IOException {
    String line = readLine();
    while (line != null && line.startsWith("250-")) {
      line = readLine();
    }
    return line;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
