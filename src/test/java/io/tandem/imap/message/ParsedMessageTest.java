package io.tandem.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.imap.protocol.FetchAttribute;
import io.tandem.imap.protocol.FetchAttribute.Specifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ParsedMessageTest {
  static final List<String> FIXTURES = Fixtures.ALL;

  private static ParsedMessage parse(String text) {
    return ParsedMessage.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String section(ParsedMessage message, Specifier specifier, Integer... part) {
    return text(message.section(new FetchAttribute.Section(List.of(part), specifier, List.of()))
        .orElseThrow());
  }

  /** A maildir file has LF line endings; IMAP sees the message as if it had CRLF ones. */
  @ParameterizedTest
  @FieldSource("FIXTURES")
  void aMessageWithLfLineEndingsReadsAsItsCrlfForm(String fixture) {
    byte[] crlf = Fixtures.message(fixture);
    String lf = new String(crlf, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    ParsedMessage fromLf = ParsedMessage.parse(lf.getBytes(StandardCharsets.ISO_8859_1));
    ParsedMessage fromCrlf = ParsedMessage.parse(LineEnds.toCrlf(crlf));

    assertThat(fromLf.bytes()).isEqualTo(fromCrlf.bytes());
    assertThat(fromLf.size()).isEqualTo(fromCrlf.size());
    assertThat(fromLf.envelope()).isEqualTo(fromCrlf.envelope());
    assertThat(fromLf.bodyStructure(true)).isEqualTo(fromCrlf.bodyStructure(true));
    assertThat(section(fromLf, Specifier.TEXT)).isEqualTo(section(fromCrlf, Specifier.TEXT));
  }

  @Test
  void rfc3501TextPlainExample() {
    // RFC 3501 §7.4.2: BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92)
    String line = "x".repeat(30) + "\r\n";
    String body = line.repeat(91) + "y".repeat(3028 - 91 * 32 - 2) + "\r\n";
    ParsedMessage message = parse("Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
        + "Content-Transfer-Encoding: 7BIT\r\n\r\n" + body);

    assertThat(text(message.bodyStructure(false)))
        .isEqualTo("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)");
  }

  @Test
  void rfc3501MultipartExample() {
    // RFC 3501 §7.4.2, the multipart example, its parts made to the sizes it gives
    String first = ("a".repeat(48) + "\r\n").repeat(22) + "b".repeat(1152 - 22 * 50 - 2) + "\r\n";
    String second = ("c".repeat(60) + "\r\n").repeat(73) + "d".repeat(4554 - 73 * 62);
    ParsedMessage message = parse("Content-Type: MULTIPART/MIXED; BOUNDARY=\"x\"\r\n\r\n"
        + "--x\r\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
        + "Content-Transfer-Encoding: 7BIT\r\n\r\n" + first + "\r\n"
        + "--x\r\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff\r\n"
        + "Content-ID: <960723163407.20117h@cac.washington.edu>\r\n"
        + "Content-Description: Compiler diff\r\nContent-Transfer-Encoding: BASE64\r\n\r\n"
        + second + "\r\n--x--\r\n");

    assertThat(text(message.bodyStructure(false))).isEqualTo(
        "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
            + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
            + "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" "
            + "4554 73) \"MIXED\")");
  }

  @Test
  void rfc3501EnvelopeExample() {
    // RFC 3501 §8, the FETCH of message 12
    ParsedMessage message = parse("Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
        + "From: Terry Gray <gray@cac.washington.edu>\r\n"
        + "Subject: IMAP4rev1 WG mtg summary and minutes\r\n"
        + "To: imap@cac.washington.edu\r\n"
        + "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
        + "Message-Id: <B27397-0100000@cac.washington.edu>\r\n\r\nbody\r\n");

    assertThat(text(message.envelope())).isEqualTo("(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" "
        + "\"IMAP4rev1 WG mtg summary and minutes\" "
        + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
        + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
        + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
        + "((NIL NIL \"imap\" \"cac.washington.edu\")) "
        + "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")"
        + "(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
        + "\"<B27397-0100000@cac.washington.edu>\")");
  }

  @Test
  void headerFieldsAsDovecotReadsThem() {
    // recorded from Dovecot 2.3.19: the last Date/Subject/Message-ID counts, address fields
    // add up, an empty Sender is From, blanks after the colon go, folding is undone
    ParsedMessage message = parse("From: first@y\r\nFrom: second@y\r\nSender:\r\n"
        + "Date: first\r\nDate: \t second\r\nSubject: one\r\nSubject: two\r\n"
        + "Message-ID:\r\n <id@x>\r\n\r\nb\r\n");

    assertThat(text(message.envelope())).isEqualTo("(\"second\" \"two\" "
        + "((NIL NIL \"first\" \"y\")(NIL NIL \"second\" \"y\")) "
        + "((NIL NIL \"first\" \"y\")(NIL NIL \"second\" \"y\")) "
        + "((NIL NIL \"first\" \"y\")(NIL NIL \"second\" \"y\")) NIL NIL NIL NIL \" <id@x>\")");
  }

  @Test
  void anEmptyMessageHasAnEnvelopeAndABody() {
    ParsedMessage message = ParsedMessage.parse(new byte[0]);

    assertThat(text(message.envelope())).isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
    assertThat(text(message.bodyStructure(true))).isEqualTo(
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)");
    assertThat(section(message, Specifier.ALL)).isEmpty();
    assertThat(section(message, Specifier.ALL, 1)).isEmpty();
  }

  @Test
  void rfc2231ContinuationsAreJoined() {
    // Dovecot 2.3.19: ("attachment" ("filename" "ab.txt")); an encoded first piece keeps its *
    ParsedMessage message = parse("Content-Type: application/octet-stream; name*0*=utf-8''a;"
        + " name*1=%C3%A9.txt; x=1\r\nContent-Disposition: attachment; filename*0=\"a\";"
        + " filename*1=\"b.txt\"\r\n\r\nbody\r\n");

    assertThat(text(message.bodyStructure(true))).isEqualTo("(\"application\" \"octet-stream\" "
        + "(\"x\" \"1\" \"name*\" \"utf-8''a%C3%A9.txt\") NIL NIL \"7bit\" 6 NIL "
        + "(\"attachment\" (\"filename\" \"ab.txt\")) NIL NIL)");
  }

  @Test
  void aTopLevelMessageRfc822IsItsOwnPartOneAndHoldsTheEncapsulatedParts() {
    ParsedMessage message = parse("Subject: outer\r\nContent-Type: message/rfc822\r\n\r\n"
        + "Subject: inner\r\n\r\ninner body\r\n");

    assertThat(section(message, Specifier.ALL, 1))
        .isEqualTo("Subject: inner\r\n\r\ninner body\r\n");
    assertThat(section(message, Specifier.HEADER, 1)).isEqualTo("Subject: inner\r\n\r\n");
    assertThat(section(message, Specifier.TEXT, 1)).isEqualTo("inner body\r\n");
    assertThat(section(message, Specifier.ALL, 1, 1)).isEqualTo("inner body\r\n");
    assertThat(section(message, Specifier.ALL, 1, 2)).isEmpty();
    assertThat(text(message.bodyStructure(false))).isEqualTo("(\"message\" \"rfc822\" NIL NIL NIL "
        + "\"7bit\" 30 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
        + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 12 1) 3)");
  }

  @Test
  void headerFieldsMatchInAnyCaseAndKeepFoldedLines() {
    ParsedMessage message = parse("X-A: 1\r\nsubject: folded\r\n\tline\r\nX-B: 2\r\n\r\nbody");
    FetchAttribute.Section fields = new FetchAttribute.Section(List.of(),
        Specifier.HEADER_FIELDS, List.of("SUBJECT", "X-B"));
    FetchAttribute.Section without = new FetchAttribute.Section(List.of(),
        Specifier.HEADER_FIELDS_NOT, List.of("SUBJECT"));

    assertThat(text(message.section(fields).orElseThrow()))
        .isEqualTo("subject: folded\r\n\tline\r\nX-B: 2\r\n\r\n");
    assertThat(text(message.section(without).orElseThrow())).isEqualTo("X-A: 1\r\nX-B: 2\r\n\r\n");
  }

  @Test
  void partialTakesAtMostLengthFromOffset() {
    byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);

    assertThat(text(ParsedMessage.partial(content, new FetchAttribute.Partial(2, 3))))
        .isEqualTo("234");
    assertThat(text(ParsedMessage.partial(content, new FetchAttribute.Partial(8, 100))))
        .isEqualTo("89");
    assertThat(ParsedMessage.partial(content, new FetchAttribute.Partial(10, 1))).isEmpty();
    assertThat(ParsedMessage.partial(content, new FetchAttribute.Partial(Long.MAX_VALUE,
        Long.MAX_VALUE))).isEmpty();
    assertThat(text(ParsedMessage.partial(content, new FetchAttribute.Partial(9,
        Long.MAX_VALUE)))).isEqualTo("9");
  }

  @Test
  void nestingDeeperThanTheBoundIsShownAsOneOpaquePart() {
    StringBuilder text = new StringBuilder();
    int depth = 5_000;
    for (int i = 0; i < depth; i++) {
      text.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b")
          .append(i).append("\r\n");
    }
    text.append("\r\nleaf\r\n");
    ParsedMessage message = parse(text.toString());

    String structure = text(message.bodyStructure(true));
    assertThat(structure).startsWith("(".repeat(MimeParser.MAX_DEPTH + 1) + "\"application\"");
    assertThat(structure.chars().filter(c -> c == '(').count())
        .isLessThan(3L * MimeParser.MAX_DEPTH);
  }

  @Test
  void nestedMessagesAreBoundedToo() {
    String text = "Subject: x\r\nContent-Type: message/rfc822\r\n\r\n".repeat(10_000) + "end";
    ParsedMessage message = parse(text);

    assertThat(text(message.bodyStructure(true))).contains("\"application\" \"octet-stream\"");
    assertThat(section(message, Specifier.HEADER, 1, 1, 1)).isEqualTo(
        "Subject: x\r\nContent-Type: message/rfc822\r\n\r\n");
  }

  @Test
  void thePartCountIsBoundedAndTheRestStaysInTheLastPart() {
    String text = "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        + "--b\r\n\r\npart\r\n".repeat(50_000) + "--b--\r\n";
    ParsedMessage message = parse(text);

    String structure = text(message.bodyStructure(false));
    long parts = structure.chars().filter(c -> c == '(').count() / 2;
    assertThat(parts).isBetween((long) MimeParser.MAX_PARTS - 2, (long) MimeParser.MAX_PARTS);
    assertThat(section(message, Specifier.ALL, MimeParser.MAX_PARTS - 1)).isEqualTo("part");
    assertThat(section(message, Specifier.ALL, MimeParser.MAX_PARTS)).startsWith("part\r\n--b")
        .endsWith("part\r\n--b--\r\n");
    assertThat(section(message, Specifier.ALL, MimeParser.MAX_PARTS + 1)).isEmpty();
  }

  @Test
  void aHugeHeaderIsReadWhole() {
    String text = "X-Trace: hop\r\n".repeat(300_000) + "Subject: at the end\r\n\r\nbody\r\n";
    ParsedMessage message = parse(text);

    assertThat(text(message.envelope())).startsWith("(NIL \"at the end\" NIL");
    assertThat(section(message, Specifier.TEXT)).isEqualTo("body\r\n");
  }

  @Test
  void aBoundaryThatPrefixesAnInnerOneDoesNotSplitIt() {
    ParsedMessage message = parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        + "Content-Type: multipart/alternative; boundary=b-inner\r\n\r\n--b-inner\r\n\r\none\r\n"
        + "--b-inner\r\n\r\ntwo\r\n--b-inner--\r\n--b\r\n\r\nthree\r\n--b--\r\n");

    assertThat(section(message, Specifier.ALL, 1, 2)).isEqualTo("two");
    assertThat(section(message, Specifier.ALL, 2)).isEqualTo("three");
  }

  @Test
  void anInnerMultipartWithoutItsCloseDelimiterEndsWithItsEnclosingPart() {
    ParsedMessage message = parse("Content-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\n"
        + "Content-Type: multipart/alternative; boundary=in\r\n\r\n--in\r\n\r\none\r\n"
        + "--out\r\n\r\ntwo\r\n--out--\r\n");

    assertThat(section(message, Specifier.ALL, 1, 1)).isEqualTo("one");
    assertThat(section(message, Specifier.ALL, 2)).isEqualTo("two");
  }
}
