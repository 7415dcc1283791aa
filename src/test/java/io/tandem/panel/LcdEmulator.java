package io.tandem.panel;

import java.util.Arrays;
import java.util.List;

/**
 * A 20x4 Matrix Orbital display as a technician sees it, for tests: fed the bytes on the line,
 * it keeps the characters on the glass. Knows the commands {@link MatrixOrbital} documents and
 * fails on any other, and on a character the display would not show as itself. Auto scroll and
 * auto line wrap behave as the manuals say (both on at power-up). Not thread-safe: callers
 * synchronize.
 */
final class LcdEmulator {
  private final char[][] glass = new char[Screen.ROWS][Screen.COLUMNS];
  private int row;
  private int col;
  private boolean autoScroll = true;
  private boolean backlight;
  /** Bytes of a command still expected: the command byte, then its arguments. */
  private int[] pending = new int[0];
  private int pendingCount = -1;

  LcdEmulator() {
    for (char[] line : glass) {
      Arrays.fill(line, ' ');
    }
  }

  void feed(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      feed(bytes[i] & 0xff);
    }
  }

  void feed(int b) {
    if (pendingCount >= 0) {
      command(b);
    } else if (b == MatrixOrbital.PREFIX) {
      pending = new int[3];
      pendingCount = 0;
    } else {
      character(b);
    }
  }

  List<String> lines() {
    return Arrays.stream(glass).map(String::new).toList();
  }

  boolean backlight() {
    return backlight;
  }

  private void command(int b) {
    pending[pendingCount++] = b;
    int code = pending[0];
    int needed = switch (code) {
      case MatrixOrbital.SET_CURSOR -> 3;
      case MatrixOrbital.BACKLIGHT_ON -> 2;
      case MatrixOrbital.CLEAR, MatrixOrbital.HOME, MatrixOrbital.BACKLIGHT_OFF,
          MatrixOrbital.AUTO_SCROLL_OFF, MatrixOrbital.UNDERLINE_CURSOR_OFF,
          MatrixOrbital.BLOCK_CURSOR_OFF -> 1;
      default -> throw new IllegalStateException(
          "unknown command FE " + Integer.toHexString(code));
    };
    if (pendingCount < needed) {
      return;
    }
    pendingCount = -1;
    switch (code) {
      case MatrixOrbital.CLEAR -> {
        for (char[] line : glass) {
          Arrays.fill(line, ' ');
        }
        row = 0;
        col = 0;
      }
      case MatrixOrbital.HOME -> {
        row = 0;
        col = 0;
      }
      case MatrixOrbital.SET_CURSOR -> {
        if (pending[1] < 1 || pending[1] > Screen.COLUMNS || pending[2] < 1
            || pending[2] > Screen.ROWS) {
          throw new IllegalStateException("cursor out of the screen: " + pending[1] + ","
              + pending[2]);
        }
        col = pending[1] - 1;
        row = pending[2] - 1;
      }
      case MatrixOrbital.BACKLIGHT_ON -> backlight = true;
      case MatrixOrbital.BACKLIGHT_OFF -> backlight = false;
      case MatrixOrbital.AUTO_SCROLL_OFF -> autoScroll = false;
      default -> { } // cursor styles: nothing on the glass
    }
  }

  private void character(int b) {
    if (b < 0x20 || b > 0x7d || b == '\\') {
      throw new IllegalStateException("not a displayable character: 0x" + Integer.toHexString(b));
    }
    if (col == Screen.COLUMNS) {
      col = 0;
      row++;
      if (row == Screen.ROWS) {
        if (autoScroll) {
          System.arraycopy(glass, 1, glass, 0, Screen.ROWS - 1);
          glass[Screen.ROWS - 1] = new char[Screen.COLUMNS];
          Arrays.fill(glass[Screen.ROWS - 1], ' ');
          row = Screen.ROWS - 1;
        } else {
          row = 0;
        }
      }
    }
    glass[row][col++] = (char) b;
  }
}
