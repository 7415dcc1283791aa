package io.tandem.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The Message-ID of a message, read from its header (pure apart from reading the stream):
 * header lines up to the first empty line, folded lines joined, at most {@link #MAX_HEADER}
 * bytes. Compared without angle brackets and surrounding space.
 */
final class MessageIdHeader {
  static final int MAX_HEADER = 256 * 1024;

  private MessageIdHeader() {}

  /** The Message-ID without angle brackets, or null when the header has none. */
  static String of(InputStream message) throws IOException {
    String header = header(message);
    String current = null;
    for (String line : header.split("\r?\n", -1)) {
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
        if (current != null) {
          current += " " + line.strip();
        }
        continue;
      }
      if (current != null) {
        return normalize(current);
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("message-id:")) {
        current = line.substring("message-id:".length()).strip();
      }
    }
    return current == null ? null : normalize(current);
  }

  /** {@code <id@host>} or {@code id@host} as {@code id@host}. */
  static String normalize(String id) {
    String text = id.strip();
    if (text.startsWith("<") && text.endsWith(">")) {
      text = text.substring(1, text.length() - 1).strip();
    }
    return text;
  }

  private static String header(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int last = -1;
    int beforeLast = -1;
    for (int b; out.size() < MAX_HEADER && (b = in.read()) >= 0; ) {
      boolean emptyLine = b == '\n' && (last == '\n' || (last == '\r' && beforeLast == '\n'));
      if (emptyLine) {
        break;
      }
      out.write(b);
      beforeLast = last;
      last = b;
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
