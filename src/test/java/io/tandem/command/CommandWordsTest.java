package io.tandem.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandWordsTest {

  @Test
  void splitsPlainWordsOnBlanks() {
    assertThat(CommandWords.split("ipmitool  -I lanplus\t-H 10.0.0.2 -U admin -C 3"))
        .containsExactly("ipmitool", "-I", "lanplus", "-H", "10.0.0.2", "-U", "admin", "-C", "3");
  }

  @Test
  void quotesAndBackslashesWorkAsInAShell() {
    assertThat(CommandWords.split("ipmitool -P 'a b$c' -U \"x \\\"y\\\" \\$z\" -f /etc/my\\ file"))
        .containsExactly("ipmitool", "-P", "a b$c", "-U", "x \"y\" $z", "-f", "/etc/my file");
    assertThat(CommandWords.split("tool -P'a b'c \"\" ''"))
        .containsExactly("tool", "-Pa bc", "", "");
    assertThat(CommandWords.split("tool \"a\\nb\"")).containsExactly("tool", "a\\nb");
  }

  @Test
  void refusesUnterminatedQuotesWithTheColumnAndTheCommentHint() {
    assertThatThrownBy(() -> CommandWords.split("ipmitool -P 'secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unterminated single quote at column 13")
        .hasMessageContaining("'#' after a blank starts a comment")
        .hasMessageContaining("-f FILE");
    assertThatThrownBy(() -> CommandWords.split("ipmitool -P \"secret"))
        .hasMessageStartingWith("unterminated double quote at column 13");
    assertThatThrownBy(() -> CommandWords.split("ipmitool \\"))
        .hasMessage("a backslash at the end escapes nothing");
  }

  @Test
  void refusesWhatOnlyAShellWouldUnderstand() {
    for (String text : List.of("ipmitool | grep on", "a; b", "a && b", "a > /tmp/x", "a $(b)",
        "a `b`", "a $HOME")) {
      assertThatThrownBy(() -> CommandWords.split(text)).as(text)
          .hasMessageContaining("no shell runs this command");
    }
    assertThat(CommandWords.split("a '|' \"$HOME\"")).containsExactly("a", "|", "$HOME");
  }

  @Test
  void refusesACommandWithoutAProgram() {
    assertThatThrownBy(() -> CommandWords.split("   "))
        .hasMessageContaining("no program name");
    assertThatThrownBy(() -> CommandWords.split("'' -x"))
        .hasMessageContaining("no program name");
  }

  @Test
  void joinIsReadBackAsTheSameWords() {
    List<List<String>> cases = List.of(
        List.of("ipmitool", "-I", "lanplus", "-H", "10.0.0.2", "-p", "623"),
        List.of("tool", "a b", "it's", "", "#x", "a #b", "$HOME", "\"q\"", "back\\slash", "é"));
    for (List<String> words : cases) {
      assertThat(CommandWords.split(CommandWords.join(words))).isEqualTo(words);
    }
    assertThat(CommandWords.join(List.of("ipmitool", "-H", "10.0.0.2", "-P", "a b")))
        .isEqualTo("ipmitool -H 10.0.0.2 -P 'a b'");
  }
}
