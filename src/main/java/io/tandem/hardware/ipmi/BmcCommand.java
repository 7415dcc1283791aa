package io.tandem.hardware.ipmi;

import io.tandem.command.CommandRunner;
import io.tandem.command.CommandWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The configured {@code ipmi.command} ({@code ipmitool}, or {@code ipmitool -I lanplus -C 3 -H
 * 10.0.0.5 -U admin -f /etc/tandem/bmc.pass}) and what it is called in messages, with the values
 * of {@code -P}, {@code -k} and {@code -y} masked. Immutable.
 */
public final class BmcCommand {
  private static final Set<String> SECRET_OPTIONS = Set.of("-P", "-k", "-y");

  private final List<String> words;

  public BmcCommand(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty ipmi.command");
    }
    this.words = List.copyOf(words);
  }

  /** The command's words followed by {@code args}. */
  public List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(words);
    argv.addAll(List.of(args));
    return argv;
  }

  /** The BMC for messages: {@code BMC host} (and port) from {@code -H}/{@code -p}, else local. */
  public String bmc() {
    String host = optionValue("-H");
    if (host == null) {
      return "the local BMC";
    }
    String port = optionValue("-p");
    return "BMC " + (port == null ? host : host + " port " + port);
  }

  /** {@code argv} as one line for messages, secrets masked. */
  public static String display(List<String> argv) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String word = argv.get(i);
      shown.add(word);
      if (SECRET_OPTIONS.contains(word) && i + 1 < argv.size()) {
        shown.add("***");
        i++;
      } else if (word.length() > 2 && word.startsWith("-")
          && SECRET_OPTIONS.contains(word.substring(0, 2))) {
        shown.set(shown.size() - 1, word.substring(0, 2) + "***");
      }
    }
    return CommandWords.join(shown);
  }

  /** What a failed run said: exit status and the last line of its error output. */
  static String describe(CommandRunner.Result result) {
    String line = PowerSupplySdr.quote(result.lastErrorLine());
    return "exit " + result.exitCode() + (line.isEmpty() ? "" : ", '" + line + "'");
  }

  private String optionValue(String option) {
    for (int i = 0; i + 1 < words.size(); i++) {
      if (words.get(i).equals(option)) {
        return words.get(i + 1);
      }
    }
    return null;
  }
}
