package io.tandem.imap.message;

import java.io.ByteArrayOutputStream;

/**
 * Undoes a Content-Transfer-Encoding (RFC 2045 §6.7 quoted-printable, §6.8 base64) and the B and
 * Q encodings of RFC 2047 §4, leniently: characters outside the base64 alphabet are skipped, a
 * malformed quoted-printable escape is kept as it stands.
 */
final class TransferDecoding {
  private TransferDecoding() {}

  /** The body bytes {@code m[from, to)} decoded by {@code encoding} (null or other: as is). */
  static byte[] decode(byte[] m, int from, int to, String encoding) {
    if (encoding != null && encoding.equalsIgnoreCase("base64")) {
      return base64(m, from, to);
    }
    if (encoding != null && encoding.equalsIgnoreCase("quoted-printable")) {
      return quotedPrintable(m, from, to, false);
    }
    byte[] raw = new byte[to - from];
    System.arraycopy(m, from, raw, 0, raw.length);
    return raw;
  }

  static byte[] base64(byte[] m, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) * 3 / 4 + 3);
    int bits = 0;
    int count = 0;
    for (int i = from; i < to; i++) {
      int value = base64Value(m[i]);
      if (m[i] == '=') {
        break;
      }
      if (value < 0) {
        continue;
      }
      bits = (bits << 6) | value;
      count += 6;
      if (count >= 8) {
        count -= 8;
        out.write((bits >> count) & 0xff);
      }
    }
    return out.toByteArray();
  }

  /**
   * Quoted-printable; with {@code underscoreIsSpace} the Q encoding of RFC 2047 §4.2. A soft line
   * break ({@code =} at the end of a line, blanks allowed before the CRLF) joins the lines.
   */
  static byte[] quotedPrintable(byte[] m, int from, int to, boolean underscoreIsSpace) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = m[i];
      if (b == '_' && underscoreIsSpace) {
        out.write(' ');
      } else if (b != '=') {
        out.write(b);
      } else if (i + 2 < to && hex(m[i + 1]) >= 0 && hex(m[i + 2]) >= 0) {
        out.write(hex(m[i + 1]) * 16 + hex(m[i + 2]));
        i += 2;
      } else {
        int end = i + 1;
        while (end < to && (m[end] == ' ' || m[end] == '\t')) {
          end++;
        }
        if (end < to && (m[end] == '\r' || m[end] == '\n')) {
          i = end < to - 1 && m[end] == '\r' && m[end + 1] == '\n' ? end + 1 : end;
        } else if (end == to) {
          i = end;
        } else {
          out.write(b);
        }
      }
    }
    return out.toByteArray();
  }

  private static int base64Value(byte b) {
    if (b >= 'A' && b <= 'Z') {
      return b - 'A';
    }
    if (b >= 'a' && b <= 'z') {
      return b - 'a' + 26;
    }
    if (b >= '0' && b <= '9') {
      return b - '0' + 52;
    }
    return b == '+' ? 62 : b == '/' ? 63 : -1;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
  }
}
