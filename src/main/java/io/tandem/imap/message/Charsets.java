package io.tandem.imap.message;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/** Text of mail in the charset it names, for SEARCH. */
final class Charsets {
  private Charsets() {}

  /**
   * The charset a MIME label names (an RFC 2231 language suffix {@code *en} dropped), or null
   * when Java does not know it. US-ASCII is read as UTF-8: mail labelled ASCII often is not, and
   * UTF-8 reads true ASCII the same.
   */
  static Charset forLabel(String label) {
    if (label == null) {
      return null;
    }
    int star = label.indexOf('*');
    String name = (star < 0 ? label : label.substring(0, star)).strip();
    if (name.equalsIgnoreCase("us-ascii") || name.equalsIgnoreCase("ascii")) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }

  /**
   * Text whose charset is not declared (raw 8-bit header bytes, parts without a charset): UTF-8
   * when it is valid UTF-8, else windows-1252, which maps every byte to something readable.
   */
  static String undeclared(byte[] bytes) {
    String utf8 = new String(bytes, StandardCharsets.UTF_8);
    if (utf8.indexOf('\uFFFD') < 0) {
      return utf8;
    }
    return new String(bytes, Charset.forName("windows-1252"));
  }

  /** {@code bytes} in {@code charset}, or as {@link #undeclared} when it is null. */
  static String decode(byte[] bytes, Charset charset) {
    return charset == null ? undeclared(bytes) : new String(bytes, charset);
  }
}
