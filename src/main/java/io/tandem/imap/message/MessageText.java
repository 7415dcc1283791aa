package io.tandem.imap.message;

import java.util.Locale;

/**
 * The text SEARCH looks in, lower-cased for case-insensitive matching: header values with their
 * encoded-words decoded, and the body: every text part (a part without Content-Type is one)
 * with its transfer encoding undone and read in its charset, down through multiparts and
 * encapsulated messages. Other parts (images, PDFs) hold no searchable text. TEXT adds every
 * header of the message and of its parts. Each piece is computed once, when first asked for.
 */
final class MessageText {
  private final ParsedMessage message;
  private String body;
  private String all;

  MessageText(ParsedMessage message) {
    this.message = message;
  }

  /** Whether a field named {@code name} of the message header contains {@code lowerNeedle}. */
  boolean headerContains(String name, String lowerNeedle) {
    HeaderBlock header = message.root().header();
    for (int i = 0; i < header.count(); i++) {
      if (header.nameIs(i, name) && lower(EncodedWords.decode(header.value(i)))
          .contains(lowerNeedle)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the message header has a field named {@code name}. */
  boolean hasHeader(String name) {
    return message.root().header().first(name) >= 0;
  }

  boolean bodyContains(String lowerNeedle) {
    if (body == null) {
      body = collected(false);
    }
    return body.contains(lowerNeedle);
  }

  /** TEXT: in the headers of the message and its parts, or in the body. */
  boolean textContains(String lowerNeedle) {
    if (all == null) {
      all = collected(true);
    }
    return all.contains(lowerNeedle);
  }

  private String collected(boolean headers) {
    StringBuilder text = new StringBuilder();
    collect(message.root(), text, headers);
    return lower(text.toString());
  }

  private void collect(MimePart part, StringBuilder text, boolean headers) {
    if (headers) {
      HeaderBlock header = part.header();
      for (int i = 0; i < header.count(); i++) {
        text.append(EncodedWords.decode(header.value(i))).append('\n');
      }
    }
    if (part.message() != null) {
      collect(part.message(), text, headers);
    } else if (part.isMultipart()) {
      for (MimePart child : part.children()) {
        collect(child, text, headers);
      }
    } else if (part.type().isType("text")) {
      text.append(partText(part)).append('\n');
    }
  }

  private String partText(MimePart part) {
    byte[] decoded = TransferDecoding.decode(message.content(), part.bodyStart(),
        part.bodyEnd(), part.transferEncoding());
    return Charsets.decode(decoded, Charsets.forLabel(part.type().param("charset")));
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
