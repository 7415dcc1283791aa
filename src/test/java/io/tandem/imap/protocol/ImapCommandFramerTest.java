package io.tandem.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImapCommandFramerTest {
  private final ImapCommandFramer framer = new ImapCommandFramer();
  private final ImapLimits limits = ImapLimits.authenticated();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void synchronizingAndNonSynchronizingLiterals() throws Exception {
    assertThat(framer.line(b("A001 LOGIN {11}"), limits))
        .isEqualTo(new ImapCommandFramer.NeedLiteral(11, true));
    framer.literal(b("FRED FOOBAR"));
    assertThat(framer.line(b(" {7+}"), limits))
        .isEqualTo(new ImapCommandFramer.NeedLiteral(7, false));
    framer.literal(b("fat man"));
    ImapCommandFramer.Step done = framer.line(b(""), limits);
    byte[] command = ((ImapCommandFramer.Complete) done).command();
    assertThat(new ImapCommandDecoder().decode(command, limits))
        .isEqualTo(new ImapCommand.Login("A001", "FRED FOOBAR", "fat man"));
  }

  @Test
  void plainLineIsComplete() throws Exception {
    assertThat(framer.line(b("a SEARCH SUBJECT \"{3}\""), limits))
        .isInstanceOf(ImapCommandFramer.Complete.class);
  }

  @Test
  void tooLargeLiteralIsRefusedBeforeTheContinuation() throws Exception {
    assertThatThrownBy(() -> framer.line(b("a7 LOGIN {5000}"), ImapLimits.notAuthenticated()))
        .isInstanceOfSatisfying(ImapSyntaxException.class, e -> {
          assertThat(e.tag()).contains("a7");
          assertThat(e.reason()).isEqualTo("Literal too large");
        });
    assertThatThrownBy(() -> framer.line(b("a APPEND x {99999999999999}"), limits))
        .hasMessage("Literal too large");
    // The framer is reset: the next command starts afresh.
    assertThat(framer.line(b("b NOOP"), limits)).isInstanceOf(ImapCommandFramer.Complete.class);
  }

  @Test
  void tooManyLiteralsAndLongLines() {
    ImapLimits pre = ImapLimits.notAuthenticated();
    assertThatThrownBy(() -> {
      for (int i = 0; i < 3; i++) {
        framer.line(b("a LOGIN {1}"), pre);
        framer.literal(b("x"));
      }
    }).hasMessage("Too many literals");
    assertThatThrownBy(() -> framer.line(b("a " + "x".repeat(9000)), pre))
        .hasMessage("Line too long");
  }
}
