package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0", "512, 512", "512B, 512", "64K, 65536", "64k, 65536", "64KB, 65536",
    "64KiB, 65536", "50M, 52428800", "50MB, 52428800", "50MiB, 52428800", "50mb, 52428800",
    "'50 M', 52428800", "1G, 1073741824", "1GiB, 1073741824", "2T, 2199023255552",
    "2TB, 2199023255552"
  })
  void parsesBinaryMultiples(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"50 apples", "1.5G", "-1", "M", "50P", "50Mi", "50iB", "ten", "5MBB"})
  void rejectsOtherForms(String text) {
    assertThatThrownBy(() -> Sizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a size such as 50M, got '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8388608T", "99999999999999999999"})
  void rejectsOverflow(String text) {
    assertThatThrownBy(() -> Sizes.parse(text))
        .hasMessage("expected a size such as 50M, got '" + text + "' (too large)");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1000, 1000", "1024, 1K", "1536, 1536", "4096, 4K", "52428800, 50M",
      "1073741824, 1G", "2199023255552, 2T", "1610612736, 1536M"})
  void formatsInLargestExactMultiple(long bytes, String text) {
    assertThat(Sizes.format(bytes)).isEqualTo(text);
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }
}
