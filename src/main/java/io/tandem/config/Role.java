package io.tandem.config;

/**
 * The role an appliance starts in when its state directory has none recorded yet
 * ({@code role.initial}); after that, promotions and failovers decide.
 */
public enum Role {
  /** Takes LMTP and IMAP writes and ships journal entries to its peer. */
  PRIMARY,
  /** Applies the primary's journal entries; answers writes with a temporary failure. */
  REPLICA;

  /** The word used in config files and status output: {@code primary} or {@code replica}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses {@code primary} or {@code replica}.
   *
   * @throws IllegalArgumentException with an operator-facing reason for any other text
   */
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.configName().equals(text)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "expected 'primary' or 'replica', got " + Quoted.of(text));
  }
}
