package io.tandem.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Encoding of values in server responses (RFC 3501 §4 and §9): strings as quoted strings when
 * they can be, literals otherwise; NIL; flag lists; UID sets in their shortest form. Response
 * text is bytes because message headers may carry 8-bit bytes that must reach the client as
 * they are stored.
 */
public final class ImapWire {
  /** Longer strings go as literals: quoted strings this long are hard on clients' parsers. */
  private static final int MAX_QUOTED = 1024;

  private ImapWire() {}

  /** A string: quoted when it is short 7-bit text without CR, LF or NUL; a literal otherwise. */
  public static void string(ByteArrayOutputStream out, byte[] value) {
    if (quotable(value)) {
      out.write('"');
      for (byte b : value) {
        if (b == '"' || b == '\\') {
          out.write('\\');
        }
        out.write(b);
      }
      out.write('"');
    } else {
      out.writeBytes(("{" + value.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(value);
    }
  }

  /** A string of text (UTF-8 when not 7-bit). */
  public static void string(ByteArrayOutputStream out, String value) {
    string(out, value.getBytes(StandardCharsets.UTF_8));
  }

  /** An nstring: NIL for null, else a string. */
  public static void nstring(ByteArrayOutputStream out, byte[] value) {
    if (value == null) {
      out.writeBytes(NIL);
    } else {
      string(out, value);
    }
  }

  /** An nstring of text: NIL for null. */
  public static void nstring(ByteArrayOutputStream out, String value) {
    nstring(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** A mailbox name, modified UTF-7 encoded (RFC 3501 §5.1.3), as a string. */
  public static void mailbox(ByteArrayOutputStream out, String name) {
    string(out, ModifiedUtf7.encode(name).getBytes(StandardCharsets.US_ASCII));
  }

  /** A parenthesized list of flags: {@code (\Seen $Label1)}. */
  public static String flagList(Collection<String> flags) {
    return "(" + String.join(" ", flags) + ")";
  }

  /**
   * A set of numbers in ascending order as the shortest sequence-set: {@code 1:3,7,9:10};
   * empty text for an empty list.
   */
  public static String sequenceSet(List<Long> ascending) {
    StringBuilder text = new StringBuilder();
    Iterator<Long> numbers = ascending.iterator();
    if (!numbers.hasNext()) {
      return "";
    }
    long first = numbers.next();
    long last = first;
    while (numbers.hasNext()) {
      long next = numbers.next();
      if (next == last + 1) {
        last = next;
        continue;
      }
      appendRange(text, first, last);
      first = next;
      last = next;
    }
    appendRange(text, first, last);
    return text.toString();
  }

  private static void appendRange(StringBuilder text, long first, long last) {
    if (text.length() > 0) {
      text.append(',');
    }
    text.append(first);
    if (last != first) {
      text.append(':').append(last);
    }
  }

  private static boolean quotable(byte[] value) {
    if (value.length > MAX_QUOTED) {
      return false;
    }
    for (byte b : value) {
      if (b <= 0 || b == '\r' || b == '\n') {
        return false;
      }
    }
    return true;
  }

  private static final byte[] NIL = "NIL".getBytes(StandardCharsets.US_ASCII);
}
