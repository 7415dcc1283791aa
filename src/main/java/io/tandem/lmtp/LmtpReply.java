package io.tandem.lmtp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One SMTP/LMTP reply: a three-digit code, an RFC 3463 enhanced status code (empty where RFC 2034
 * allows none: the greeting, the LHLO response and 3xx replies) and one or more text lines.
 *
 * <p>Text is sanitised at construction: anything outside printable US-ASCII becomes {@code ?}, so
 * a store's reason text or an echoed address can never forge a second reply line. Immutable.
 */
public record LmtpReply(int code, String status, List<String> lines) {

  /** Validates the code and copies and sanitises the lines. */
  public LmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("reply code out of range: " + code);
    }
    Objects.requireNonNull(status, "status");
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a reply needs at least one line");
    }
    lines = lines.stream().map(LmtpReply::sanitise).toList();
  }

  /** A one-line reply with an enhanced status code. */
  public static LmtpReply of(int code, String status, String text) {
    return new LmtpReply(code, status, List.of(text));
  }

  /** A one-line reply without an enhanced status code. */
  public static LmtpReply plain(int code, String text) {
    return new LmtpReply(code, "", List.of(text));
  }

  /**
   * Reads a complete reply line such as {@code "452 4.3.1 Mail store full"}; returns null when it
   * is not of that shape.
   */
  public static LmtpReply parse(String line) {
    String[] parts = line == null ? new String[0] : line.split(" ", 3);
    if (parts.length < 2 || !parts[0].matches("[2-5][0-9][0-9]")) {
      return null;
    }
    if (parts[1].matches("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}")) {
      return of(Integer.parseInt(parts[0]), parts[1], parts.length == 3 ? parts[2] : "");
    }
    return plain(Integer.parseInt(parts[0]), line.substring(4));
  }

  /** The text of all lines, joined by a space (for logs). */
  public String text() {
    return String.join(" ", lines);
  }

  /** Whether this reply is a transient (4xx) or permanent (5xx) failure. */
  public boolean isFailure() {
    return code >= 400;
  }

  /** The wire form: every line with its code, continuation mark, status and CRLF. */
  public byte[] encode() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
      if (!status.isEmpty()) {
        out.append(status).append(' ');
      }
      out.append(lines.get(i)).append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return code + (status.isEmpty() ? "" : " " + status) + " " + text();
  }

  private static String sanitise(String text) {
    StringBuilder clean = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      clean.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return clean.toString();
  }
}
