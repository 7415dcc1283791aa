package io.tandem.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedUtf7Test {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "~peter/mail/&U,BTFw-/&ZeVnLIqe-|~peter/mail/台北/日本語",
      "Entw&APw-rfe|Entwürfe",
      "Tom &- Jerry|Tom & Jerry",
      "&2D3eAA-|\uD83D\uDE00",
      "INBOX.Gel&APY-schte Elemente|INBOX.Gelöschte Elemente"})
  void decodesAndEncodesBack(String wire, String name) throws Exception {
    assertThat(ModifiedUtf7.decode(wire)).isEqualTo(name);
    assertThat(ModifiedUtf7.encode(name)).isEqualTo(wire);
  }

  @ParameterizedTest
  @ValueSource(strings = {"&U,BTFw", "&U/BTFw-", "&AGE-", "&U,BTFw-&ZeVnLIqe-", "&2D0-",
      "a\tb", "&U,BTF-", "&Jjo"})
  void refusesMalformed(String wire) {
    assertThatThrownBy(() -> ModifiedUtf7.decode(wire))
        .isInstanceOf(ModifiedUtf7.MalformedException.class);
  }

  @Test
  void plainAsciiIsUnchanged() throws Exception {
    assertThat(ModifiedUtf7.decode("Sent Items/2024")).isEqualTo("Sent Items/2024");
  }
}
