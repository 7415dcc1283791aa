package io.tandem.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Mailbox names in modified UTF-7 (RFC 3501 §5.1.3): printable US-ASCII stands for itself except
 * {@code &}, written {@code &-}; anything else is UTF-16 in base64 (with {@code ,} for {@code /}
 * and no padding) between {@code &} and {@code -}. Decoding is strict: the RFC's "MUST" rules
 * (no encoded printable ASCII, no two adjacent shifts, no stray bits) are errors, so that one
 * name has one spelling.
 */
public final class ModifiedUtf7 {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

  private ModifiedUtf7() {}

  /** Thrown for a name that is not valid modified UTF-7; the message says why. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Decodes {@code name}, as sent by the client, to a Java string. */
  public static String decode(String name) throws MalformedException {
    StringBuilder out = new StringBuilder(name.length());
    int i = 0;
    boolean lastWasShift = false;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new MalformedException("Mailbox name has a non-printable or 8-bit character");
      }
      if (c != '&') {
        out.append(c);
        i++;
        lastWasShift = false;
        continue;
      }
      int end = name.indexOf('-', i + 1);
      if (end < 0) {
        throw new MalformedException("Mailbox name has an unterminated &-sequence");
      }
      if (end == i + 1) {
        out.append('&');
        lastWasShift = false;
      } else {
        if (lastWasShift) {
          throw new MalformedException("Mailbox name has adjacent &-sequences");
        }
        decodeShift(name.substring(i + 1, end), out);
        lastWasShift = true;
      }
      i = end + 1;
    }
    return out.toString();
  }

  private static void decodeShift(String b64, StringBuilder out) throws MalformedException {
    int bits = 0;
    int bitCount = 0;
    StringBuilder utf16 = new StringBuilder();
    for (int k = 0; k < b64.length(); k++) {
      int v = ALPHABET.indexOf(b64.charAt(k));
      if (v < 0) {
        throw new MalformedException("Mailbox name has a bad base64 character");
      }
      bits = (bits << 6) | v;
      bitCount += 6;
      if (bitCount >= 16) {
        bitCount -= 16;
        utf16.append((char) ((bits >>> bitCount) & 0xffff));
      }
    }
    // Leftover bits are padding: fewer than 6 of them, all zero (RFC 2152 as used by §5.1.3).
    if (bitCount >= 6 || (bits & ((1 << bitCount) - 1)) != 0) {
      throw new MalformedException("Mailbox name has a truncated &-sequence");
    }
    for (int k = 0; k < utf16.length(); k++) {
      char c = utf16.charAt(k);
      if (c >= 0x20 && c <= 0x7e) {
        throw new MalformedException("Mailbox name encodes printable ASCII");
      }
      boolean pairedHigh = Character.isHighSurrogate(c) && k + 1 < utf16.length()
          && Character.isLowSurrogate(utf16.charAt(k + 1));
      if (Character.isSurrogate(c) && !pairedHigh) {
        throw new MalformedException("Mailbox name has an unpaired surrogate");
      }
      if (pairedHigh) {
        out.append(c).append(utf16.charAt(++k));
      } else {
        out.append(c);
      }
    }
  }

  /** Encodes {@code name} for the wire; the inverse of {@link #decode}. */
  public static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length());
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c >= 0x20 && c <= 0x7e) {
        out.append(c == '&' ? "&-" : String.valueOf(c));
        i++;
        continue;
      }
      int end = i;
      while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7e)) {
        end++;
      }
      out.append('&').append(base64(name.substring(i, end))).append('-');
      i = end;
    }
    return out.toString();
  }

  private static String base64(String chars) {
    byte[] bytes = chars.getBytes(StandardCharsets.UTF_16BE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int bits = 0;
    int bitCount = 0;
    for (byte b : bytes) {
      bits = (bits << 8) | (b & 0xff);
      bitCount += 8;
      while (bitCount >= 6) {
        bitCount -= 6;
        out.write(ALPHABET.charAt((bits >>> bitCount) & 0x3f));
      }
    }
    if (bitCount > 0) {
      out.write(ALPHABET.charAt((bits << (6 - bitCount)) & 0x3f));
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
