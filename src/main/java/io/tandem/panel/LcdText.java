package io.tandem.panel;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text as a character LCD can show it. The display's character ROM (HD44780 ROM A00, the one in
 * Matrix Orbital modules) has ASCII {@code 0x20..0x7d} except that {@code '\\'} is drawn as a
 * yen sign and {@code '~'} as an arrow; everything else is Japanese kana or symbols. So text is
 * transliterated to that range: accents dropped ({@code é} → {@code e}), a few letters spelled
 * out ({@code ß} → {@code ss}), typographic dashes and quotes made plain, {@code '\\'} →
 * {@code '/'}, {@code '~'} → {@code '-'}, white space and control characters → space, anything
 * else → {@code '?'}. Pure.
 */
public final class LcdText {
  private static final Map<Integer, String> SPELLED = Map.ofEntries(
      Map.entry((int) 'ß', "ss"), Map.entry((int) 'æ', "ae"), Map.entry((int) 'Æ', "AE"),
      Map.entry((int) 'œ', "oe"), Map.entry((int) 'Œ', "OE"), Map.entry((int) 'ø', "o"),
      Map.entry((int) 'Ø', "O"), Map.entry((int) 'đ', "d"), Map.entry((int) 'Đ', "D"),
      Map.entry((int) 'ł', "l"), Map.entry((int) 'Ł', "L"), Map.entry((int) 'þ', "th"),
      Map.entry((int) 'Þ', "TH"), Map.entry((int) 'ı', "i"), Map.entry((int) '°', ""),
      Map.entry((int) '«', "\""), Map.entry((int) '»', "\""), Map.entry((int) '×', "x"),
      Map.entry((int) '\\', "/"), Map.entry((int) '~', "-"));

  private LcdText() {}

  /** {@code text} in the characters the display shows (see the class comment). */
  public static String ascii(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed.codePoints().forEach(c -> out.append(one(c)));
    return out.toString();
  }

  private static String one(int c) {
    String spelled = SPELLED.get(c);
    if (spelled != null) {
      return spelled;
    }
    if (c >= 0x20 && c <= 0x7d) {
      return String.valueOf((char) c);
    }
    int type = Character.getType(c);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK || type == Character.FORMAT) {
      return "";
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
      return " ";
    }
    if (type == Character.DASH_PUNCTUATION || c == 0x2212) {
      return "-";
    }
    if (type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
        || c == 0x201a || c == 0x201e || c == 0x2032 || c == 0x2033) {
      return c == 0x2018 || c == 0x2019 || c == 0x201a || c == 0x2032 ? "'" : "\"";
    }
    return "?";
  }

  /** Whether every character of {@code text} is one the display shows as itself. */
  public static boolean isDisplayable(String text) {
    return text.chars().allMatch(c -> c >= 0x20 && c <= 0x7d && c != '\\');
  }

  /** {@code text} cut or padded with spaces to exactly {@link Screen#COLUMNS}. */
  public static String pad(String text) {
    String cut = text.length() > Screen.COLUMNS ? text.substring(0, Screen.COLUMNS) : text;
    return cut + " ".repeat(Screen.COLUMNS - cut.length());
  }

  /**
   * {@code text} (already {@link #ascii}) broken on its spaces into lines of at most
   * {@code width} characters; a word longer than a line is split. When it needs more than
   * {@code maxLines}, the last line shown ends with {@code "..."} so that nobody mistakes a cut
   * serial number for a whole one.
   */
  public static List<String> wrap(String text, int width, int maxLines) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split(" +")) {
      while (word.length() > width) {
        flush(line, lines);
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        flush(line, lines);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    flush(line, lines);
    if (lines.size() <= maxLines) {
      return lines;
    }
    List<String> shown = new ArrayList<>(lines.subList(0, maxLines));
    shown.set(maxLines - 1, markCut(shown.get(maxLines - 1), width));
    return shown;
  }

  /**
   * {@code line} ending in {@code "..."} within {@code width}: more text did not fit. Cut after
   * a word when one ends in the second half of the line.
   */
  public static String markCut(String line, int width) {
    String kept = line;
    if (line.length() > width - 3) {
      int space = line.lastIndexOf(' ', width - 3);
      kept = line.substring(0, space >= width / 2 ? space : width - 3);
    }
    return kept.stripTrailing() + "...";
  }

  private static void flush(StringBuilder line, List<String> lines) {
    if (!line.isEmpty()) {
      lines.add(line.toString());
      line.setLength(0);
    }
  }
}
