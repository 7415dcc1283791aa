package io.tandem.lmtp;

/**
 * The store cannot take mail right now. The LMTP layer answers with the given enhanced status
 * (a 4xx), so the sending MTA keeps the message and retries.
 */
public final class DropUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reply;

  /**
   * @param reply the full reply line without CRLF, e.g. {@code "452 4.3.1 Mail store full"} or
   *     {@code "451 4.3.2 This appliance is a replica; try the primary"}
   */
  public DropUnavailableException(String reply) {
    super(reply);
    this.reply = reply;
  }

  public String reply() {
    return reply;
  }
}
