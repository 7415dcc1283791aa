package io.tandem.imap.protocol;

import java.util.Optional;

/**
 * A client command that cannot be decoded; the connection answers {@code tag BAD reason} (or
 * {@code * BAD reason} when no tag could be read). The reason is fixed text chosen by the decoder
 * and never echoes client input, so a CR or LF the client sent cannot reach the reply stream.
 */
public final class ImapSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String tag;

  /**
   * @param tag the command's tag, or null when it was missing or malformed
   * @param reason short human-readable text for the BAD reply
   */
  public ImapSyntaxException(String tag, String reason) {
    super(reason, null, false, false);
    this.tag = tag;
  }

  /** The tag to answer with; empty means the reply is untagged ({@code * BAD}). */
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** The text for the BAD reply. */
  public String reason() {
    return getMessage();
  }
}
