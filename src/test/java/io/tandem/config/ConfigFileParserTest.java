package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigFileParserTest {

  private static List<ConfigLine> parse(String text) throws ConfigException {
    return ConfigFileParser.parse("a.conf", text.lines().toList());
  }

  @Test
  void readsKeyValueLinesWithLineNumbers() throws ConfigException {
    assertThat(parse("a = 1\n\n  b.c   =   two words  \n"))
        .containsExactly(new ConfigLine(1, "a", "1"), new ConfigLine(3, "b.c", "two words"));
  }

  @Test
  void skipsBlankAndCommentLines() throws ConfigException {
    assertThat(parse("# a comment\n   # indented comment\n\t\n   \na = 1"))
        .containsExactly(new ConfigLine(5, "a", "1"));
  }

  @Test
  void dropsTrailingCommentAfterWhitespace() throws ConfigException {
    assertThat(parse("a = 50M # the largest message\nb = x\t# tab before"))
        .containsExactly(new ConfigLine(1, "a", "50M"), new ConfigLine(2, "b", "x"));
  }

  @Test
  void keepsHashInsideValue() throws ConfigException {
    assertThat(parse("a = one#two")).containsExactly(new ConfigLine(1, "a", "one#two"));
  }

  @Test
  void splitsAtFirstEquals() throws ConfigException {
    assertThat(parse("a = b=c")).containsExactly(new ConfigLine(1, "a", "b=c"));
  }

  @Test
  void ignoresByteOrderMarkAndCarriageReturns() throws ConfigException {
    assertThat(ConfigFileParser.parse("a.conf", List.of("\uFEFFa = 1\r", "b = 2\r")))
        .containsExactly(new ConfigLine(1, "a", "1"), new ConfigLine(2, "b", "2"));
  }

  @Test
  void lineWithoutEqualsIsAnError() {
    assertThatThrownBy(() -> parse("a = 1\nlmtp.listen 127.0.0.1:24"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("a.conf:2: expected 'key = value', got 'lmtp.listen 127.0.0.1:24'");
  }

  @Test
  void missingKeyIsAnError() {
    assertThatThrownBy(() -> parse("= 5"))
        .hasMessage("a.conf:1: missing key before '='");
  }

  @Test
  void emptyValueIsAnError() {
    assertThatThrownBy(() -> parse("\nlmtp.listen =   "))
        .hasMessage("a.conf:2: empty value for 'lmtp.listen'");
  }

  @Test
  void valueThatIsOnlyACommentIsEmpty() {
    assertThatThrownBy(() -> parse("lmtp.listen = # later"))
        .hasMessage("a.conf:1: empty value for 'lmtp.listen'");
    assertThatThrownBy(() -> parse("lmtp.listen =#later"))
        .hasMessage("a.conf:1: empty value for 'lmtp.listen'");
  }

  @Test
  void duplicateKeyNamesTheFirstLine() {
    assertThatThrownBy(() -> parse("a = 1\n# x\nb = 2\na = 3"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.file()).isEqualTo("a.conf");
              assertThat(e.line()).isEqualTo(4);
              assertThat(e.reason()).isEqualTo("duplicate key 'a' (first set at line 1)");
            })
        .hasMessage("a.conf:4: duplicate key 'a' (first set at line 1)");
  }

  @Test
  void longLinesAreCutShortInMessages() {
    String line = "x".repeat(200);
    assertThatThrownBy(() -> parse(line))
        .hasMessage("a.conf:1: expected 'key = value', got '" + "x".repeat(57) + "...'");
  }
}
