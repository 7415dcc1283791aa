package io.tandem.udev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code udev-rules/90-tandem-disks.rules} read the way udev's rule parser reads it
 * ({@code udev-rules.c}: comma-separated {@code KEY[{attr}]OP"value"} tokens, match operators
 * {@code ==} and {@code !=}, assignment {@code =}, {@code +=}, {@code -=}, {@code :=}); {@code
 * udevadm verify} comes with systemd 254 and Debian 12 has 252.
 */
class UdevRulesTest {
  private static final Pattern TOKEN = Pattern.compile(
      "\\s*([A-Z_]+)(\\{([^}]*)\\})?\\s*(==|!=|\\+=|-=|:=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");
  private static final Set<String> KEYS = Set.of("ACTION", "SUBSYSTEM", "KERNEL", "ENV", "RUN",
      "GOTO", "LABEL", "TAG");

  record Token(String key, String attr, String op, String value) {}

  static Path rules() {
    String project = System.getProperty("tandem.project");
    return (project != null ? Path.of(project) : Path.of("")).resolve(
        "udev-rules/90-tandem-disks.rules").toAbsolutePath();
  }

  static List<List<Token>> parse(List<String> lines) {
    List<List<Token>> rules = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      List<Token> tokens = new ArrayList<>();
      Matcher m = TOKEN.matcher(line);
      int at = 0;
      while (at < line.length() && m.find(at) && m.start() == at) {
        tokens.add(new Token(m.group(1), m.group(3), m.group(4), m.group(5)));
        at = m.end();
      }
      assertThat(at).as("the whole line parses: %s", line).isEqualTo(line.length());
      rules.add(tokens);
    }
    return rules;
  }

  @Test
  void everyLineIsValidAndEveryGotoHasItsLabel() throws Exception {
    List<List<Token>> rules = parse(Files.readAllLines(rules()));
    List<String> labels = new ArrayList<>();
    List<String> gotos = new ArrayList<>();
    for (List<Token> rule : rules) {
      for (Token t : rule) {
        assertThat(KEYS).contains(t.key());
        boolean match = t.op().equals("==") || t.op().equals("!=");
        if (Set.of("ACTION", "SUBSYSTEM", "KERNEL").contains(t.key())) {
          assertThat(match).as("%s is a match key", t.key()).isTrue();
        }
        if (Set.of("RUN", "GOTO", "LABEL").contains(t.key())) {
          assertThat(match).as("%s is an assignment", t.key()).isFalse();
        }
        if (t.key().equals("ENV")) {
          assertThat(t.attr()).isNotBlank();
        }
        if (t.key().equals("LABEL")) {
          labels.add(t.value());
        }
        if (t.key().equals("GOTO")) {
          gotos.add(t.value());
        }
      }
    }
    assertThat(labels).containsExactly("tandem_disks_end");
    assertThat(gotos).isNotEmpty().allMatch(labels::contains);
  }

  @Test
  void wholeDisksAddAndRemoveOnlyAndTheCommandReturnsAtOnce() throws Exception {
    List<List<Token>> rules = parse(Files.readAllLines(rules()));
    assertThat(rules.get(0)).contains(new Token("ACTION", null, "!=", "add|remove"));
    assertThat(rules).anySatisfy(r -> assertThat(r).contains(
        new Token("SUBSYSTEM", null, "!=", "block")));
    assertThat(rules).anySatisfy(r -> assertThat(r).contains(
        new Token("ENV", "DEVTYPE", "!=", "disk")));
    assertThat(rules).anySatisfy(r -> assertThat(r).anyMatch(t -> t.key().equals("KERNEL")
        && t.value().contains("md*") && t.value().contains("dm-*")
        && t.value().contains("loop*")));
    List<Token> runs = rules.stream().flatMap(List::stream).filter(t -> t.key().equals("RUN"))
        .toList();
    assertThat(runs).hasSize(2);
    for (Token run : runs) {
      assertThat(run.op()).isEqualTo("+=");
      assertThat(run.value()).startsWith("/usr/bin/systemd-run --no-block ")
          .contains(" hardware event ").endsWith(" --config /etc/tandem/appliance.conf");
      // Only the kernel name, never text the disk itself supplies.
      assertThat(run.value()).contains("%k").doesNotContain("$env").doesNotContain("%E")
          .doesNotContain("ID_");
    }
    assertThat(runs.get(0).value()).contains("event add %k");
    assertThat(runs.get(1).value()).contains("event remove %k");
  }
}
