package io.tandem.imap.message;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The calendar date of a Date: header for SENTBEFORE, SENTON and SENTSINCE, which disregard
 * time and zone (RFC 3501 §6.4.4). Tolerant of what RFC 5322 §4.3 calls obsolete and of common
 * mistakes: comments, a missing day of week, two- and three-digit years, asctime order
 * ({@code Tue Mar  4 10:12:33 2025}), any case. A date it cannot read is empty.
 */
final class MailDate {
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec");

  private MailDate() {}

  static Optional<LocalDate> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    List<String> words = words(value);
    for (int i = 0; i < words.size(); i++) {
      int month = month(words.get(i));
      if (month == 0) {
        continue;
      }
      if (i > 0 && isNumber(words.get(i - 1), 2) && i + 1 < words.size()) {
        return date(words.get(i + 1), month, words.get(i - 1));
      }
      if (i + 1 < words.size() && isNumber(words.get(i + 1), 2)) {
        for (int k = i + 2; k < words.size(); k++) {
          if (isNumber(words.get(k), 4)) {
            return date(words.get(k), month, words.get(i + 1));
          }
        }
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<LocalDate> date(String yearText, int month, String dayText) {
    if (!isNumber(yearText, 4)) {
      return Optional.empty();
    }
    int year = Integer.parseInt(yearText);
    if (yearText.length() == 2) {
      year += year < 50 ? 2000 : 1900;
    } else if (yearText.length() == 3) {
      year += 1900;
    }
    try {
      return Optional.of(LocalDate.of(year, month, Integer.parseInt(dayText)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The words of the value, comments removed, split at blanks and commas. */
  private static List<String> words(String value) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int depth = 0;
    for (int i = 0; i <= value.length(); i++) {
      char c = i < value.length() ? value.charAt(i) : ' ';
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth > 0) {
        continue;
      } else if (c == ' ' || c == '\t' || c == ',') {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    return words;
  }

  /** 1 to 12 for a month name or its first three letters, else 0. */
  private static int month(String word) {
    if (word.length() < 3) {
      return 0;
    }
    return MONTHS.indexOf(word.substring(0, 3).toLowerCase(Locale.ROOT)) + 1;
  }

  private static boolean isNumber(String word, int maxDigits) {
    if (word.isEmpty() || word.length() > maxDigits) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (word.charAt(i) < '0' || word.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
