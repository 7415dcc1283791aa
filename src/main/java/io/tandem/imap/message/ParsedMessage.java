package io.tandem.imap.message;

import io.tandem.imap.protocol.FetchAttribute;
import java.util.Arrays;
import java.util.Optional;

/**
 * A message and its MIME tree (RFC 5322, RFC 2045, RFC 2046), for FETCH and SEARCH. The message
 * is held with CRLF line endings: a maildir file has LF ones, and IMAP sizes, line counts and
 * section bytes are those of the CRLF form (RFC 3501 §2.3.4; what Dovecot shows of a maildir).
 * Parsing never fails: whatever the bytes, the message has a tree, an ENVELOPE, a BODYSTRUCTURE
 * and sections (see {@link MimeParser} and {@link HeaderBlock} for how broken ones read).
 * Immutable and safe to share between threads.
 */
public final class ParsedMessage {
  private final byte[] message;
  private final MimePart root;

  private ParsedMessage(byte[] message, MimePart root) {
    this.message = message;
    this.root = root;
  }

  /** Parses {@code rfc822} (LF or CRLF line endings); the array is not kept. */
  public static ParsedMessage parse(byte[] rfc822) {
    byte[] crlf = LineEnds.toCrlf(rfc822);
    byte[] message = crlf == rfc822 ? rfc822.clone() : crlf;
    return new ParsedMessage(message, MimeParser.parse(message));
  }

  /** RFC822.SIZE: the size with CRLF line endings. */
  public long size() {
    return message.length;
  }

  /** The ENVELOPE parenthesized list (RFC 3501 §7.4.2), as response bytes. */
  public byte[] envelope() {
    return EnvelopeWriter.envelope(root.header());
  }

  /** BODYSTRUCTURE when {@code extensible}, else BODY (RFC 3501 §7.4.2), as response bytes. */
  public byte[] bodyStructure(boolean extensible) {
    return BodyStructureWriter.write(message, root, extensible);
  }

  /**
   * The bytes of BODY[section] (RFC 3501 §6.4.5), before any partial. A section that names
   * nothing (a part number past the parts there are; HEADER, TEXT or HEADER.FIELDS of a part
   * that is not message/rfc822) is present and empty: Dovecot answers it with an empty string,
   * not NIL. Part numbers are read as Dovecot reads them ({@link SectionReader}). Always present
   * today; the Optional leaves room for a section that cannot be given.
   */
  public Optional<byte[]> section(FetchAttribute.Section section) {
    return Optional.of(SectionReader.read(message, root, section));
  }

  /**
   * The octets of {@code content} from the partial's offset, at most its length (RFC 3501
   * §6.4.5); empty when the offset is past the end.
   */
  public static byte[] partial(byte[] content, FetchAttribute.Partial partial) {
    if (partial.offset() >= content.length || partial.offset() < 0) {
      return new byte[0];
    }
    int from = (int) partial.offset();
    int to = partial.length() >= content.length - from ? content.length
        : from + (int) Math.max(0, partial.length());
    return Arrays.copyOfRange(content, from, to);
  }

  /** RFC822 and BODY[]: the message with CRLF line endings (a copy). */
  public byte[] bytes() {
    return message.clone();
  }

  /** The message bytes with CRLF line endings, shared: not to be changed. */
  byte[] content() {
    return message;
  }

  /** The root of the MIME tree: the message's own header and body. */
  MimePart root() {
    return root;
  }
}
