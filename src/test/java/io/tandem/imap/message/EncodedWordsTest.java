package io.tandem.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodedWordsTest {
  /** A header value as HeaderBlock gives it: its bytes in a Latin-1 string. */
  private static String raw(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodesQAndBInTheirCharsets() {
    assertThat(EncodedWords.decode("=?UTF-8?Q?Caf=C3=A9_Ren=C3=A9?=")).isEqualTo("Café René");
    assertThat(EncodedWords.decode("=?ISO-8859-1?B?Suly9G1l?=")).isEqualTo("Jérôme");
    assertThat(EncodedWords.decode("=?windows-1252?Q?Fran=E7ois_=80uro?="))
        .isEqualTo("François €uro");
    assertThat(EncodedWords.decode("=?iso-8859-2?Q?Pawe=B3?=")).isEqualTo("Paweł");
    assertThat(EncodedWords.decode("=?ISO-8859-15?Q?Prix_en_=A4?=")).isEqualTo("Prix en €");
  }

  @Test
  void blanksBetweenEncodedWordsGoButOtherTextStays() {
    assertThat(EncodedWords.decode(
        "=?utf-8?b?w6l0w6k=?= \t =?utf-8?b?IGZpbg==?= and =?utf-8?q?x?="))
        .isEqualTo("été fin and x");
  }

  @Test
  void aCharacterSplitBetweenTwoWordsSurvives() {
    // "ü" is C3 BC; each word holds one of its bytes
    assertThat(EncodedWords.decode("=?UTF-8?Q?J=C3?= =?UTF-8?Q?=BCrgen?=")).isEqualTo("Jürgen");
  }

  @Test
  void rawEightBitIsUtf8WhenItCanBeAndWindows1252Otherwise() {
    assertThat(EncodedWords.decode(raw("Grüße aus München"))).isEqualTo("Grüße aus München");
    assertThat(EncodedWords.decode("Gr\u00fc\u00dfe")).isEqualTo("Grüße");
  }

  @Test
  void whatIsNotAnEncodedWordStaysAsItIs() {
    assertThat(EncodedWords.decode("=?unknown-charset?Q?x?=")).isEqualTo("=?unknown-charset?Q?x?=");
    assertThat(EncodedWords.decode("=?utf-8?X?x?=")).isEqualTo("=?utf-8?X?x?=");
    assertThat(EncodedWords.decode("a =? b ?= c")).isEqualTo("a =? b ?= c");
    assertThat(EncodedWords.decode("=?utf-8?Q?unterminated")).isEqualTo("=?utf-8?Q?unterminated");
  }

  @Test
  void aLanguageSuffixIsIgnored() {
    assertThat(EncodedWords.decode("=?utf-8*en?Q?hello?=")).isEqualTo("hello");
  }
}
