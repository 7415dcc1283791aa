package io.tandem.command;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command line written in a config file ({@code peer.ipmi.command = ipmitool -I lanplus -H
 * 10.0.0.2 ...}), split into words the way a POSIX shell splits plain words and quotes, and
 * printed back. No shell ever runs it: there is no expansion, globbing, redirection or pipe, so
 * an unquoted character that would mean something to a shell ({@code | ; & < > ( ) $ `}) is
 * refused rather than silently passed on as a word. Stateless and thread-safe.
 *
 * <p>Rules: blanks separate words; {@code '...'} keeps everything inside literally; {@code
 * "..."} keeps everything literally except that a backslash before {@code \ " $ `} yields that
 * character; outside quotes a backslash yields the next character. Quoted and unquoted parts
 * next to each other form one word ({@code -P'a b'} is {@code -Pa b}).
 */
public final class CommandWords {
  private static final String SHELL_SPECIAL = "|;&<>()$`";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./*-]+");

  private CommandWords() {}

  /**
   * Splits {@code text} into words.
   *
   * @throws IllegalArgumentException with the operator-facing reason (an unterminated quote, a
   *     trailing backslash, an unquoted shell character, no words at all)
   */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated single quote at column " + (i + 1)
              + commentHint());
        }
        word.append(text, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(text, i, word);
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw new IllegalArgumentException("a backslash at the end escapes nothing");
        }
        word.append(text.charAt(i + 1));
        inWord = true;
        i += 2;
      } else if (SHELL_SPECIAL.indexOf(c) >= 0) {
        throw new IllegalArgumentException("unquoted '" + c + "' at column " + (i + 1)
            + ": no shell runs this command (no pipes, redirections, variables or"
            + " substitutions); quote it if it is part of an argument");
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty() || words.get(0).isEmpty()) {
      throw new IllegalArgumentException("expected a command such as 'ipmitool -I lanplus -H"
          + " HOST ...', got no program name");
    }
    return List.copyOf(words);
  }

  /** Reads a {@code "..."} part starting at {@code open}; returns the index after it. */
  private static int doubleQuoted(String text, int open, StringBuilder word) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length() && "\\\"$`".indexOf(text.charAt(i + 1)) >= 0) {
        word.append(text.charAt(i + 1));
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated double quote at column " + (open + 1)
        + commentHint());
  }

  private static String commentHint() {
    return " (in appliance.conf a '#' after a blank starts a comment, even inside quotes; put"
        + " such secrets in a file: ipmitool -f FILE, or the environment: ipmitool -E)";
  }

  /**
   * The words as one line that {@link #split} turns back into the same words: plain words as
   * they are, others in single quotes ({@code '} and {@code #} written outside the quotes, so
   * that neither a quote nor a config comment can cut the line).
   */
  public static String join(List<String> words) {
    StringBuilder out = new StringBuilder();
    for (String word : words) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(quote(word));
    }
    return out.toString();
  }

  /** One word, quoted only when it needs to be. */
  public static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '\'') {
        out.append("'\\''");
      } else if (c == '#') {
        out.append("'\\#'");
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }
}
