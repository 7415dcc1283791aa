package io.tandem.imap.message;

import io.tandem.imap.protocol.FetchAttribute;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of BODY[section] (RFC 3501 §6.4.5). A part number is followed as {@link #find}
 * says; HEADER, HEADER.FIELDS[.NOT] and TEXT name the header and body of the message itself (no
 * part number) or of a message/rfc822 part's encapsulated message; MIME names a part's own
 * header. A section naming nothing is empty, as in Dovecot.
 */
final class SectionReader {
  private SectionReader() {}

  /** The section's bytes; empty when it names nothing. */
  static byte[] read(byte[] m, MimePart root, FetchAttribute.Section section) {
    boolean topLevel = section.part().isEmpty();
    MimePart part = find(root, section.part());
    if (part == null) {
      return new byte[0];
    }
    switch (section.specifier()) {
      case ALL:
        return topLevel ? m.clone() : range(m, part.bodyStart(), part.bodyEnd());
      case MIME:
        return topLevel ? new byte[0] : range(m, part.headerStart(), part.bodyStart());
      default:
        MimePart message = topLevel ? root : part.message();
        return message == null ? new byte[0] : ofMessage(m, message, section);
    }
  }

  /** HEADER, HEADER.FIELDS[.NOT] or TEXT of a message. */
  private static byte[] ofMessage(byte[] m, MimePart message, FetchAttribute.Section section) {
    switch (section.specifier()) {
      case HEADER:
        return range(m, message.headerStart(), message.bodyStart());
      case HEADER_FIELDS:
        return fields(m, message.header(), section.fields(), false);
      case HEADER_FIELDS_NOT:
        return fields(m, message.header(), section.fields(), true);
      default:
        return range(m, message.bodyStart(), message.bodyEnd());
    }
  }

  /**
   * The part a part number names, or null. Dovecot's reading of RFC 3501 §6.4.5: a multipart's
   * children are numbered from 1; a part that is not multipart has only a part 1, itself, and
   * nothing below it unless it is message/rfc822, whose further numbers name the parts of the
   * encapsulated message. So {@code 2.1} is part 2 when that is a leaf, and a message that is
   * not multipart has part 1, its body, but no {@code 1.1}.
   */
  private static MimePart find(MimePart root, List<Integer> path) {
    MimePart part = root;
    for (int i = 0; i < path.size() && part != null; i++) {
      int number = path.get(i);
      boolean more = i + 1 < path.size();
      if (part.isMultipart()) {
        List<MimePart> children = part.children();
        part = number >= 1 && number <= children.size() ? children.get(number - 1) : null;
      } else if (number != 1 || (more && part.message() == null)) {
        part = null;
      }
      if (part != null && more && part.message() != null) {
        part = part.message();
      }
    }
    return part;
  }

  /**
   * The fields named (or, when {@code not}, not named) in {@code names}, in message order, each
   * with its continuation lines, and the empty line that ends a header.
   */
  private static byte[] fields(byte[] m, HeaderBlock header, List<String> names, boolean not) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < header.count(); i++) {
      if (header.nameIsAny(i, names) != not) {
        int start = header.fieldStart(i);
        int end = header.fieldEnd(i);
        out.write(m, start, end - start);
        if (m[end - 1] != '\n') {
          out.write('\r');
          out.write('\n');
        }
      }
    }
    out.write('\r');
    out.write('\n');
    return out.toByteArray();
  }

  private static byte[] range(byte[] m, int start, int end) {
    return Arrays.copyOfRange(m, start, end);
  }
}
