package io.tandem.imap.message;

import io.tandem.imap.message.HeaderLexer.Grammar;
import io.tandem.imap.message.HeaderLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A Content-Type (RFC 2045 §5): type and subtype as sent (Dovecot keeps their case, so does
 * BODYSTRUCTURE here) and the parameters.
 */
record ContentType(String type, String subtype, List<MimeParams.Param> params) {
  /** RFC 2045 §5.2: no Content-Type, or one that cannot be read. */
  static final ContentType TEXT_PLAIN = new ContentType("text", "plain", List.of());

  /** The default of the parts of a multipart/digest (RFC 2046 §5.1.5). */
  static final ContentType MESSAGE_RFC822 = new ContentType("message", "rfc822", List.of());

  /** What a part too deep to take apart is shown as. */
  static final ContentType OCTET_STREAM =
      new ContentType("application", "octet-stream", List.of());

  /** Copies the parameters. */
  ContentType {
    params = List.copyOf(params);
  }

  /** type "/" subtype *(";" parameter), or null when the value does not start so. */
  static ContentType parse(String value) {
    List<Token> tokens = withoutComments(HeaderLexer.tokens(value, Grammar.MIME));
    if (tokens.size() < 3 || tokens.get(0).type() != HeaderLexer.Type.ATOM
        || !tokens.get(1).is('/') || tokens.get(2).type() != HeaderLexer.Type.ATOM) {
      return null;
    }
    return new ContentType(tokens.get(0).text(), tokens.get(2).text(),
        MimeParams.parse(tokens, 3));
  }

  /** The tokens that are not comments: the MIME grammar allows comments between any two. */
  static List<Token> withoutComments(List<Token> tokens) {
    List<Token> kept = new ArrayList<>(tokens.size());
    for (Token token : tokens) {
      if (token.type() != HeaderLexer.Type.COMMENT) {
        kept.add(token);
      }
    }
    return kept;
  }

  boolean isType(String name) {
    return type.equalsIgnoreCase(name);
  }

  boolean is(String name, String sub) {
    return type.equalsIgnoreCase(name) && subtype.equalsIgnoreCase(sub);
  }

  /** The value of a parameter (name in any case), or null. */
  String param(String name) {
    return MimeParams.get(params, name);
  }
}
