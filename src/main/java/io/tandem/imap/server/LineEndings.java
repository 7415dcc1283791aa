package io.tandem.imap.server;

import java.io.ByteArrayOutputStream;

/**
 * Maildir files hold LF line ends (as LMTP stores them, and as mutt and Dovecot expect); IMAP
 * speaks CRLF. APPEND converts in, FETCH converts out, and RFC822.SIZE is the CRLF size that
 * the file name's W= records.
 */
final class LineEndings {
  private LineEndings() {}

  /** CRLF to LF; a CR not followed by LF stays. */
  static byte[] toLf(byte[] crlf) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length);
    for (int i = 0; i < crlf.length; i++) {
      if (crlf[i] == '\r' && i + 1 < crlf.length && crlf[i + 1] == '\n') {
        continue;
      }
      out.write(crlf[i]);
    }
    return out.toByteArray();
  }

  /**
   * Every LF becomes CRLF, one preceded by CR too: the exact inverse of {@link #toLf} (and of
   * LMTP's DataReader), which took one CR off each CRLF, so a CR kept before an LF in the file
   * was a CR of the message's own ("line\r\r\n" was sent, "line\r\n" is stored). The result is
   * as long as the W= of the file name (size plus one per LF), which RFC822.SIZE answers.
   */
  static byte[] toCrlf(byte[] lf) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(lf.length + lf.length / 32 + 16);
    for (byte b : lf) {
      if (b == '\n') {
        out.write('\r');
      }
      out.write(b);
    }
    return out.toByteArray();
  }

  /** How many LF bytes {@code bytes} holds. */
  static long countLf(byte[] bytes) {
    long count = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        count++;
      }
    }
    return count;
  }
}
