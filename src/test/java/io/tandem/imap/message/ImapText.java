package io.tandem.imap.message;

import java.nio.charset.StandardCharsets;

/**
 * Response bytes in a form tests compare: every string, quoted or literal, written the same way
 * ({@code "text"}, with \" and \\ escaped, CR and LF shown as \r and \n). RFC 3501 lets a
 * server send any string either way, and Dovecot's choice differs from ImapWire's (it sends an
 * unfolded Subject as a literal), so recorded Dovecot responses are compared in this form;
 * everything else stays byte for byte.
 */
final class ImapText {
  private ImapText() {}

  static String canonical(byte[] response) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < response.length) {
      byte b = response[i];
      if (b == '"') {
        StringBuilder text = new StringBuilder();
        i++;
        while (i < response.length && response[i] != '"') {
          if (response[i] == '\\') {
            i++;
          }
          text.append((char) (response[i++] & 0xff));
        }
        i++;
        string(out, text);
      } else if (b == '{' && literalSize(response, i) >= 0) {
        int size = literalSize(response, i);
        int start = indexOf(response, (byte) '\n', i) + 1;
        string(out, new StringBuilder(new String(response, start, size,
            StandardCharsets.ISO_8859_1)));
        i = start + size;
      } else {
        out.append(b == '\r' ? "" : String.valueOf((char) (b & 0xff)));
        i++;
      }
    }
    return out.toString();
  }

  /** The canonical form of a value as this package writes it. */
  static String canonical(String ascii) {
    return canonical(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void string(StringBuilder out, CharSequence text) {
    out.append('"');
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c == '\r' ? "\\r" : c == '\n' ? "\\n" : String.valueOf(c));
    }
    out.append('"');
  }

  /** n of "{n}\r\n" at {@code i}, or -1. */
  private static int literalSize(byte[] r, int i) {
    int size = 0;
    int k = i + 1;
    while (k < r.length && r[k] >= '0' && r[k] <= '9') {
      size = size * 10 + (r[k++] - '0');
    }
    boolean literal = k > i + 1 && k + 2 < r.length + 1 && r[k] == '}' && r[k + 1] == '\r'
        && r[k + 2] == '\n';
    return literal ? size : -1;
  }

  private static int indexOf(byte[] r, byte b, int from) {
    for (int k = from; k < r.length; k++) {
      if (r[k] == b) {
        return k;
      }
    }
    return r.length;
  }
}
