package io.tandem.imap.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Header text for SEARCH: RFC 2047 encoded-words ({@code =?charset?Q|B?text?=}) decoded in their
 * charset, blanks between two adjacent encoded-words dropped (§6.2), and adjacent words in the
 * same charset decoded together so that a character split between them survives. Other bytes
 * are read as {@link Charsets#undeclared}. A word in a charset Java does not know, or not well
 * formed, stays as it stands.
 */
final class EncodedWords {
  private final StringBuilder out = new StringBuilder();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private Charset pendingCharset;

  private EncodedWords() {}

  /** The text of a header value held as raw bytes in a Latin-1 string. */
  static String decode(String raw) {
    EncodedWords words = new EncodedWords();
    int textStart = 0;
    boolean afterWord = false;
    int pos = raw.indexOf("=?");
    while (pos >= 0) {
      int end = words.word(raw, pos, afterWord && raw.substring(textStart, pos).isBlank(),
          raw.substring(textStart, pos));
      if (end < 0) {
        pos = raw.indexOf("=?", pos + 2);
        continue;
      }
      textStart = end;
      afterWord = true;
      pos = raw.indexOf("=?", end);
    }
    words.flush();
    words.text(raw.substring(textStart));
    return words.out.toString();
  }

  /**
   * Decodes the encoded-word at {@code start}, after the text before it (dropped when
   * {@code dropGap}); returns where the word ends, or -1 when there is none there.
   */
  private int word(String raw, int start, boolean dropGap, String gap) {
    int charsetEnd = raw.indexOf('?', start + 2);
    if (charsetEnd < 0 || charsetEnd + 2 >= raw.length() || raw.charAt(charsetEnd + 2) != '?') {
      return -1;
    }
    char encoding = Character.toUpperCase(raw.charAt(charsetEnd + 1));
    int textEnd = raw.indexOf("?=", charsetEnd + 3);
    String label = raw.substring(start + 2, charsetEnd);
    if ((encoding != 'Q' && encoding != 'B') || textEnd < 0 || label.isEmpty()
        || label.indexOf(' ') >= 0) {
      return -1;
    }
    Charset charset = Charsets.forLabel(label);
    if (charset == null) {
      return -1;
    }
    if (!dropGap) {
      flush();
      text(gap);
    }
    byte[] text = raw.substring(charsetEnd + 3, textEnd).getBytes(StandardCharsets.ISO_8859_1);
    byte[] decoded = encoding == 'B' ? TransferDecoding.base64(text, 0, text.length)
        : TransferDecoding.quotedPrintable(text, 0, text.length, true);
    if (!charset.equals(pendingCharset)) {
      flush();
      pendingCharset = charset;
    }
    pending.writeBytes(decoded);
    return textEnd + 2;
  }

  private void flush() {
    if (pending.size() > 0) {
      out.append(new String(pending.toByteArray(), pendingCharset));
      pending.reset();
    }
    pendingCharset = null;
  }

  private void text(String raw) {
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    out.append(Charsets.undeclared(bytes, 0, bytes.length));
  }
}
