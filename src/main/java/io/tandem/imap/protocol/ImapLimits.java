package io.tandem.imap.protocol;

/**
 * Bounds on what one client command may contain, checked while it is framed and decoded. The
 * connection passes {@link #notAuthenticated()} until LOGIN or AUTHENTICATE succeeds, so an
 * anonymous client cannot make the server buffer much (issue 7). Immutable.
 *
 * @param maxLineLength longest line of a command, without CRLF, between literals
 * @param maxLiteralSize largest literal in bytes (APPEND's message is a literal)
 * @param maxNestingDepth deepest nesting of parenthesized lists, NOT and OR
 * @param maxListLength most elements in one list: search keys, fetch items, flags, sequence-set
 *     ranges, ENABLE capabilities, ID parameters
 * @param maxLiterals most literals in one command
 */
public record ImapLimits(int maxLineLength, int maxLiteralSize, int maxNestingDepth,
    int maxListLength, int maxLiterals) {

  /** Checks that every bound is positive. */
  public ImapLimits {
    if (maxLineLength < 64 || maxLiteralSize < 0 || maxNestingDepth < 1 || maxListLength < 1
        || maxLiterals < 0) {
      throw new IllegalArgumentException("IMAP limits out of range");
    }
  }

  /**
   * Before authentication: room for LOGIN with literals and a SASL-IR initial response, no more.
   * 4096 is the literal bound RFC 7888 §4 sets for LITERAL-.
   */
  public static ImapLimits notAuthenticated() {
    return new ImapLimits(8192, 4096, 4, 16, 2);
  }

  /**
   * After authentication: lines long enough for the UID sets mbsync and Thunderbird send, and a
   * message of up to 64 MiB in APPEND.
   */
  public static ImapLimits authenticated() {
    return new ImapLimits(65536, 64 << 20, 32, 10_000, 16);
  }
}
