package io.tandem.imap.protocol;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The compound values of RFC 3501 §9 read from an {@link ImapReader}: sets, dates, flags. */
final class ImapValues {
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN",
      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

  private ImapValues() {}

  /** sequence-set, or "$" for the saved search result (RFC 5182 §2). */
  static SequenceSet sequenceSet(ImapReader in) throws ImapSyntaxException {
    if (in.accept('$')) {
      return SequenceSet.saved();
    }
    List<SequenceSet.Range> ranges = new ArrayList<>();
    do {
      long first = seqNumber(in);
      long last = in.accept(':') ? seqNumber(in) : first;
      ranges.add(new SequenceSet.Range(first, last));
      in.checkListLength(ranges.size());
    } while (in.accept(','));
    return SequenceSet.of(ranges);
  }

  /** Whether a sequence-set can start at the reader's position. */
  static boolean startsSequenceSet(ImapReader in) {
    int b = in.peek();
    return (b >= '1' && b <= '9') || b == '*' || b == '$';
  }

  private static long seqNumber(ImapReader in) throws ImapSyntaxException {
    if (in.accept('*')) {
      return SequenceSet.STAR;
    }
    if (!startsSequenceSet(in)) {
      throw in.fail("Bad sequence set");
    }
    return in.nzNumber();
  }

  /** date = date-text / DQUOTE date-text DQUOTE; date-text = date-day "-" date-month "-" year. */
  static LocalDate date(ImapReader in) throws ImapSyntaxException {
    boolean quoted = in.accept('"');
    int day = (int) in.number(99, "Bad date");
    in.expect('-', "Bad date");
    int month = month(in);
    in.expect('-', "Bad date");
    int year = year(in);
    if (quoted) {
      in.expect('"', "Bad date");
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw in.fail("Bad date");
    }
  }

  /**
   * date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE. The
   * day may also be a single digit without the leading space, as some clients send it.
   */
  static OffsetDateTime dateTime(ImapReader in) throws ImapSyntaxException {
    in.expect('"', "Bad date-time");
    in.accept(' ');
    int day = (int) in.number(99, "Bad date-time");
    in.expect('-', "Bad date-time");
    int month = month(in);
    in.expect('-', "Bad date-time");
    int year = year(in);
    in.expect(' ', "Bad date-time");
    int hour = twoDigits(in, 23);
    in.expect(':', "Bad date-time");
    int minute = twoDigits(in, 59);
    in.expect(':', "Bad date-time");
    int second = twoDigits(in, 60);
    in.expect(' ', "Bad date-time");
    ZoneOffset zone = zone(in);
    in.expect('"', "Bad date-time");
    try {
      // A leap second is kept as :59 rather than refused.
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
      return OffsetDateTime.of(local, zone);
    } catch (DateTimeException e) {
      throw in.fail("Bad date-time");
    }
  }

  private static int month(ImapReader in) throws ImapSyntaxException {
    StringBuilder name = new StringBuilder(3);
    for (int i = 0; i < 3; i++) {
      int b = in.peek();
      if (!Character.isLetter(b) || b >= 0x80) {
        throw in.fail("Bad month");
      }
      in.accept((char) b);
      name.append((char) b);
    }
    int index = MONTHS.indexOf(name.toString().toUpperCase(Locale.ROOT));
    if (index < 0) {
      throw in.fail("Bad month");
    }
    return index + 1;
  }

  private static int year(ImapReader in) throws ImapSyntaxException {
    int start = in.position();
    int year = (int) in.number(9999, "Bad year");
    if (in.position() - start != 4) {
      throw in.fail("Bad year");
    }
    return year;
  }

  /** Exactly two digits, at most {@code max}. */
  private static int twoDigits(ImapReader in, int max) throws ImapSyntaxException {
    int value = 0;
    for (int i = 0; i < 2; i++) {
      int b = in.peek();
      if (b < '0' || b > '9') {
        throw in.fail("Bad time");
      }
      in.accept((char) b);
      value = value * 10 + (b - '0');
    }
    if (value > max) {
      throw in.fail("Bad time");
    }
    return value;
  }

  /** zone = ("+" / "-") 4DIGIT. */
  private static ZoneOffset zone(ImapReader in) throws ImapSyntaxException {
    int sign = in.accept('+') ? 1 : in.accept('-') ? -1 : 0;
    if (sign == 0) {
      throw in.fail("Bad time zone");
    }
    int hours = twoDigits(in, 99);
    int minutes = twoDigits(in, 59);
    try {
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    } catch (DateTimeException e) {
      throw in.fail("Bad time zone");
    }
  }

  /** flag = "\" atom (system flags and flag-extension) / flag-keyword (atom). */
  static String flag(ImapReader in) throws ImapSyntaxException {
    boolean system = in.accept('\\');
    String name = in.atom("Bad flag");
    return system ? "\\" + name : name;
  }

  /** flag-list = "(" [flag *(SP flag)] ")". */
  static List<String> flagList(ImapReader in) throws ImapSyntaxException {
    in.expect('(', "Expected a flag list");
    List<String> flags = new ArrayList<>();
    if (!in.accept(')')) {
      flags.add(flag(in));
      while (!in.accept(')')) {
        in.sp();
        flags.add(flag(in));
        in.checkListLength(flags.size());
      }
    }
    return flags;
  }

  /** A parenthesized list of atoms, upper-cased: "(" [atom *(SP atom)] ")". */
  static List<String> atomList(ImapReader in) throws ImapSyntaxException {
    in.expect('(', "Expected a list");
    List<String> atoms = new ArrayList<>();
    if (!in.accept(')')) {
      atoms.add(in.atom("Bad list element").toUpperCase(Locale.ROOT));
      while (!in.accept(')')) {
        in.sp();
        atoms.add(in.atom("Bad list element").toUpperCase(Locale.ROOT));
        in.checkListLength(atoms.size());
      }
    }
    return atoms;
  }
}
