package io.tandem.imap.message;

import java.util.Arrays;

/**
 * The fields of one header (RFC 5322 §2.2) as offsets into the message: each field runs from the
 * start of its name to the end of its last continuation line, CRLF included. The header ends at
 * the first empty line, or at the end of the part when there is none (the body is then empty);
 * a line without a colon is kept as a field without a value. Both are how Dovecot reads broken
 * headers. Offsets only, three ints a field, so a header of a million lines stays cheap.
 */
final class HeaderBlock {
  private static final int[] NONE = new int[0];

  private final byte[] message;
  private final int start;
  private final int end;
  /** Per field: start, value start (after the colon, or the line end without one), end. */
  private final int[] fields;
  private final int count;

  private HeaderBlock(byte[] message, int start, int end, int[] fields, int count) {
    this.message = message;
    this.start = start;
    this.end = end;
    this.fields = fields;
    this.count = count;
  }

  /** Reads the header starting at {@code start}, not past {@code limit}. */
  static HeaderBlock parse(byte[] m, int start, int limit) {
    int[] fields = NONE;
    int count = 0;
    int pos = start;
    while (pos < limit) {
      int next = LineEnds.nextLine(m, pos, limit);
      if (m[pos] == '\n' || (m[pos] == '\r' && pos + 1 < limit && m[pos + 1] == '\n')) {
        pos = next;
        break;
      }
      if (count > 0 && (m[pos] == ' ' || m[pos] == '\t')) {
        fields[3 * count - 1] = next;
      } else {
        if (3 * count == fields.length) {
          fields = Arrays.copyOf(fields, Math.max(24, fields.length * 2));
        }
        int colon = indexOf(m, (byte) ':', pos, next);
        fields[3 * count] = pos;
        fields[3 * count + 1] = colon < 0 ? next : colon + 1;
        fields[3 * count + 2] = next;
        count++;
      }
      pos = next;
    }
    return new HeaderBlock(m, start, pos, fields, count);
  }

  /** Where the header starts. */
  int start() {
    return start;
  }

  /** Where the header ends, its empty line included: where the body starts. */
  int end() {
    return end;
  }

  int count() {
    return count;
  }

  int fieldStart(int i) {
    return fields[3 * i];
  }

  int fieldEnd(int i) {
    return fields[3 * i + 2];
  }

  /** Whether field {@code i} is named {@code name} (ASCII, any case; blanks before the colon). */
  boolean nameIs(int i, String name) {
    int from = fields[3 * i];
    int to = fields[3 * i + 1] - 1;
    if (!hasColon(i)) {
      return false;
    }
    while (to > from && (message[to - 1] == ' ' || message[to - 1] == '\t')) {
      to--;
    }
    if (to - from != name.length()) {
      return false;
    }
    for (int k = 0; k < name.length(); k++) {
      if (Character.toUpperCase((char) (message[from + k] & 0xff))
          != Character.toUpperCase(name.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Whether field {@code i} is named by one of {@code names}. */
  boolean nameIsAny(int i, Iterable<String> names) {
    for (String name : names) {
      if (nameIs(i, name)) {
        return true;
      }
    }
    return false;
  }

  /** The index of the first field named {@code name}, or -1. */
  int first(String name) {
    for (int i = 0; i < count; i++) {
      if (nameIs(i, name)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the last field named {@code name}, or -1. */
  int last(String name) {
    for (int i = count - 1; i >= 0; i--) {
      if (nameIs(i, name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The value of field {@code i} as raw bytes in a Latin-1 string (one char a byte, so that
   * 8-bit text goes back out unchanged): blanks after the colon skipped, folding undone by
   * removing CR and LF. This is the value Dovecot puts in ENVELOPE and BODYSTRUCTURE.
   */
  String value(int i) {
    int from = fields[3 * i + 1];
    int to = fields[3 * i + 2];
    while (from < to && (message[from] == ' ' || message[from] == '\t')) {
      from++;
    }
    StringBuilder value = new StringBuilder(to - from);
    for (int k = from; k < to; k++) {
      if (message[k] != '\r' && message[k] != '\n') {
        value.append((char) (message[k] & 0xff));
      }
    }
    return value.toString();
  }

  /** The value of the last field named {@code name}, or null. */
  String lastValue(String name) {
    int i = last(name);
    return i < 0 ? null : value(i);
  }

  /** The value of the first field named {@code name}, or null. */
  String firstValue(String name) {
    int i = first(name);
    return i < 0 ? null : value(i);
  }

  private boolean hasColon(int i) {
    int colon = fields[3 * i + 1] - 1;
    return colon >= fields[3 * i] && message[colon] == ':';
  }

  private static int indexOf(byte[] m, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (m[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
