package io.tandem.imap.message;

import io.tandem.imap.message.HeaderLexer.Grammar;
import io.tandem.imap.message.HeaderLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, grammar in §9) of a {@link MimePart} tree, matching
 * Dovecot's answers: types, subtypes and parameters as sent; a text part without a charset gets
 * {@code ("charset" "us-ascii")} after its parameters; the encoding defaults to "7bit"; the
 * extension data is always complete (md5, disposition, language, location for a single part;
 * parameters, disposition, language, location for a multipart); a multipart in which no part was
 * found shows one empty text/plain part, since the grammar needs at least one.
 */
final class BodyStructureWriter {
  private static final String EMPTY_PART =
      "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0";

  private final byte[] message;
  private final boolean extensible;

  private BodyStructureWriter(byte[] message, boolean extensible) {
    this.message = message;
    this.extensible = extensible;
  }

  /** BODYSTRUCTURE when {@code extensible}, else BODY, of {@code part} in {@code message}. */
  static byte[] write(byte[] message, MimePart part, boolean extensible) {
    WireOut out = new WireOut();
    new BodyStructureWriter(message, extensible).part(out, part);
    return out.bytes();
  }

  private void part(WireOut out, MimePart part) {
    if (part.isMultipart()) {
      multipart(out, part);
    } else {
      single(out, part);
    }
  }

  private void multipart(WireOut out, MimePart part) {
    out.raw("(");
    if (part.children().isEmpty()) {
      out.raw(EMPTY_PART).raw(extensible ? " NIL NIL NIL NIL)" : ")");
    }
    for (MimePart child : part.children()) {
      part(out, child);
    }
    out.raw(" ").nstring(part.type().subtype());
    if (extensible) {
      out.raw(" ");
      params(out, part.type().params());
      dispositionLanguageLocation(out, part.header());
    }
    out.raw(")");
  }

  private void single(WireOut out, MimePart part) {
    HeaderBlock header = part.header();
    ContentType type = part.type();
    out.raw("(").nstring(type.type()).raw(" ").nstring(type.subtype()).raw(" ");
    List<MimeParams.Param> params = type.params();
    if (type.isType("text") && type.param("charset") == null) {
      params = new ArrayList<>(params);
      params.add(new MimeParams.Param("charset", "us-ascii"));
    }
    params(out, params);
    out.raw(" ").nstring(header.firstValue("Content-ID"));
    out.raw(" ").nstring(header.firstValue("Content-Description"));
    String encoding = part.transferEncoding();
    out.raw(" ").nstring(encoding == null ? "7bit" : encoding);
    out.raw(" ").number(part.bodySize());
    if (part.message() != null) {
      out.raw(" ");
      EnvelopeWriter.write(out, part.message().header());
      out.raw(" ");
      part(out, part.message());
    }
    if (part.message() != null || type.isType("text")) {
      out.raw(" ").number(LineEnds.count(message, part.bodyStart(), part.bodyEnd()));
    }
    if (extensible) {
      out.raw(" ").nstring(header.firstValue("Content-MD5"));
      dispositionLanguageLocation(out, header);
    }
    out.raw(")");
  }

  /** body-fld-dsp, body-fld-lang and body-fld-loc, each after a space. */
  private static void dispositionLanguageLocation(WireOut out, HeaderBlock header) {
    out.raw(" ");
    disposition(out, header.firstValue("Content-Disposition"));
    out.raw(" ");
    language(out, header.firstValue("Content-Language"));
    out.raw(" ").nstring(header.firstValue("Content-Location"));
  }

  /** "(" string SP body-fld-param ")" / nil (RFC 2183). */
  private static void disposition(WireOut out, String value) {
    List<Token> tokens = value == null ? List.of()
        : ContentType.withoutComments(HeaderLexer.tokens(value, Grammar.MIME));
    if (tokens.isEmpty() || tokens.get(0).type() != HeaderLexer.Type.ATOM) {
      out.raw("NIL");
      return;
    }
    out.raw("(").nstring(tokens.get(0).text()).raw(" ");
    params(out, MimeParams.parse(tokens, 1));
    out.raw(")");
  }

  /** The language tags of RFC 3282, always as a list. */
  private static void language(WireOut out, String value) {
    List<String> tags = new ArrayList<>();
    if (value != null) {
      for (Token token : HeaderLexer.tokens(value, Grammar.MIME)) {
        if (token.type() == HeaderLexer.Type.ATOM) {
          tags.add(token.text());
        }
      }
    }
    if (tags.isEmpty()) {
      out.raw("NIL");
      return;
    }
    out.raw("(");
    for (int i = 0; i < tags.size(); i++) {
      out.raw(i == 0 ? "" : " ").nstring(tags.get(i));
    }
    out.raw(")");
  }

  /** body-fld-param: "(" name SP value *(SP name SP value) ")" / nil. */
  private static void params(WireOut out, List<MimeParams.Param> params) {
    if (params.isEmpty()) {
      out.raw("NIL");
      return;
    }
    out.raw("(");
    for (int i = 0; i < params.size(); i++) {
      out.raw(i == 0 ? "" : " ").nstring(params.get(i).name()).raw(" ")
          .nstring(params.get(i).value());
    }
    out.raw(")");
  }
}
