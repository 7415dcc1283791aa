package io.tandem.store;

import io.tandem.store.StoreException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The rules for user and mailbox names, which become directory names under {@code store.root}.
 * Every name is checked here before any path is built from it, so no name can leave its maildir.
 *
 * <p>Mailbox names use {@code .} as the hierarchy separator (Maildir++ and Dovecot's default for
 * it): {@code Archive.2024} is {@code 2024} under {@code Archive} and lives in the folder {@code
 * .Archive.2024}. {@code INBOX} in any case is the maildir root.
 */
public final class Names {
  public static final String INBOX = "INBOX";
  public static final char SEPARATOR = '.';
  static final int MAX_USER_LENGTH = 64;
  /** 255 is the Linux limit for a file name, and a folder adds its leading '.'. */
  static final int MAX_MAILBOX_BYTES = 254;
  static final int MAX_DEPTH = 16;

  private static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9_-]+)*");

  private Names() {}

  /** Returns the user name if it is acceptable, otherwise throws with the reason. */
  public static String user(String name) throws StoreException {
    if (name == null || name.isEmpty()) {
      throw bad("a user name cannot be empty");
    }
    if (name.length() > MAX_USER_LENGTH) {
      throw bad("user name longer than " + MAX_USER_LENGTH + " characters");
    }
    if (!USER.matcher(name).matches()) {
      throw bad("user name '" + printable(name) + "' may only hold a-z, 0-9, '-', '_' and"
          + " single dots between them, starting with a letter or digit");
    }
    return name;
  }

  /** Whether {@link #user} would accept the name. */
  public static boolean isValidUser(String name) {
    return name != null && name.length() <= MAX_USER_LENGTH && USER.matcher(name).matches();
  }

  /**
   * Returns the canonical form of a mailbox name ({@code INBOX} upper-cased) if acceptable,
   * otherwise throws with the reason.
   */
  public static String mailbox(String name) throws StoreException {
    if (name == null || name.isEmpty()) {
      throw bad("a mailbox name cannot be empty");
    }
    if (name.equalsIgnoreCase(INBOX)) {
      return INBOX;
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_MAILBOX_BYTES) {
      throw bad("mailbox name longer than " + MAX_MAILBOX_BYTES + " bytes");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '/' || c == '\\' || c == '*' || c == '%') {
        throw bad("mailbox name '" + printable(name) + "' holds a forbidden character"
            + " (control characters, '/', '\\', '*' and '%' are not allowed)");
      }
    }
    String[] parts = name.split("\\.", -1);
    if (parts.length > MAX_DEPTH) {
      throw bad("mailbox name nested deeper than " + MAX_DEPTH + " levels");
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        throw bad("mailbox name '" + printable(name) + "' has an empty level"
            + " (leading, trailing or doubled '.')");
      }
    }
    return parts[0].equalsIgnoreCase(INBOX) ? INBOX + name.substring(INBOX.length()) : name;
  }

  /** The parent mailbox name, or null for a top-level mailbox. */
  public static String parent(String mailbox) {
    int dot = mailbox.lastIndexOf(SEPARATOR);
    return dot < 0 ? null : mailbox.substring(0, dot);
  }

  /** A name made safe to echo in an error: control characters become '?'. */
  static String printable(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), 80));
    for (int i = 0; i < name.length() && i < 80; i++) {
      char c = name.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return name.length() > 80 ? out + "..." : out.toString();
  }

  private static StoreException bad(String message) {
    return new StoreException(Reason.BAD_NAME, message);
  }
}
