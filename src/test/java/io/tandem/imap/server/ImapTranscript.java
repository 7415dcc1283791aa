package io.tandem.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Plays a protocol transcript against a live server: {@code C: text} lines are sent (with
 * {@code \r\n} escapes for literals, CRLF added), {@code S: regex} lines must each match the
 * next server line in full (a server literal is read and kept within its line), {@code #} lines
 * are comments. The server's lines are kept for the failure message.
 */
final class ImapTranscript {
  private final List<String> seen = new ArrayList<>();

  void play(Socket socket, String transcript) throws IOException {
    socket.setSoTimeout(20_000);
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    int number = 0;
    for (String line : transcript.split("\n")) {
      number++;
      if (line.startsWith("C: ")) {
        out.write(unescape(line.substring(3)).getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {'\r', '\n'});
        out.flush();
      } else if (line.startsWith("S: ")) {
        String expected = line.substring(3);
        String actual = readResponse(in);
        seen.add(actual);
        assertThat(Pattern.compile(expected, Pattern.DOTALL).matcher(actual).matches())
            .as("transcript line %d: server line %s should match %s%nserver so far:%n%s",
                number, quote(actual), expected, String.join("\n", seen))
            .isTrue();
      } else if (!line.isBlank() && !line.startsWith("#")) {
        throw new IllegalArgumentException("transcript line " + number + ": " + line);
      }
    }
  }

  /** One server line; literals ({n} at a line's end) are read and joined into it. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    while (true) {
      String line = ImapTestClient.readLine(in);
      text.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      var literal = java.util.regex.Pattern.compile("\\{(\\d+)\\}$").matcher(line);
      if (!literal.find()) {
        return text.toString(StandardCharsets.UTF_8);
      }
      text.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      text.writeBytes(in.readNBytes(Integer.parseInt(literal.group(1))));
    }
  }

  private static String unescape(String text) {
    return text.replace("\\r\\n", "\r\n");
  }

  private static String quote(String text) {
    return "'" + text.replace("\r\n", "\\r\\n") + "'";
  }
}
