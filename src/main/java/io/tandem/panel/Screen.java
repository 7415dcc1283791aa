package io.tandem.panel;

import java.util.List;

/**
 * What the front-panel display shows: exactly {@link #ROWS} lines of exactly {@link #COLUMNS}
 * printable ASCII characters each ({@code 0x20..0x7d}, without {@code '\\'}, which the
 * display's character ROM draws as a yen sign). Immutable.
 *
 * @param lines the rows, top first
 */
public record Screen(List<String> lines) {
  /** Rows of the display (a 20x4 character LCD). */
  public static final int ROWS = 4;
  /** Characters per row. */
  public static final int COLUMNS = 20;

  public Screen {
    lines = List.copyOf(lines);
    if (lines.size() != ROWS) {
      throw new IllegalArgumentException("a screen has " + ROWS + " lines, got " + lines.size());
    }
    for (String line : lines) {
      if (line.length() != COLUMNS || !LcdText.isDisplayable(line)) {
        throw new IllegalArgumentException(
            "not " + COLUMNS + " displayable characters: '" + line + "'");
      }
    }
  }

  /** A screen of the given lines, each cut or padded with spaces to {@link #COLUMNS}. */
  public static Screen of(String... lines) {
    String[] rows = new String[ROWS];
    for (int row = 0; row < ROWS; row++) {
      rows[row] = LcdText.pad(row < lines.length ? LcdText.ascii(lines[row]) : "");
    }
    return new Screen(List.of(rows));
  }

  /** Row {@code row}, counted from 0. */
  public String line(int row) {
    return lines.get(row);
  }

  /** The lines joined with newlines, trailing spaces kept: what a technician reads. */
  @Override
  public String toString() {
    return String.join("\n", lines);
  }
}
