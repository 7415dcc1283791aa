package io.tandem.imap.server;

import io.tandem.imap.message.ParsedMessage;
import io.tandem.imap.protocol.FetchAttribute;
import io.tandem.imap.protocol.FetchAttribute.Kind;
import io.tandem.imap.protocol.ImapWire;
import io.tandem.store.index.MessageRow;
import io.tandem.store.maildir.MaildirName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Encodes one FETCH response (RFC 3501 §7.4.2) from a message's index row and, when an item
 * needs them, its bytes. Pure: the session reads the row and the file.
 */
final class FetchResponder {
  private static final DateTimeFormatter INTERNAL_DATE =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

  private FetchResponder() {}

  /** Whether any of the attributes needs the message's bytes. */
  static boolean needsBody(List<FetchAttribute> attributes) {
    for (FetchAttribute attribute : attributes) {
      if (attribute instanceof FetchAttribute.Body) {
        return true;
      }
      Kind kind = ((FetchAttribute.Simple) attribute).kind();
      if (kind == Kind.ENVELOPE || kind == Kind.BODY || kind == Kind.BODYSTRUCTURE
          || kind == Kind.RFC822 || kind == Kind.RFC822_HEADER || kind == Kind.RFC822_TEXT) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the attributes need at most the message's own header (ENVELOPE, RFC822.HEADER,
   * BODY[HEADER], BODY[HEADER.FIELDS (...)] and [.NOT], with or without a partial; the items
   * the index answers), so that the header alone may be read and parsed.
   */
  static boolean headerOnly(List<FetchAttribute> attributes) {
    for (FetchAttribute attribute : attributes) {
      if (attribute instanceof FetchAttribute.Body body) {
        FetchAttribute.Specifier specifier = body.section().specifier();
        if (!body.section().part().isEmpty() || (specifier != FetchAttribute.Specifier.HEADER
            && specifier != FetchAttribute.Specifier.HEADER_FIELDS
            && specifier != FetchAttribute.Specifier.HEADER_FIELDS_NOT)) {
          return false;
        }
        continue;
      }
      Kind kind = ((FetchAttribute.Simple) attribute).kind();
      if (kind == Kind.BODY || kind == Kind.BODYSTRUCTURE || kind == Kind.RFC822
          || kind == Kind.RFC822_TEXT) {
        return false;
      }
    }
    return true;
  }

  /** Whether fetching the attributes sets \Seen (BODY[...] without PEEK, RFC822, RFC822.TEXT). */
  static boolean setsSeen(List<FetchAttribute> attributes) {
    for (FetchAttribute attribute : attributes) {
      if (attribute instanceof FetchAttribute.Body body && !body.peek()) {
        return true;
      }
      if (attribute instanceof FetchAttribute.Simple simple
          && (simple.kind() == Kind.RFC822 || simple.kind() == Kind.RFC822_TEXT)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the attributes need no more of the index row than UID, MODSEQ and flags (FETCH
   * FLAGS, UID FETCH (FLAGS MODSEQ)), so that only those columns need be read.
   */
  static boolean needsOnlyState(List<FetchAttribute> attributes) {
    for (FetchAttribute attribute : attributes) {
      if (!(attribute instanceof FetchAttribute.Simple simple) || (simple.kind() != Kind.UID
          && simple.kind() != Kind.FLAGS && simple.kind() != Kind.MODSEQ)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Appends {@code * SEQ FETCH (...)} with CRLF to {@code out}: a FETCH of many messages encodes
   * them into one buffer, written to the client in large pieces.
   *
   * @param message the parsed message, or null when no attribute needs it
   * @param withUid add UID (UID FETCH, and QRESYNC, always return it)
   * @param withFlags add FLAGS (they changed as a side effect of this fetch)
   * @param withModseq add MODSEQ (CONDSTORE is on for this session)
   */
  static void encode(ByteArrayOutputStream out, long sequence, MessageRow row,
      ParsedMessage message, List<FetchAttribute> attributes, boolean withUid, boolean withFlags,
      boolean withModseq) {
    ascii(out, "* ");
    number(out, sequence);
    ascii(out, " FETCH (");
    boolean first = true;
    boolean uidDone = false;
    boolean flagsDone = false;
    boolean modseqDone = false;
    for (FetchAttribute attribute : attributes) {
      if (!first) {
        out.write(' ');
      }
      first = false;
      if (attribute instanceof FetchAttribute.Body body) {
        body(out, message, body);
        continue;
      }
      Kind kind = ((FetchAttribute.Simple) attribute).kind();
      uidDone |= kind == Kind.UID;
      flagsDone |= kind == Kind.FLAGS;
      modseqDone |= kind == Kind.MODSEQ;
      simple(out, row, message, kind);
    }
    if (withUid && !uidDone) {
      ascii(out, first ? "" : " ");
      simple(out, row, message, Kind.UID);
      first = false;
    }
    if (withFlags && !flagsDone) {
      ascii(out, first ? "" : " ");
      simple(out, row, message, Kind.FLAGS);
      first = false;
    }
    if (withModseq && !modseqDone) {
      ascii(out, first ? "" : " ");
      simple(out, row, message, Kind.MODSEQ);
    }
    ascii(out, ")\r\n");
  }

  /** {@code * SEQ FETCH (UID n FLAGS (...) [MODSEQ (m)])}: a change another session made. */
  static byte[] flagsUpdate(long sequence, MessageRow row, boolean withModseq) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    encode(out, sequence, row, null, List.of(), true, true, withModseq);
    return out.toByteArray();
  }

  private static void simple(ByteArrayOutputStream out, MessageRow row, ParsedMessage message,
      Kind kind) {
    switch (kind) {
      case UID -> {
        ascii(out, "UID ");
        number(out, row.uid());
      }
      case FLAGS -> {
        ascii(out, "FLAGS (");
        List<String> flags = row.flags();
        for (int i = 0; i < flags.size(); i++) {
          ascii(out, i == 0 ? flags.get(i) : " " + flags.get(i));
        }
        out.write(')');
      }
      case MODSEQ -> {
        ascii(out, "MODSEQ (");
        number(out, row.modseq());
        out.write(')');
      }
      case INTERNALDATE -> ascii(out, "INTERNALDATE \"" + internalDate(row) + "\"");
      case RFC822_SIZE -> ascii(out, "RFC822.SIZE " + rfc822Size(row));
      case ENVELOPE -> {
        ascii(out, "ENVELOPE ");
        out.writeBytes(message.envelope());
      }
      case BODY -> {
        ascii(out, "BODY ");
        out.writeBytes(message.bodyStructure(false));
      }
      case BODYSTRUCTURE -> {
        ascii(out, "BODYSTRUCTURE ");
        out.writeBytes(message.bodyStructure(true));
      }
      case RFC822 -> {
        ascii(out, "RFC822 ");
        ImapWire.string(out, message.bytes());
      }
      case RFC822_HEADER -> {
        ascii(out, "RFC822.HEADER ");
        ImapWire.string(out, message.section(section(FetchAttribute.Specifier.HEADER))
            .orElse(new byte[0]));
      }
      case RFC822_TEXT -> {
        ascii(out, "RFC822.TEXT ");
        ImapWire.string(out, message.section(section(FetchAttribute.Specifier.TEXT))
            .orElse(new byte[0]));
      }
      default -> throw new IllegalArgumentException("not a simple fetch item: " + kind);
    }
  }

  private static void body(ByteArrayOutputStream out, ParsedMessage message,
      FetchAttribute.Body body) {
    Optional<byte[]> content = message.section(body.section());
    ascii(out, "BODY[" + sectionText(body.section()) + "]");
    byte[] bytes = content.orElse(null);
    if (body.partial().isPresent()) {
      ascii(out, "<" + body.partial().get().offset() + ">");
      if (bytes != null) {
        bytes = ParsedMessage.partial(bytes, body.partial().get());
      }
    }
    out.write(' ');
    ImapWire.nstring(out, bytes);
  }

  /** The section as the response names it: {@code 1.2.HEADER.FIELDS (FROM TO)}. */
  static String sectionText(FetchAttribute.Section section) {
    StringBuilder text = new StringBuilder();
    for (int part : section.part()) {
      text.append(text.length() == 0 ? "" : ".").append(part);
    }
    String specifier = switch (section.specifier()) {
      case ALL -> "";
      case HEADER -> "HEADER";
      case HEADER_FIELDS -> "HEADER.FIELDS";
      case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
      case TEXT -> "TEXT";
      case MIME -> "MIME";
    };
    if (!specifier.isEmpty()) {
      text.append(text.length() == 0 ? "" : ".").append(specifier);
    }
    if (!section.fields().isEmpty()) {
      text.append(" (").append(String.join(" ", section.fields())).append(')');
    }
    return text.toString();
  }

  static String internalDate(MessageRow row) {
    return INTERNAL_DATE.format(Instant.ofEpochMilli(row.internalDateMillis())
        .atOffset(ZoneOffset.UTC));
  }

  /** The size with CRLF line ends, which is what FETCH RFC822 sends. */
  static long rfc822Size(MessageRow row) {
    return MaildirName.crlfSizeOf(row.base(), row.size());
  }

  private static FetchAttribute.Section section(FetchAttribute.Specifier specifier) {
    return new FetchAttribute.Section(List.of(), specifier, List.of());
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A non-negative number in decimal, without making a string of it. */
  private static void number(ByteArrayOutputStream out, long value) {
    if (value >= 10) {
      number(out, value / 10);
    }
    out.write((int) ('0' + value % 10));
  }
}
