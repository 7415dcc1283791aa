package io.tandem.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lmtp.LmtpSession.Next;
import io.tandem.lmtp.LmtpSession.Step;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Store failures the transcripts cannot provoke; the session must answer 4xx, never throw. */
class LmtpSessionTest {
  private static final LmtpSettings SETTINGS =
      new LmtpSettings("lmtp.test", 1000, 5, 512, 3, Duration.ofSeconds(5), 10, 10);
  private final LmtpCommandParser parser = new LmtpCommandParser();
  private final FakeMailDrop fake = new FakeMailDrop();

  @Test
  void walksThroughTheStates() {
    LmtpSession session = new LmtpSession(fake, SETTINGS, "peer");
    assertThat(session.state()).isEqualTo(LmtpState.CONNECTED);
    send(session, "LHLO x");
    assertThat(session.state()).isEqualTo(LmtpState.READY);
    send(session, "MAIL FROM:<a@example.org>");
    assertThat(session.state()).isEqualTo(LmtpState.MAIL);
    send(session, "RCPT TO:<b@example.test>");
    assertThat(session.state()).isEqualTo(LmtpState.RCPT);
    assertThat(session.handle(parser.parse("DATA")).next()).isEqualTo(Next.READ_BODY);
    assertThat(session.state()).isEqualTo(LmtpState.DATA);
    session.endData(new DataReader.Result(0, false, null));
    assertThat(session.state()).isEqualTo(LmtpState.READY);
    assertThat(session.handle(parser.parse("QUIT")).next()).isEqualTo(Next.CLOSE);
    assertThat(session.state()).isEqualTo(LmtpState.CLOSED);
  }

  @Test
  void resolveThrowingBecomesTemporaryFailure() {
    LmtpSession session = session(drop -> new Delegate(drop) {
      @Override
      public Recipient resolve(String address) {
        throw new IllegalStateException("index down");
      }
    });
    send(session, "LHLO x");
    send(session, "MAIL FROM:<a@example.org>");
    assertThat(codes(send(session, "RCPT TO:<b@example.test>"))).containsExactly("451 4.3.0");
  }

  @Test
  void deliverThrowingGivesEveryRecipientA451AndClosesTheSpool() {
    LmtpSession session = session(drop -> new Delegate(drop) {
      @Override
      public List<Outcome> deliver(String from, List<Recipient> to, Incoming incoming) {
        throw new IllegalStateException("journal down");
      }
    });
    assertThat(codes(transaction(session))).containsExactly("451 4.3.0", "451 4.3.0");
    assertThat(fake.openSpools()).isZero();
  }

  @Test
  void missingOutcomesBecomeTemporaryFailures() {
    LmtpSession session = session(drop -> new Delegate(drop) {
      @Override
      public List<Outcome> deliver(String from, List<Recipient> to, Incoming incoming) {
        return List.of(drop.deliver(from, to, incoming).get(0));
      }
    });
    assertThat(codes(transaction(session))).containsExactly("250 2.0.0", "451 4.3.0");
  }

  @Test
  void spoolFailureGivesEveryRecipientA451() {
    LmtpSession session = new LmtpSession(fake, SETTINGS, "peer");
    send(session, "LHLO x");
    send(session, "MAIL FROM:<a@example.org>");
    send(session, "RCPT TO:<b@example.test>");
    send(session, "DATA");
    Step step = session.endData(new DataReader.Result(10, false, new IOException("disk")));
    assertThat(codes(step)).containsExactly("451 4.3.0");
    assertThat(fake.openSpools()).isZero();
    assertThat(fake.deliveries()).isEmpty();
  }

  @Test
  void storeReasonTextCannotForgeReplyLines() {
    fake.outcome("b@example.test", MailDrop.Outcome.storeFull("full\r\n250 2.0.0 fine"));
    List<LmtpReply> replies = transaction(new LmtpSession(fake, SETTINGS, "peer")).replies();
    assertThat(new String(replies.get(0).encode(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("452 4.3.1 <b@example.test> full??250 2.0.0 fine\r\n");
  }

  @Test
  void abortDropsAnOpenSpool() {
    LmtpSession session = new LmtpSession(fake, SETTINGS, "peer");
    send(session, "LHLO x");
    send(session, "MAIL FROM:<a@example.org>");
    send(session, "RCPT TO:<b@example.test>");
    send(session, "DATA");
    assertThat(fake.openSpools()).isEqualTo(1);
    session.abort();
    assertThat(fake.openSpools()).isZero();
  }

  private LmtpSession session(Function<MailDrop, MailDrop> wrap) {
    return new LmtpSession(wrap.apply(fake), SETTINGS, "peer");
  }

  private Step transaction(LmtpSession session) {
    send(session, "LHLO x");
    send(session, "MAIL FROM:<a@example.org>");
    send(session, "RCPT TO:<b@example.test>");
    send(session, "RCPT TO:<c@example.test>");
    send(session, "DATA");
    return session.endData(new DataReader.Result(0, false, null));
  }

  private Step send(LmtpSession session, String line) {
    return session.handle(parser.parse(line));
  }

  private static List<String> codes(Step step) {
    return step.replies().stream().map(r -> r.code() + " " + r.status()).toList();
  }

  /** Forwards to a real fake so a test overrides only the call it breaks. */
  private abstract static class Delegate implements MailDrop {
    private final MailDrop drop;

    Delegate(MailDrop drop) {
      this.drop = drop;
    }

    @Override
    public Recipient resolve(String address) {
      return drop.resolve(address);
    }

    @Override
    public Incoming begin() throws DropUnavailableException {
      return drop.begin();
    }

    @Override
    public List<Outcome> deliver(String from, List<Recipient> to, Incoming incoming) {
      return drop.deliver(from, to, incoming);
    }
  }
}
