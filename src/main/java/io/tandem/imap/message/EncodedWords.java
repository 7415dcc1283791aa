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
  /** One encoded-word: its charset, its decoded bytes, and where it ends in the value. */
  private record Word(Charset charset, byte[] bytes, int end) {
    /** The encoded-word starting at {@code start} ("=?"), or null when there is none. */
    static Word at(String raw, int start) {
      int charsetEnd = raw.indexOf('?', start + 2);
      if (charsetEnd < 0 || charsetEnd + 2 >= raw.length() || raw.charAt(charsetEnd + 2) != '?') {
        return null;
      }
      char encoding = Character.toUpperCase(raw.charAt(charsetEnd + 1));
      int textEnd = raw.indexOf("?=", charsetEnd + 3);
      String label = raw.substring(start + 2, charsetEnd);
      Charset charset = label.indexOf(' ') >= 0 ? null : Charsets.forLabel(label);
      if ((encoding != 'Q' && encoding != 'B') || textEnd < 0 || charset == null) {
        return null;
      }
      byte[] text = raw.substring(charsetEnd + 3, textEnd).getBytes(StandardCharsets.ISO_8859_1);
      byte[] bytes = encoding == 'B' ? TransferDecoding.base64(text, 0, text.length)
          : TransferDecoding.quotedPrintable(text, 0, text.length, true);
      return new Word(charset, bytes, textEnd + 2);
    }
  }

  private final StringBuilder out = new StringBuilder();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private Charset pendingCharset;

  private EncodedWords() {}

  /** The text of a header value held as raw bytes in a Latin-1 string. */
  static String decode(String raw) {
    EncodedWords decoded = new EncodedWords();
    int textStart = 0;
    int pos = raw.indexOf("=?");
    while (pos >= 0) {
      Word word = Word.at(raw, pos);
      if (word == null) {
        pos = raw.indexOf("=?", pos + 2);
        continue;
      }
      String gap = raw.substring(textStart, pos);
      if (textStart == 0 || !gap.isBlank()) {
        decoded.text(gap);
      }
      decoded.word(word);
      textStart = word.end();
      pos = raw.indexOf("=?", textStart);
    }
    decoded.text(raw.substring(textStart));
    decoded.flush();
    return decoded.out.toString();
  }

  private void word(Word word) {
    if (!word.charset().equals(pendingCharset)) {
      flush();
      pendingCharset = word.charset();
    }
    pending.writeBytes(word.bytes());
  }

  private void text(String raw) {
    flush();
    out.append(Charsets.undeclared(raw.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private void flush() {
    if (pending.size() > 0) {
      out.append(new String(pending.toByteArray(), pendingCharset));
      pending.reset();
    }
    pendingCharset = null;
  }
}
