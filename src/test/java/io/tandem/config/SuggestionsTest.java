package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

  @ParameterizedTest
  @CsvSource({
    "abc, abc, 0", "abc, '', 3", "kitten, sitting, 3", "ab, ba, 1", "listne, listen, 1",
    "lmtp.max_mesage_size, lmtp.max_message_size, 1", "ca, abc, 3"
  })
  void distance(String a, String b, int expected) {
    assertThat(Suggestions.distance(a, b)).isEqualTo(expected);
    assertThat(Suggestions.distance(b, a)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "lmtp.max_mesage_size, lmtp.max_message_size",
    "lmtp.listne, lmtp.listen",
    "LMTP.LISTEN, lmtp.listen",
    "store.roots, store.root",
    "admin.lisen, admin.listen",
    "apliance.nme, appliance.name"
  })
  void suggestsTheClosestKnownKey(String typo, String known) {
    assertThat(Suggestions.closest(typo, ConfigKeys.names())).contains(known);
  }

  @ParameterizedTest
  @CsvSource({"smtp.relay_host", "storage", "frobnicate", "colour.scheme"})
  void suggestsNothingWhenNothingIsClose(String word) {
    assertThat(Suggestions.closest(word, ConfigKeys.names())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"abcd, abxy", "abxy, abcd"})
  void firstCandidateWinsATie(String first, String second) {
    assertThat(Suggestions.closest("ab", List.of(first, second))).contains(first);
  }
}
