package io.tandem.imap.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a structured header value (raw bytes in a Latin-1 string) into the lexical tokens of
 * RFC 5322 §3.2 (addresses) or RFC 2045 §5.1 (MIME parameters, whose tspecials also hold
 * {@code / ? =}): atoms, quoted strings (unescaped), comments (their text, nested ones
 * included), domain literals and single special characters; blanks separate. Never fails: an
 * unterminated quoted string or comment ends with the value. 8-bit bytes are atom text.
 */
final class HeaderLexer {
  /** What a token is. */
  enum Type { ATOM, QUOTED, COMMENT, DOMAIN_LITERAL, SPECIAL }

  /** One token; for SPECIAL the text is the character. */
  record Token(Type type, String text) {
    boolean is(char special) {
      return type == Type.SPECIAL && text.charAt(0) == special;
    }

    boolean isWord() {
      return type == Type.ATOM || type == Type.QUOTED;
    }
  }

  /** Which characters end an atom: RFC 5322 specials, or RFC 2045 tspecials. */
  enum Grammar {
    ADDRESS("()<>[]:;@\\,.\""),
    MIME("()<>@,;:\\\"/[]?=");

    private final String specials;

    Grammar(String specials) {
      this.specials = specials;
    }
  }

  private HeaderLexer() {}

  /** The tokens of {@code value}. */
  static List<Token> tokens(String value, Grammar grammar) {
    String specials = grammar.specials;
    List<Token> tokens = new ArrayList<>();
    int pos = 0;
    int length = value.length();
    while (pos < length) {
      char c = value.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else if (c == '"') {
        pos = quoted(value, pos + 1, tokens);
      } else if (c == '(') {
        pos = comment(value, pos + 1, tokens);
      } else if (c == '[' && grammar == Grammar.ADDRESS) {
        int close = value.indexOf(']', pos);
        int end = close < 0 ? length : close + 1;
        tokens.add(new Token(Type.DOMAIN_LITERAL, value.substring(pos, end)));
        pos = end;
      } else if (specials.indexOf(c) >= 0 || c < ' ' || c == 0x7f) {
        tokens.add(new Token(Type.SPECIAL, String.valueOf(c)));
        pos++;
      } else {
        int end = pos;
        while (end < length && !endsAtom(value.charAt(end), specials)) {
          end++;
        }
        tokens.add(new Token(Type.ATOM, value.substring(pos, end)));
        pos = end;
      }
    }
    return tokens;
  }

  private static boolean endsAtom(char c, String specials) {
    return c <= ' ' || c == 0x7f || specials.indexOf(c) >= 0;
  }

  private static int quoted(String value, int pos, List<Token> tokens) {
    StringBuilder text = new StringBuilder();
    while (pos < value.length() && value.charAt(pos) != '"') {
      char c = value.charAt(pos++);
      if (c == '\\' && pos < value.length()) {
        c = value.charAt(pos++);
      }
      if (c != '\r' && c != '\n') {
        text.append(c);
      }
    }
    tokens.add(new Token(Type.QUOTED, text.toString()));
    return pos + 1;
  }

  private static int comment(String value, int pos, List<Token> tokens) {
    StringBuilder text = new StringBuilder();
    int depth = 1;
    while (pos < value.length()) {
      char c = value.charAt(pos++);
      if (c == '\\' && pos < value.length()) {
        text.append(value.charAt(pos++));
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        break;
      }
      text.append(c);
    }
    tokens.add(new Token(Type.COMMENT, text.toString()));
    return pos;
  }

  /** The first atom of a MIME value ({@code base64 (comment)}), or null. */
  static String firstAtom(String value) {
    if (value != null) {
      for (Token token : tokens(value, Grammar.MIME)) {
        if (token.type() == Type.ATOM) {
          return token.text();
        }
      }
    }
    return null;
  }
}
