package io.tandem.lmtp;

/**
 * Decodes the RFC 5321 §4.1.2 {@code Path} of MAIL FROM and RCPT TO:
 *
 * <pre>
 * Path       = "&lt;" [ A-d-l ":" ] Mailbox "&gt;"      ; also "&lt;&gt;" where a null path is allowed
 * A-d-l      = "@" Domain *( "," "@" Domain )        ; source route: parsed, then dropped
 * Mailbox    = Local-part [ "@" ( Domain / address-literal ) ]   ; "@domain" optional for LMTP
 * Local-part = Dot-string / Quoted-string
 * </pre>
 *
 * The mailbox is returned as written (quotes kept), without brackets or route. Lengths follow
 * RFC 5321 §4.5.3.1: local part 64, domain 255, path 256 octets. Only US-ASCII is accepted, since
 * SMTPUTF8 is not offered. Stateless.
 */
final class LmtpPath {
  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 255;
  private static final int MAX_PATH = 256;
  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  /** A decoded path: the mailbox ({@code ""} for the null path) and the index after {@code >}. */
  record Parsed(String mailbox, int end) {}

  private final String s;
  private int pos;

  private LmtpPath(String s, int pos) {
    this.s = s;
    this.pos = pos;
  }

  /** Decodes the path starting at {@code from}; null when it is malformed. */
  static Parsed parse(String s, int from, boolean allowNull) {
    LmtpPath path = new LmtpPath(s, from);
    String mailbox = path.path(allowNull);
    if (mailbox == null || path.pos - from > MAX_PATH) {
      return null;
    }
    return new Parsed(mailbox, path.pos);
  }

  private String path(boolean allowNull) {
    if (!take('<')) {
      return null;
    }
    if (take('>')) {
      return allowNull ? "" : null;
    }
    if (peek() == '@' && !sourceRoute()) {
      return null;
    }
    String mailbox = mailbox();
    return mailbox != null && take('>') ? mailbox : null;
  }

  private boolean sourceRoute() {
    do {
      if (!take('@') || domain() == null) {
        return false;
      }
    } while (take(','));
    return take(':');
  }

  private String mailbox() {
    int start = pos;
    boolean localOk = peek() == '"' ? quotedString() : dotString();
    if (!localOk || pos - start > MAX_LOCAL) {
      return null;
    }
    if (take('@')) {
      int domainStart = pos;
      String domain = peek() == '[' ? addressLiteral() : domain();
      if (domain == null || pos - domainStart > MAX_DOMAIN) {
        return null;
      }
    }
    return s.substring(start, pos);
  }

  private boolean dotString() {
    do {
      if (!atom()) {
        return false;
      }
    } while (take('.'));
    return true;
  }

  private boolean atom() {
    int start = pos;
    while (isAtext(peek())) {
      pos++;
    }
    return pos > start;
  }

  private boolean quotedString() {
    take('"');
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return true;
      }
      if (c == '\\') {
        if (pos >= s.length() || s.charAt(pos) < 32 || s.charAt(pos) > 126) {
          return false;
        }
        pos++;
      } else if (c < 32 || c > 126) {
        return false;
      }
    }
    return false;
  }

  private String domain() {
    int start = pos;
    do {
      if (!label()) {
        return null;
      }
    } while (take('.'));
    return s.substring(start, pos);
  }

  /** {@code Let-dig [Ldh-str]}: letters, digits and inner hyphens. */
  private boolean label() {
    int start = pos;
    while (isLetDig(peek()) || peek() == '-') {
      pos++;
    }
    return pos > start && isLetDig(s.charAt(start)) && isLetDig(s.charAt(pos - 1));
  }

  private String addressLiteral() {
    int start = pos;
    take('[');
    while (pos < s.length() && isDtext(s.charAt(pos))) {
      pos++;
    }
    return pos > start + 1 && take(']') ? s.substring(start, pos) : null;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : 0;
  }

  private boolean take(char c) {
    if (peek() == c && c != 0) {
      pos++;
      return true;
    }
    return false;
  }

  private static boolean isLetDig(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isAtext(char c) {
    return isLetDig(c) || (c != 0 && ATEXT_SPECIALS.indexOf(c) >= 0);
  }

  /** RFC 5321 dcontent: printable US-ASCII except "[", "\" and "]". */
  private static boolean isDtext(char c) {
    return c >= 33 && c <= 126 && c != '[' && c != '\\' && c != ']';
  }
}
