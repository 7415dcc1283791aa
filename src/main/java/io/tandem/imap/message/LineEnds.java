package io.tandem.imap.message;

/**
 * Line endings as IMAP counts and sends them. Maildir files hold LF line endings (LMTP's
 * DataReader writes them so), while RFC 3501 sizes, line counts and section bytes are those of
 * the message with CRLF, as Dovecot presents a maildir (and the W= of the file name).
 */
final class LineEnds {
  private LineEnds() {}

  /** The message with every LF not preceded by CR made CRLF; the same array when none is. */
  static byte[] toCrlf(byte[] message) {
    int bare = 0;
    for (int i = 0; i < message.length; i++) {
      if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
        bare++;
      }
    }
    if (bare == 0) {
      return message;
    }
    byte[] crlf = new byte[message.length + bare];
    int out = 0;
    for (int i = 0; i < message.length; i++) {
      if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
        crlf[out++] = '\r';
      }
      crlf[out++] = message[i];
    }
    return crlf;
  }

  /** The offset after the LF ending the line that starts at {@code pos}, or {@code end}. */
  static int nextLine(byte[] m, int pos, int end) {
    for (int i = pos; i < end; i++) {
      if (m[i] == '\n') {
        return i + 1;
      }
    }
    return end;
  }

  /** The number of LFs in {@code m[start, end)}: RFC 3501's body-fld-lines. */
  static long count(byte[] m, int start, int end) {
    long lines = 0;
    for (int i = start; i < end; i++) {
      if (m[i] == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
