package io.tandem.panel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns screens into the bytes of the Matrix Orbital character-LCD command set, which most
 * serial and USB front-panel displays speak (LK204-25, LCD2041, and their clones and emulators).
 * Pure.
 *
 * <p>The bytes on the line: any byte other than {@code 0xFE} is a character, drawn at the
 * cursor, which then moves one column right; {@code 0xFE} starts a command:
 *
 * <pre>
 * FE 58              clear the screen, cursor to column 1 row 1
 * FE 48              cursor home (column 1, row 1)
 * FE 47 col row      cursor to col (1..20), row (1..4), both 1-based
 * FE 42 minutes      backlight on; 0 minutes: on for good
 * FE 46              backlight off
 * FE 52              auto scroll off: a character written past the bottom right does not
 *                    scroll the screen up (on by default)
 * FE 4B              underline cursor off
 * FE 54              blinking block cursor off
 * </pre>
 *
 * Sources: Matrix Orbital LK162A-4T manual, command summary "2.1 Clear Screen 254 88 / FE 58"
 * (https://azmanual.top/manuals/414362/matrix-orbital-lk162a-4t.html?page=17); Matrix Orbital
 * LCD4041 (LCD/VFD legacy) manual, 3.4 Text Commands: auto scroll off 254 82, set cursor
 * position 254 71 [column] [row], cursor home 254 72, cursors 254 75 / 254 84
 * (https://azmanual.top/manuals/414399/matrix-orbital-lcd_vfd-legacy.html?page=15) and its
 * command summary: backlight on FE 42 [minutes], off FE 46
 * (https://azmanual.top/manuals/414399/matrix-orbital-lcd_vfd-legacy.html?page=28); LK402-25
 * manual, 7. Display Functions
 * (https://azmanual.top/manuals/414373/matrix-orbital-lk402-25.html?page=32);
 * PalmOrb's table of the LK204-25 commands (https://palmorb.sourceforge.net/emulation.html).
 *
 * <p>The characters are the ones {@link Screen} allows (printable ASCII without {@code '\\'}),
 * so a text byte is never {@code 0xFE}.
 */
public final class MatrixOrbital {
  static final int PREFIX = 0xFE;
  static final int CLEAR = 0x58;
  static final int HOME = 0x48;
  static final int SET_CURSOR = 0x47;
  static final int BACKLIGHT_ON = 0x42;
  static final int BACKLIGHT_OFF = 0x46;
  static final int AUTO_SCROLL_OFF = 0x52;
  static final int UNDERLINE_CURSOR_OFF = 0x4B;
  static final int BLOCK_CURSOR_OFF = 0x54;

  /** A cursor move costs four bytes, so unchanged runs this short are rewritten instead. */
  private static final int MERGE_GAP = 4;

  private MatrixOrbital() {}

  /**
   * Puts the display in a known state (after power-up, or after the line came back): the
   * {@link #settings()}, then the screen cleared.
   */
  public static byte[] reset() {
    byte[] settings = settings();
    byte[] out = Arrays.copyOf(settings, settings.length + 2);
    out[settings.length] = (byte) PREFIX;
    out[settings.length + 1] = (byte) CLEAR;
    return out;
  }

  /**
   * Backlight on for good, auto scroll and both cursors off; the screen is left as it is. Sent
   * again now and then, for a display that was power-cycled on its own.
   */
  public static byte[] settings() {
    return bytes(PREFIX, BACKLIGHT_ON, 0, PREFIX, AUTO_SCROLL_OFF, PREFIX, UNDERLINE_CURSOR_OFF,
        PREFIX, BLOCK_CURSOR_OFF);
  }

  /** Backlight on for good, or off. */
  public static byte[] backlight(boolean on) {
    return on ? bytes(PREFIX, BACKLIGHT_ON, 0) : bytes(PREFIX, BACKLIGHT_OFF);
  }

  /** Every row of {@code screen}, each after a cursor move to its start. */
  public static byte[] draw(Screen screen) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int row = 0; row < Screen.ROWS; row++) {
      write(out, row, 0, screen.line(row));
    }
    return out.toByteArray();
  }

  /**
   * What turns the display from {@code shown} into {@code next}: only the characters that
   * differ (runs of them, each after a cursor move); nothing when they are the same.
   */
  public static byte[] update(Screen shown, Screen next) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int row = 0; row < Screen.ROWS; row++) {
      String before = shown.line(row);
      String after = next.line(row);
      int col = 0;
      while (col < Screen.COLUMNS) {
        if (before.charAt(col) == after.charAt(col)) {
          col++;
          continue;
        }
        int start = col;
        int end = col + 1;
        for (int c = end; c < Screen.COLUMNS && c <= end + MERGE_GAP; c++) {
          if (before.charAt(c) != after.charAt(c)) {
            end = c + 1;
          }
        }
        write(out, row, start, after.substring(start, end));
        col = end;
      }
    }
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, int row, int col, String text) {
    out.write(PREFIX);
    out.write(SET_CURSOR);
    out.write(col + 1);
    out.write(row + 1);
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
