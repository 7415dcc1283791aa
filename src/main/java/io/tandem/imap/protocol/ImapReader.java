package io.tandem.imap.protocol;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;

/**
 * Reads the tokens of RFC 3501 §9 from one complete client command: its lines joined by CRLF
 * with each literal's bytes right after the CRLF that ends its {@code {n}} or {@code {n+}}
 * header, and no final CRLF (what {@link ImapCommandFramer} assembles). Every read either
 * returns a token or throws {@link ImapSyntaxException} carrying the tag, once known. Bounds come
 * from {@link ImapLimits}. Not thread-safe; one reader per command.
 */
final class ImapReader {
  private static final byte SP = ' ';
  private final byte[] data;
  private final ImapLimits limits;
  private int pos;
  private int lineStart;
  private int depth;
  private int literals;
  private String tag;

  ImapReader(byte[] data, ImapLimits limits) {
    this.data = data;
    this.limits = limits;
  }

  ImapLimits limits() {
    return limits;
  }

  void tag(String tag) {
    this.tag = tag;
  }

  ImapSyntaxException fail(String reason) {
    return new ImapSyntaxException(tag, reason);
  }

  boolean atEnd() {
    return pos >= data.length;
  }

  /** The next byte, or -1 at the end. */
  int peek() {
    return pos < data.length ? data[pos] & 0xff : -1;
  }

  boolean peekIs(char c) {
    return peek() == c;
  }

  /** Consumes {@code c} if it is next. */
  boolean accept(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(char c, String reason) throws ImapSyntaxException {
    if (!accept(c)) {
      throw fail(reason);
    }
  }

  /** Exactly one SP: RFC 3501 §9 note 2 forbids more or TAB. */
  void sp() throws ImapSyntaxException {
    expect(' ', peek() == -1 ? "Missing argument" : "Expected a single space");
  }

  void end() throws ImapSyntaxException {
    if (!atEnd()) {
      throw fail("Unexpected characters after the command");
    }
    checkLineLength();
  }

  /** Opens a nesting level (a parenthesized list, NOT, OR). */
  void enter() throws ImapSyntaxException {
    if (++depth > limits.maxNestingDepth()) {
      throw fail("Too deeply nested");
    }
  }

  void leave() {
    depth--;
  }

  void checkListLength(int length) throws ImapSyntaxException {
    if (length > limits.maxListLength()) {
      throw fail("Too many elements in a list");
    }
  }

  // ---- atoms and keywords

  static boolean isAtomChar(int b) {
    return b > 0x20 && b < 0x7f && "(){%*\"\\]".indexOf(b) < 0;
  }

  private String readWhile(java.util.function.IntPredicate ok, String reason)
      throws ImapSyntaxException {
    int start = pos;
    while (pos < data.length && ok.test(data[pos] & 0xff)) {
      pos++;
    }
    if (pos == start) {
      throw fail(reason);
    }
    return new String(data, start, pos - start, StandardCharsets.US_ASCII);
  }

  /** tag = 1*(ASTRING-CHAR except "+"). */
  String tagToken() throws ImapSyntaxException {
    return readWhile(b -> (isAtomChar(b) || b == ']') && b != '+', "Missing or invalid tag");
  }

  String atom(String reason) throws ImapSyntaxException {
    return readWhile(ImapReader::isAtomChar, reason);
  }

  /**
   * A command, search key or fetch item name, upper-cased: letters, digits, {@code .} {@code -}
   * {@code +} and {@code _}, stopping before {@code [}, {@code <}, {@code (} and {@code )}.
   */
  String keyword(String reason) throws ImapSyntaxException {
    return readWhile(b -> Character.isLetterOrDigit(b) && b < 0x80 || ".-+_".indexOf(b) >= 0,
        reason).toUpperCase(Locale.ROOT);
  }

  /** Consumes {@code word} (case-insensitive) if it comes next and is followed by no atom char. */
  boolean acceptWord(String word) {
    int end = pos + word.length();
    if (end > data.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toUpperCase((char) data[pos + i]) != word.charAt(i)) {
        return false;
      }
    }
    if (end < data.length && isAtomChar(data[end] & 0xff)) {
      return false;
    }
    pos = end;
    return true;
  }

  // ---- numbers

  /** number = 1*DIGIT, at most {@code max}. */
  long number(long max, String reason) throws ImapSyntaxException {
    int start = pos;
    long value = 0;
    while (pos < data.length && data[pos] >= '0' && data[pos] <= '9') {
      if (value > (max - (data[pos] - '0')) / 10) {
        throw fail(reason);
      }
      value = value * 10 + (data[pos++] - '0');
    }
    if (pos == start) {
      throw fail(reason);
    }
    return value;
  }

  /** number: unsigned 32-bit (RFC 3501 §9 with erratum 261). */
  long number32() throws ImapSyntaxException {
    return number(0xffff_ffffL, "Expected a number");
  }

  long nzNumber() throws ImapSyntaxException {
    long n = number32();
    if (n == 0) {
      throw fail("Expected a non-zero number");
    }
    return n;
  }

  /** mod-sequence-value (RFC 7162 §7): 63-bit; zero only where the grammar allows valzer. */
  long modSeq(boolean zeroAllowed) throws ImapSyntaxException {
    long n = number(Long.MAX_VALUE, "Expected a mod-sequence value");
    if (n == 0 && !zeroAllowed) {
      throw fail("Expected a non-zero mod-sequence value");
    }
    return n;
  }

  // ---- strings

  /** astring = 1*ASTRING-CHAR / string. */
  String astring() throws ImapSyntaxException {
    if (peekIs('"') || peekIs('{')) {
      return string();
    }
    return readWhile(b -> isAtomChar(b) || b == ']', "Expected an atom or a string");
  }

  /** nstring = string / NIL; null for NIL. */
  String nstring() throws ImapSyntaxException {
    if (acceptWord("NIL")) {
      return null;
    }
    return string();
  }

  /** string = quoted / literal, as UTF-8 text. */
  String string() throws ImapSyntaxException {
    if (peekIs('"')) {
      return quoted();
    }
    if (peekIs('{')) {
      byte[] bytes = literal();
      for (byte b : bytes) {
        if (b == 0) {
          throw fail("NUL in a literal");
        }
      }
      return utf8(bytes);
    }
    throw fail("Expected a string");
  }

  private String quoted() throws ImapSyntaxException {
    pos++;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (true) {
      int b = peek();
      if (b == -1 || b == '\r' || b == '\n' || b == 0) {
        throw fail("Unterminated quoted string");
      }
      pos++;
      if (b == '"') {
        return utf8(out.toByteArray());
      }
      if (b == '\\') {
        int next = peek();
        if (next != '"' && next != '\\') {
          throw fail("Bad escape in quoted string");
        }
        pos++;
        b = next;
      }
      out.write(b);
    }
  }

  private String utf8(byte[] bytes) throws ImapSyntaxException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw fail("String is not valid UTF-8");
    }
  }

  /** literal = "{" number ["+"] "}" CRLF *CHAR8 (RFC 3501 §9, RFC 7888 §8). */
  byte[] literal() throws ImapSyntaxException {
    expect('{', "Expected a literal");
    long size = number(Integer.MAX_VALUE, "Bad literal size");
    accept('+');
    expect('}', "Bad literal header");
    checkLineLength();
    if (!accept('\r') || !accept('\n')) {
      throw fail("Literal header must end the line");
    }
    if (++literals > limits.maxLiterals()) {
      throw fail("Too many literals");
    }
    if (size > limits.maxLiteralSize()) {
      throw fail("Literal too large");
    }
    if (size > data.length - pos) {
      throw fail("Literal shorter than announced");
    }
    byte[] bytes = java.util.Arrays.copyOfRange(data, pos, pos + (int) size);
    pos += (int) size;
    lineStart = pos;
    return bytes;
  }

  private void checkLineLength() throws ImapSyntaxException {
    int end = pos;
    for (int i = lineStart; i < pos; i++) {
      if (data[i] == '\r' || data[i] == '\n') {
        end = i;
        break;
      }
    }
    if (end - lineStart > limits.maxLineLength()) {
      throw fail("Line too long");
    }
  }

  // ---- mailboxes

  /** mailbox = "INBOX" / astring, decoded from modified UTF-7; INBOX in any case is INBOX. */
  String mailbox() throws ImapSyntaxException {
    return decodeMailbox(astring());
  }

  /** list-mailbox = 1*list-char / string, where list-char adds "%" and "*" to ASTRING-CHAR. */
  String listMailbox() throws ImapSyntaxException {
    if (peekIs('"') || peekIs('{')) {
      return decodeMailbox(string());
    }
    return decodeMailbox(readWhile(b -> isAtomChar(b) || b == ']' || b == '%' || b == '*',
        "Expected a mailbox pattern"));
  }

  private String decodeMailbox(String raw) throws ImapSyntaxException {
    if (raw.equalsIgnoreCase("INBOX")) {
      return "INBOX";
    }
    try {
      return ModifiedUtf7.decode(raw);
    } catch (ModifiedUtf7.MalformedException e) {
      throw fail(e.getMessage());
    }
  }

  // ---- sequence sets, dates, flags: see ImapValues

  int position() {
    return pos;
  }
}
