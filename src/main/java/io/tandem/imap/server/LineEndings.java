package io.tandem.imap.server;

import java.util.Arrays;

/**
 * Maildir files hold LF line ends (as LMTP stores them, and as mutt and Dovecot expect); IMAP
 * speaks CRLF. APPEND converts in, FETCH converts out, and RFC822.SIZE is the CRLF size that
 * the file name's W= records. Both conversions write into a plain array: a
 * ByteArrayOutputStream takes a lock for every byte, which made them a hot spot of FETCH and
 * SEARCH.
 */
final class LineEndings {
  private LineEndings() {}

  /** CRLF to LF; a CR not followed by LF stays. */
  static byte[] toLf(byte[] crlf) {
    byte[] out = new byte[crlf.length];
    int n = 0;
    for (int i = 0; i < crlf.length; i++) {
      if (crlf[i] == '\r' && i + 1 < crlf.length && crlf[i + 1] == '\n') {
        continue;
      }
      out[n++] = crlf[i];
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * Every LF becomes CRLF, one preceded by CR too: the exact inverse of {@link #toLf} (and of
   * LMTP's DataReader), which took one CR off each CRLF, so a CR kept before an LF in the file
   * was a CR of the message's own ("line\r\r\n" was sent, "line\r\n" is stored). The result is
   * as long as the W= of the file name (size plus one per LF), which RFC822.SIZE answers.
   */
  static byte[] toCrlf(byte[] lf) {
    byte[] out = new byte[lf.length + (int) countLf(lf)];
    int n = 0;
    for (byte b : lf) {
      if (b == '\n') {
        out[n++] = '\r';
      }
      out[n++] = b;
    }
    return out;
  }

  /**
   * The header of a stored (LF) message: its bytes up to and including the first line that is a
   * lone LF, or all of them when there is none (the same array then). That line is the one
   * {@link #toCrlf} makes the first empty line, where the header ends (a stored "\r\n" is sent
   * as "\r\r\n", a line with a CR of its own), so {@code toCrlf(header(m))} holds exactly the
   * header of {@code toCrlf(m)}, its empty line included.
   */
  static byte[] header(byte[] lf) {
    int end = headerEnd(lf, 0, lf.length);
    return end < 0 ? lf : Arrays.copyOf(lf, end);
  }

  /**
   * Where the header of a stored (LF) message ends, as {@link #header} cuts it: the index just
   * past the first LF that begins a line (at 0, or right after another LF), looked for in
   * {@code lf[from..to)}; -1 when there is none there. The byte before {@code from} is read to
   * know whether {@code from} begins a line, so a file read in pieces ({@link HeaderReader}) is
   * scanned piece by piece, each byte once.
   */
  static int headerEnd(byte[] lf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (lf[i] == '\n' && (i == 0 || lf[i - 1] == '\n')) {
        return i + 1;
      }
    }
    return -1;
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
