package io.tandem.imap.message;

import java.util.List;

/**
 * One node of the MIME tree (RFC 2045, RFC 2046), as offsets into the message. The root is the
 * message itself: its header is the message header and its body the message body, which is
 * also how a message that is not multipart is its own part 1 (part 1's MIME header is then the
 * message header, as in Dovecot). Immutable.
 *
 * @param header the part's header (the message header for the root and for {@link #message})
 * @param bodyEnd where the body ends: before the CRLF that belongs to the next boundary line
 * @param type the Content-Type, or the default when absent or unreadable
 * @param children the parts of a multipart, in order; empty otherwise (and for a multipart in
 *     which no boundary line was found)
 * @param message the encapsulated message of a message/rfc822 part, or null
 */
record MimePart(HeaderBlock header, int bodyEnd, ContentType type, List<MimePart> children,
    MimePart message) {
  /** Copies the children. */
  MimePart {
    children = List.copyOf(children);
  }

  int headerStart() {
    return header.start();
  }

  int bodyStart() {
    return header.end();
  }

  boolean isMultipart() {
    return type.isType("multipart");
  }

  /** The Content-Transfer-Encoding as sent ({@code Base64}), or null when there is none. */
  String transferEncoding() {
    return HeaderLexer.firstAtom(header.firstValue("Content-Transfer-Encoding"));
  }

  /** The body size in octets (RFC 3501 body-fld-octets). */
  int bodySize() {
    return bodyEnd - bodyStart();
  }
}
