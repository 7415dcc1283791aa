package io.tandem.imap.protocol;

import io.tandem.imap.protocol.FetchAttribute.Kind;
import io.tandem.imap.protocol.FetchAttribute.Simple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att
 * *(SP fetch-att) ")") [SP "(" fetch-modifier *(SP fetch-modifier) ")"] (RFC 3501 §9, RFC 4466
 * §2.4, RFC 7162 §3.1.4 and §3.2.6).
 */
final class FetchParser {
  private static final List<FetchAttribute> FAST = List.of(new Simple(Kind.FLAGS),
      new Simple(Kind.INTERNALDATE), new Simple(Kind.RFC822_SIZE));
  private static final List<FetchAttribute> ALL = List.of(new Simple(Kind.FLAGS),
      new Simple(Kind.INTERNALDATE), new Simple(Kind.RFC822_SIZE), new Simple(Kind.ENVELOPE));
  private static final List<FetchAttribute> FULL = List.of(new Simple(Kind.FLAGS),
      new Simple(Kind.INTERNALDATE), new Simple(Kind.RFC822_SIZE), new Simple(Kind.ENVELOPE),
      new Simple(Kind.BODY));

  private FetchParser() {}

  static ImapCommand.Fetch fetch(ImapReader in, String tag, boolean uid)
      throws ImapSyntaxException {
    in.sp();
    SequenceSet set = ImapValues.sequenceSet(in);
    in.sp();
    List<FetchAttribute> attributes = attributes(in);
    OptionalLong changedSince = OptionalLong.empty();
    boolean vanished = false;
    if (!in.atEnd()) {
      in.sp();
      in.expect('(', "Expected fetch modifiers");
      do {
        String modifier = in.keyword("Expected a fetch modifier");
        if (modifier.equals("CHANGEDSINCE") && changedSince.isEmpty()) {
          in.sp();
          changedSince = OptionalLong.of(in.modSeq(false));
        } else if (modifier.equals("VANISHED") && !vanished) {
          vanished = true;
        } else {
          throw in.fail("Unknown or repeated fetch modifier");
        }
      } while (in.accept(' '));
      in.expect(')', "Bad fetch modifiers");
    }
    // RFC 7162 §3.2.6: VANISHED only in UID FETCH and only with CHANGEDSINCE.
    if (vanished && (!uid || changedSince.isEmpty())) {
      throw in.fail("VANISHED needs UID FETCH and CHANGEDSINCE");
    }
    return new ImapCommand.Fetch(tag, uid, set, attributes, changedSince, vanished);
  }

  private static List<FetchAttribute> attributes(ImapReader in) throws ImapSyntaxException {
    if (in.acceptWord("ALL")) {
      return ALL;
    }
    if (in.acceptWord("FAST")) {
      return FAST;
    }
    if (in.acceptWord("FULL")) {
      return FULL;
    }
    if (!in.accept('(')) {
      return List.of(attribute(in));
    }
    List<FetchAttribute> attributes = new ArrayList<>();
    attributes.add(attribute(in));
    while (!in.accept(')')) {
      in.sp();
      attributes.add(attribute(in));
      in.checkListLength(attributes.size());
    }
    return attributes;
  }

  private static FetchAttribute attribute(ImapReader in) throws ImapSyntaxException {
    String name = in.keyword("Expected a fetch attribute");
    switch (name) {
      case "ENVELOPE": case "FLAGS": case "INTERNALDATE": case "RFC822": case "BODYSTRUCTURE":
      case "UID": case "MODSEQ":
        return new Simple(Kind.valueOf(name));
      case "RFC822.HEADER": case "RFC822.SIZE": case "RFC822.TEXT":
        return new Simple(Kind.valueOf(name.replace('.', '_')));
      case "BODY":
        return in.peekIs('[') ? body(in, false) : new Simple(Kind.BODY);
      case "BODY.PEEK":
        return body(in, true);
      default:
        throw in.fail("Unknown fetch attribute");
    }
  }

  private static FetchAttribute body(ImapReader in, boolean peek) throws ImapSyntaxException {
    in.expect('[', "Expected a section");
    FetchAttribute.Section section = section(in);
    in.expect(']', "Bad section");
    Optional<FetchAttribute.Partial> partial = Optional.empty();
    if (in.accept('<')) {
      long offset = in.number32();
      in.expect('.', "Bad partial");
      long length = in.nzNumber();
      in.expect('>', "Bad partial");
      partial = Optional.of(new FetchAttribute.Partial(offset, length));
    }
    return new FetchAttribute.Body(peek, section, partial);
  }

  /** section-spec = section-msgtext / (section-part ["." section-text]). */
  private static FetchAttribute.Section section(ImapReader in) throws ImapSyntaxException {
    List<Integer> part = new ArrayList<>();
    while (in.peek() >= '1' && in.peek() <= '9') {
      part.add((int) in.number(Integer.MAX_VALUE, "Bad section part"));
      in.checkListLength(part.size());
      if (!in.accept('.')) {
        return new FetchAttribute.Section(part, FetchAttribute.Specifier.ALL, List.of());
      }
    }
    if (in.peekIs(']')) {
      if (!part.isEmpty()) {
        throw in.fail("Bad section");
      }
      return new FetchAttribute.Section(part, FetchAttribute.Specifier.ALL, List.of());
    }
    String text = in.keyword("Bad section");
    switch (text) {
      case "HEADER":
        return new FetchAttribute.Section(part, FetchAttribute.Specifier.HEADER, List.of());
      case "TEXT":
        return new FetchAttribute.Section(part, FetchAttribute.Specifier.TEXT, List.of());
      case "MIME":
        if (part.isEmpty()) {
          throw in.fail("MIME needs a part number");
        }
        return new FetchAttribute.Section(part, FetchAttribute.Specifier.MIME, List.of());
      case "HEADER.FIELDS": case "HEADER.FIELDS.NOT":
        in.sp();
        return new FetchAttribute.Section(part, text.endsWith(".NOT")
            ? FetchAttribute.Specifier.HEADER_FIELDS_NOT : FetchAttribute.Specifier.HEADER_FIELDS,
            headerList(in));
      default:
        throw in.fail("Bad section");
    }
  }

  /** header-list = "(" header-fld-name *(SP header-fld-name) ")"; names are astrings. */
  private static List<String> headerList(ImapReader in) throws ImapSyntaxException {
    in.expect('(', "Expected a header list");
    List<String> names = new ArrayList<>();
    do {
      names.add(in.astring().toUpperCase(Locale.ROOT));
      in.checkListLength(names.size());
    } while (in.accept(' '));
    in.expect(')', "Bad header list");
    return names;
  }
}
