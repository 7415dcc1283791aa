package io.tandem.cli;

import io.tandem.lifecycle.ExitCode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password: twice at a terminal without echo, or one line from standard input when
 * it is not a terminal (so scripts can create users). Never from the command line, where it
 * would show in the process list and the shell history.
 */
final class PasswordInput {
  static final int MIN_LENGTH = 8;

  private PasswordInput() {}

  static char[] read(String user) {
    Console console = System.console();
    char[] password = console != null ? fromTerminal(console, user) : fromStdin();
    if (password.length < MIN_LENGTH) {
      throw new CliException(ExitCode.FAILURE,
          "the password must have at least " + MIN_LENGTH + " characters");
    }
    return password;
  }

  private static char[] fromTerminal(Console console, String user) {
    char[] first = console.readPassword("New password for %s: ", user);
    char[] second = console.readPassword("Again: ");
    if (first == null || second == null || !Arrays.equals(first, second)) {
      throw new CliException(ExitCode.FAILURE, "the passwords do not match");
    }
    Arrays.fill(second, ' ');
    return first;
  }

  private static char[] fromStdin() {
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null) {
        throw new CliException(ExitCode.FAILURE, "no password on standard input");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "cannot read the password: " + e.getMessage());
    }
  }
}
