package io.tandem.imap.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A minimal IMAP client for tests: sends lines, reads responses up to a tagged one. */
final class ImapTestClient implements AutoCloseable {
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int tag;

  ImapTestClient(Socket socket) throws IOException {
    use(socket);
  }

  static ImapTestClient connect(int port) throws IOException {
    ImapTestClient client = new ImapTestClient(new Socket("127.0.0.1", port));
    client.line();
    return client;
  }

  static ImapTestClient connectTls(int port) throws Exception {
    SSLSocket socket = (SSLSocket) trustAll().getSocketFactory()
        .createSocket("127.0.0.1", port);
    socket.startHandshake();
    ImapTestClient client = new ImapTestClient(socket);
    client.line();
    return client;
  }

  private void use(Socket next) throws IOException {
    socket = next;
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends a command with a fresh tag; returns every line up to and including the tagged one. */
  List<String> command(String text) throws IOException {
    String t = "t" + (++tag);
    send(t + " " + text);
    return until(t);
  }

  /** The lines up to and including the one tagged {@code t}. */
  List<String> until(String t) throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = line();
      lines.add(line);
      if (line.startsWith(t + " ") || line.equals("<closed>")) {
        return lines;
      }
    }
  }

  void send(String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  String line() throws IOException {
    return readLine(in);
  }

  /** One line without CRLF, or {@code <closed>} at the end of the stream. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.write(b);
    }
    if (b < 0 && line.size() == 0) {
      return "<closed>";
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /** STARTTLS, then the handshake on this connection. */
  List<String> startTls() throws Exception {
    List<String> reply = command("STARTTLS");
    SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(socket,
        "127.0.0.1", socket.getPort(), true);
    tls.startHandshake();
    use(tls);
    return reply;
  }

  /** The appliance's certificate is self-signed: trusted blindly here, as a test client may. */
  static SSLContext trustAll() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String auth) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String auth) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    return context;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
