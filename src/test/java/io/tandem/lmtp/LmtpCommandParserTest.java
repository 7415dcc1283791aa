package io.tandem.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lmtp.LmtpCommand.Body;
import io.tandem.lmtp.LmtpCommand.Invalid;
import io.tandem.lmtp.LmtpCommand.Verb;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LmtpCommandParserTest {
  private final LmtpCommandParser parser = new LmtpCommandParser();

  @Test
  void parsesEachCommandCaseInsensitively() {
    assertThat(parser.parse("LHLO mx.example.test"))
        .isEqualTo(new LmtpCommand.Lhlo("mx.example.test"));
    assertThat(parser.parse("lhlo [192.0.2.1]")).isEqualTo(new LmtpCommand.Lhlo("[192.0.2.1]"));
    assertThat(parser.parse("DATA")).isEqualTo(new LmtpCommand.Data());
    assertThat(parser.parse("data ")).isEqualTo(new LmtpCommand.Data());
    assertThat(parser.parse("Rset")).isEqualTo(new LmtpCommand.Rset());
    assertThat(parser.parse("NOOP")).isEqualTo(new LmtpCommand.Noop());
    assertThat(parser.parse("NOOP anything at all")).isEqualTo(new LmtpCommand.Noop());
    assertThat(parser.parse("QUIT")).isEqualTo(new LmtpCommand.Quit());
    assertThat(parser.parse("VRFY alice")).isEqualTo(new LmtpCommand.Vrfy("alice"));
  }

  @Test
  void parsesMailWithParameters() {
    assertThat(parser.parse("MAIL FROM:<a@example.org>"))
        .isEqualTo(new LmtpCommand.Mail("a@example.org", OptionalLong.empty(), Body.SEVEN_BIT));
    assertThat(parser.parse("MAIL FROM:<a@example.org> SIZE=1234 BODY=8BITMIME"))
        .isEqualTo(new LmtpCommand.Mail("a@example.org", OptionalLong.of(1234),
            Body.EIGHT_BIT_MIME));
    assertThat(parser.parse("mail from:<> body=7bit  size=0"))
        .isEqualTo(new LmtpCommand.Mail("", OptionalLong.of(0), Body.SEVEN_BIT));
    assertThat(parser.parse("MAIL FROM: <a@example.org>"))
        .isEqualTo(new LmtpCommand.Mail("a@example.org", OptionalLong.empty(), Body.SEVEN_BIT));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<alice@example.test>                     | alice@example.test",
      "<alice+lists@example.test>               | alice+lists@example.test",
      "<postmaster>                             | postmaster",
      "<\"john doe\"@example.test>              | \"john doe\"@example.test",
      "<\"a\\\"b\"@example.test>                | \"a\\\"b\"@example.test",
      "<@relay.example.net:alice@example.test>  | alice@example.test",
      "<@a.example,@b.example:bob@example.test> | bob@example.test",
      "<bob@[192.0.2.7]>                        | bob@[192.0.2.7]",
      "<bob@[IPv6:2001:db8::1]>                 | bob@[IPv6:2001:db8::1]",
  })
  void parsesRecipientPaths(String path, String address) {
    assertThat(parser.parse("RCPT TO:" + path)).isEqualTo(new LmtpCommand.Rcpt(address));
  }

  @Test
  void acceptsEveryAtextCharacterInDotStrings() {
    String local = "x-y_z!#$%&'*/=?^`{|}~+.9";
    assertThat(parser.parse("RCPT TO:<" + local + "@a-b.example>"))
        .isEqualTo(new LmtpCommand.Rcpt(local + "@a-b.example"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<>", "alice@example.test", "<alice@example.test", "alice@example.test>",
      "<alice@>", "<@example.test>", "<.alice@example.test>", "<alice.@example.test>",
      "<al..ice@example.test>", "<alice@example..test>", "<alice@-example.test>",
      "<alice@example-.test>", "<alice@exa_mple.test>", "<\"unterminated@example.test>",
      "<al ice@example.test>", "<alice@[]>", "<alice@[1.2.3.4>", "<@relay.example.net>",
      "<@relay.example.net,alice@example.test>", "<alice@example.test>x",
      "<caf\u00e9@example.test>", "<a\tb@example.test>",
  })
  void rejectsBadRecipientPaths(String path) {
    assertThat(reply(parser.parse("RCPT TO:" + path))).isEqualTo("501 5.1.3");
  }

  @Test
  void enforcesRfc5321Lengths() {
    String local64 = "a".repeat(64);
    assertThat(parser.parse("RCPT TO:<" + local64 + "@example.test>"))
        .isInstanceOf(LmtpCommand.Rcpt.class);
    assertThat(reply(parser.parse("RCPT TO:<" + local64 + "a@example.test>")))
        .isEqualTo("501 5.1.3");
    String longDomain = ("d".repeat(60) + ".").repeat(5) + "test";
    assertThat(reply(parser.parse("RCPT TO:<a@" + longDomain + ">"))).isEqualTo("501 5.1.3");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "MAIL                                          | 501 5.5.4",
      "MAIL TO:<a@example.org>                       | 501 5.5.4",
      "MAIL FROM:a@example.org                       | 501 5.1.7",
      "MAIL FROM:<a@example.org>x                    | 501 5.1.7",
      "MAIL FROM:<a@example.org> SIZE                | 501 5.5.4",
      "MAIL FROM:<a@example.org> SIZE=-1             | 501 5.5.4",
      "MAIL FROM:<a@example.org> SIZE=1 SIZE=2       | 501 5.5.4",
      "MAIL FROM:<a@example.org> SIZE=1234567890123456789 | 501 5.5.4",
      "MAIL FROM:<a@example.org> BODY=BINARYMIME     | 501 5.5.4",
      "MAIL FROM:<a@example.org> BODY=7BIT BODY=7BIT | 501 5.5.4",
      "MAIL FROM:<a@example.org> SMTPUTF8            | 555 5.5.4",
      "MAIL FROM:<a@example.org> AUTH=<>             | 555 5.5.4",
      "RCPT                                          | 501 5.5.4",
      "RCPT TO:<a@example.test> NOTIFY=NEVER         | 555 5.5.4",
      "LHLO                                          | 501 5.5.4",
      "DATA x                                        | 501 5.5.4",
      "RSET x                                        | 501 5.5.4",
      "QUIT x                                        | 501 5.5.4",
      "VRFY                                          | 501 5.5.4",
      "HELO mx.example.test                          | 500 5.5.1",
      "EHLO mx.example.test                          | 500 5.5.1",
      "STARTTLS                                      | 500 5.5.1",
      "MAILFROM:<a@example.org>                      | 500 5.5.1",
  })
  void rejectsBadCommands(String line, String expected) {
    assertThat(reply(parser.parse(line))).isEqualTo(expected);
  }

  @Test
  void emptyLineIsUnrecognized() {
    assertThat(reply(parser.parse(""))).isEqualTo("500 5.5.1");
  }

  @Test
  void invalidCommandsKeepTheirVerbForSequenceChecks() {
    assertThat(parser.parse("MAIL garbage").verb()).isEqualTo(Verb.MAIL);
    assertThat(parser.parse("RCPT TO:<>").verb()).isEqualTo(Verb.RCPT);
    assertThat(parser.parse("DATA x").verb()).isEqualTo(Verb.DATA);
    assertThat(parser.parse("HELO x").verb()).isEqualTo(Verb.OTHER);
  }

  @Test
  void errorRepliesNeverEchoInput() {
    LmtpCommand command = parser.parse("RCPT TO:<a\r\n250 forged@example.test>");
    assertThat(((Invalid) command).reply().text()).doesNotContain("forged");
  }

  private static String reply(LmtpCommand command) {
    assertThat(command).isInstanceOf(Invalid.class);
    LmtpReply reply = ((Invalid) command).reply();
    return reply.code() + " " + reply.status();
  }
}
