package io.tandem.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LmtpReplyTest {

  @Test
  void encodesOneLineWithEnhancedCode() {
    assertThat(wire(LmtpReply.of(250, "2.1.5", "Recipient OK")))
        .isEqualTo("250 2.1.5 Recipient OK\r\n");
  }

  @Test
  void encodesMultilineRepliesWithContinuationMarks() {
    LmtpReply reply = new LmtpReply(250, "", List.of("host", "PIPELINING", "SIZE 10"));
    assertThat(wire(reply)).isEqualTo("250-host\r\n250-PIPELINING\r\n250 SIZE 10\r\n");
  }

  @Test
  void encodesPlainRepliesWithoutStatus() {
    assertThat(wire(LmtpReply.plain(354, "go ahead"))).isEqualTo("354 go ahead\r\n");
  }

  @Test
  void sanitisesTextSoNoLineCanBeForged() {
    LmtpReply reply = LmtpReply.of(550, "5.1.1", "no such user\r\n250 2.0.0 OK\u00e9");
    assertThat(wire(reply)).isEqualTo("550 5.1.1 no such user??250 2.0.0 OK?\r\n");
  }

  @Test
  void parsesAStoreReplyLine() {
    assertThat(LmtpReply.parse("452 4.3.1 Mail store full"))
        .isEqualTo(LmtpReply.of(452, "4.3.1", "Mail store full"));
    assertThat(LmtpReply.parse("451 try later")).isEqualTo(LmtpReply.plain(451, "try later"));
    assertThat(LmtpReply.parse("full")).isNull();
    assertThat(LmtpReply.parse("45x 4.3.1 x")).isNull();
    assertThat(LmtpReply.parse(null)).isNull();
  }

  @Test
  void rejectsImpossibleReplies() {
    assertThatThrownBy(() -> LmtpReply.of(99, "", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LmtpReply(250, "", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String wire(LmtpReply reply) {
    return new String(reply.encode(), StandardCharsets.US_ASCII);
  }
}
