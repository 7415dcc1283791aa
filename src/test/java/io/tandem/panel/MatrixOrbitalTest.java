package io.tandem.panel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatrixOrbitalTest {
  private static final Screen OK = Screen.of("mail-a PRIMARY E12 .", "ALL OK");
  private static final Screen OK_NEXT = Screen.of("mail-a PRIMARY E12 o", "ALL OK");
  private static final Screen ALERT = Screen.of("mail-a PRIMARY E12 O", "CRITICAL store",
      "Disk full: 98% used,", "delivery refused");

  @Test
  void resetTurnsTheBacklightOnForGoodStopsScrollingAndClears() {
    assertThat(hex(MatrixOrbital.reset()))
        .isEqualTo("FE 42 00 FE 52 FE 4B FE 54 FE 58");
  }

  @Test
  void drawingMovesTheCursorToEachRowAndWritesIt() {
    byte[] bytes = MatrixOrbital.draw(OK);

    assertThat(bytes).hasSize(4 * (4 + Screen.COLUMNS));
    assertThat(hex(bytes)).startsWith("FE 47 01 01 6D 61 69 6C");
    assertThat(decode(MatrixOrbital.reset(), bytes)).isEqualTo(OK.lines());
  }

  @Test
  void anUpdateWritesOnlyWhatChanged() {
    assertThat(hex(MatrixOrbital.update(OK, OK_NEXT))).isEqualTo("FE 47 14 01 6F");
    assertThat(MatrixOrbital.update(OK, OK)).isEmpty();
  }

  @Test
  void changesCloseTogetherAreOneRun() {
    Screen before = Screen.of("abcdefghij");
    Screen after = Screen.of("Xbcdefghij");
    Screen near = Screen.of("XbcXefghij");

    assertThat(hex(MatrixOrbital.update(before, after))).isEqualTo("FE 47 01 01 58");
    assertThat(hex(MatrixOrbital.update(before, near))).isEqualTo("FE 47 01 01 58 62 63 58");
  }

  @Test
  void updatesLeaveTheDisplayShowingTheNewScreen() {
    Screen[] sequence = {OK, OK_NEXT, ALERT, OK, Screen.of(""), ALERT};
    byte[] all = MatrixOrbital.reset();
    Screen shown = Screen.of("");
    for (Screen next : sequence) {
      all = concat(all, MatrixOrbital.update(shown, next));
      shown = next;
      assertThat(decode(all)).isEqualTo(next.lines());
    }
  }

  @Test
  void theBacklightCanBeTurnedOff() {
    LcdEmulator lcd = new LcdEmulator();
    byte[] on = MatrixOrbital.backlight(true);
    lcd.feed(on, on.length);
    assertThat(lcd.backlight()).isTrue();
    byte[] off = MatrixOrbital.backlight(false);
    lcd.feed(off, off.length);
    assertThat(lcd.backlight()).isFalse();
  }

  private static java.util.List<String> decode(byte[]... parts) {
    LcdEmulator lcd = new LcdEmulator();
    for (byte[] part : parts) {
      lcd.feed(part, part.length);
    }
    return lcd.lines();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(out.isEmpty() ? "" : " ").append(String.format("%02X", b & 0xff));
    }
    return out.toString();
  }
}
