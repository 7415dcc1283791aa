package io.tandem.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link MimePart} tree of a message with CRLF line endings. Multipart bodies are
 * split at their boundary lines (RFC 2046 §5.1.1: {@code --boundary} at the start of a line,
 * optionally followed by {@code --} and blanks; the CRLF before it belongs to the boundary);
 * preamble and epilogue are skipped; a multipart whose close delimiter is missing ends at the
 * end of its enclosing part. Nesting is bounded: past {@link #MAX_DEPTH} levels, or once
 * {@link #MAX_PARTS} parts exist, a multipart or message part is not taken apart and is shown as
 * application/octet-stream; so neither the tree nor BODYSTRUCTURE can grow without bound.
 */
final class MimeParser {
  static final int MAX_DEPTH = 32;
  static final int MAX_PARTS = 10_000;

  /** What a line is to the multipart being split. */
  private enum Delimiter { NONE, OPEN, CLOSE }

  private final byte[] m;
  private int parts;

  private MimeParser(byte[] m) {
    this.m = m;
  }

  /** The tree of {@code message}, whose line endings are CRLF. */
  static MimePart parse(byte[] message) {
    return new MimeParser(message).part(0, message.length, 0, ContentType.TEXT_PLAIN);
  }

  private MimePart part(int start, int end, int depth, ContentType defaultType) {
    parts++;
    HeaderBlock header = HeaderBlock.parse(m, start, end);
    String value = header.firstValue("Content-Type");
    ContentType declared = value == null ? null : ContentType.parse(value);
    ContentType type = declared == null ? defaultType : declared;
    boolean structured = type.isType("multipart") || type.is("message", "rfc822");
    if (structured && (depth >= MAX_DEPTH || parts >= MAX_PARTS)) {
      return new MimePart(header, end, ContentType.OCTET_STREAM, List.of(), null);
    }
    if (type.isType("multipart")) {
      ContentType childDefault =
          type.subtype().equalsIgnoreCase("digest") ? ContentType.MESSAGE_RFC822
              : ContentType.TEXT_PLAIN;
      return new MimePart(header, end, type,
          children(header.end(), end, type.param("boundary"), depth + 1, childDefault), null);
    }
    MimePart message = type.is("message", "rfc822")
        ? part(header.end(), end, depth + 1, ContentType.TEXT_PLAIN)
        : null;
    return new MimePart(header, end, type, List.of(), message);
  }

  private List<MimePart> children(int start, int end, String boundary, int depth,
      ContentType childDefault) {
    List<MimePart> children = new ArrayList<>();
    if (boundary == null || boundary.isEmpty()) {
      return children;
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int partStart = -1;
    for (int line = start; line < end; line = LineEnds.nextLine(m, line, end)) {
      Delimiter kind = delimiter(line, end, delimiter);
      if (kind == Delimiter.NONE) {
        continue;
      }
      if (kind == Delimiter.OPEN && partStart >= 0 && parts >= MAX_PARTS) {
        break; // past the part budget the rest stays in the last part
      }
      if (partStart >= 0) {
        children.add(part(partStart, Math.max(partStart, beforeLineBreak(line)), depth,
            childDefault));
      }
      if (kind == Delimiter.CLOSE) {
        partStart = -1;
        break;
      }
      partStart = LineEnds.nextLine(m, line, end);
    }
    if (partStart >= 0) {
      children.add(part(partStart, end, depth, childDefault));
    }
    return children;
  }

  /** Whether the line at {@code pos} is {@code --boundary} or {@code --boundary--}. */
  private Delimiter delimiter(int pos, int end, byte[] delimiter) {
    if (end - pos < delimiter.length) {
      return Delimiter.NONE;
    }
    for (int i = 0; i < delimiter.length; i++) {
      if (m[pos + i] != delimiter[i]) {
        return Delimiter.NONE;
      }
    }
    int rest = pos + delimiter.length;
    Delimiter kind = Delimiter.OPEN;
    if (rest + 1 < end && m[rest] == '-' && m[rest + 1] == '-') {
      kind = Delimiter.CLOSE;
      rest += 2;
    }
    while (rest < end && (m[rest] == ' ' || m[rest] == '\t' || m[rest] == '\r')) {
      rest++;
    }
    return rest == end || m[rest] == '\n' ? kind : Delimiter.NONE;
  }

  /** The offset before the CRLF that ends the line before {@code line}. */
  private int beforeLineBreak(int line) {
    int end = line;
    if (end > 0 && m[end - 1] == '\n') {
      end--;
      if (end > 0 && m[end - 1] == '\r') {
        end--;
      }
    }
    return end;
  }
}
