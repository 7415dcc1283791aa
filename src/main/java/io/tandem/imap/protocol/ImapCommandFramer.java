package io.tandem.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Assembles one command from the lines and literals the client sends, for {@link
 * ImapCommandDecoder}. The connection feeds each line (without CRLF) to {@link #line}; when it
 * ends with a literal header the answer says how many bytes to read next and whether to send
 * {@code + } first: yes for {@code {n}}, no for LITERAL+ {@code {n+}} (RFC 7888 §3). A literal
 * over the limit is refused before its continuation is sent; for a refused {@code {n+}} the
 * client sends the bytes anyway, so the connection should then be closed (RFC 7888 §4).
 * Not thread-safe; one framer per connection, reset by each completed or refused command.
 */
public final class ImapCommandFramer {
  /** What to do after a line or a literal. */
  public sealed interface Step {}

  /** The command is complete: pass {@code command} to the decoder. */
  public record Complete(byte[] command) implements Step {}

  /** Read {@code size} bytes next; send a continuation first when {@code synchronizing}. */
  public record NeedLiteral(int size, boolean synchronizing) implements Step {}

  private final ByteArrayOutputStream command = new ByteArrayOutputStream();
  private int literals;
  private int pending = -1;

  /** Takes the next line, without its CRLF. */
  public Step line(byte[] line, ImapLimits limits) throws ImapSyntaxException {
    if (pending >= 0) {
      throw new IllegalStateException("a literal is expected, not a line");
    }
    if (line.length > limits.maxLineLength()) {
      throw refuse("Line too long");
    }
    command.write(line, 0, line.length);
    int open = literalHeader(line);
    if (open < 0) {
      return complete();
    }
    boolean plus = line[line.length - 2] == '+';
    String digits = new String(line, open + 1, line.length - open - (plus ? 3 : 2),
        StandardCharsets.US_ASCII);
    if (digits.length() > 10 || Long.parseLong(digits) > limits.maxLiteralSize()) {
      throw refuse("Literal too large");
    }
    if (++literals > limits.maxLiterals()) {
      throw refuse("Too many literals");
    }
    pending = Integer.parseInt(digits);
    command.write('\r');
    command.write('\n');
    return new NeedLiteral(pending, !plus);
  }

  /**
   * Takes the bytes of the literal announced by the last {@link NeedLiteral}; the rest of the
   * command follows as the next line.
   */
  public void literal(byte[] bytes) {
    if (bytes.length != pending) {
      throw new IllegalStateException("literal of the wrong size");
    }
    command.write(bytes, 0, bytes.length);
    pending = -1;
  }

  /** Index of the "{" of a literal header ending {@code line}, or -1. */
  private static int literalHeader(byte[] line) {
    int i = line.length - 1;
    if (i < 2 || line[i] != '}') {
      return -1;
    }
    i--;
    if (line[i] == '+') {
      i--;
    }
    int lastDigit = i;
    while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
      i--;
    }
    return i >= 0 && i < lastDigit && line[i] == '{' ? i : -1;
  }

  private Step complete() {
    byte[] bytes = command.toByteArray();
    reset();
    return new Complete(bytes);
  }

  private ImapSyntaxException refuse(String reason) {
    byte[] sofar = command.toByteArray();
    reset();
    return new ImapSyntaxException(tagOf(sofar), reason);
  }

  private void reset() {
    command.reset();
    literals = 0;
    pending = -1;
  }

  /** The tag at the start of a command, if it is a valid one, for the BAD reply. */
  private static String tagOf(byte[] sofar) {
    int end = 0;
    while (end < sofar.length && (ImapReader.isAtomChar(sofar[end] & 0xff)
        || sofar[end] == ']') && sofar[end] != '+') {
      end++;
    }
    return end > 0 && end < sofar.length && sofar[end] == ' '
        ? new String(sofar, 0, end, StandardCharsets.US_ASCII) : null;
  }
}
