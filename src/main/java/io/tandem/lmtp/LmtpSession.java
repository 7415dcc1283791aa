package io.tandem.lmtp;

import io.tandem.lmtp.LmtpCommand.Invalid;
import io.tandem.lmtp.LmtpCommand.Verb;
import io.tandem.lmtp.MailDrop.Recipient;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LMTP state machine (RFC 2033, with RFC 5321 sequencing): takes decoded commands, asks the
 * {@link MailDrop}, and answers with replies and what the connection should do next. It does no
 * I/O of its own except through the drop. The sequence is checked before the arguments, and
 * syntax and sequence errors are counted against {@link LmtpSettings#maxInvalidCommands()}.
 *
 * <p>Not thread-safe: one session per connection thread.
 */
public final class LmtpSession {
  private static final Logger LOG = LoggerFactory.getLogger(LmtpSession.class);

  /** What the connection does after sending a step's replies. */
  public enum Next {
    READ_COMMAND,
    READ_BODY,
    CLOSE
  }

  /** Replies to send, in order, and what comes next. */
  public record Step(List<LmtpReply> replies, Next next) {
    static Step reply(LmtpReply reply) {
      return new Step(List.of(reply), Next.READ_COMMAND);
    }
  }

  private final MailDrop drop;
  private final LmtpSettings settings;
  private final String peer;
  private LmtpState state = LmtpState.CONNECTED;
  private LmtpTransaction transaction;
  private int errors;

  /** A new session for a client at {@code peer} (used in logs only). */
  public LmtpSession(MailDrop drop, LmtpSettings settings, String peer) {
    this.drop = drop;
    this.settings = settings;
    this.peer = peer;
  }

  public LmtpState state() {
    return state;
  }

  /** The 220 greeting that opens the session. */
  public Step greeting() {
    return Step.reply(LmtpReplies.greeting(settings.hostname()));
  }

  /** Answers one command; valid in every state but DATA and CLOSED. */
  public Step handle(LmtpCommand command) {
    if (state == LmtpState.DATA || state == LmtpState.CLOSED) {
      throw new IllegalStateException("no commands in state " + state);
    }
    LmtpReply outOfSequence = checkSequence(command.verb());
    if (outOfSequence != null) {
      return protocolError(outOfSequence);
    }
    if (command instanceof Invalid invalid) {
      return protocolError(invalid.reply());
    }
    return dispatch(command);
  }

  /** The spool to copy the body into; valid in state DATA. */
  OutputStream body() {
    return transaction.body();
  }

  /** Ends DATA: delivers (or discards) and answers once per accepted recipient. */
  Step endData(DataReader.Result body) {
    List<LmtpReply> replies = transaction.finish(drop, body);
    transaction = null;
    state = LmtpState.READY;
    return new Step(replies, Next.READ_COMMAND);
  }

  /** The connection is going away: drop any spool. */
  public void abort() {
    reset();
    state = LmtpState.CLOSED;
  }

  private LmtpReply checkSequence(Verb verb) {
    boolean transactional = verb == Verb.MAIL || verb == Verb.RCPT || verb == Verb.DATA;
    if (transactional && state == LmtpState.CONNECTED) {
      return LmtpReplies.SEND_LHLO_FIRST;
    }
    return switch (verb) {
      case MAIL -> state == LmtpState.READY ? null : LmtpReplies.NESTED_MAIL;
      case RCPT -> state == LmtpState.READY ? LmtpReplies.NEED_MAIL : null;
      case DATA -> state == LmtpState.READY ? LmtpReplies.NEED_MAIL
          : state == LmtpState.MAIL ? LmtpReplies.NEED_RCPT : null;
      default -> null;
    };
  }

  private Step dispatch(LmtpCommand command) {
    if (command instanceof LmtpCommand.Lhlo) {
      reset();
      state = LmtpState.READY;
      return Step.reply(LmtpReplies.lhlo(settings));
    } else if (command instanceof LmtpCommand.Mail mail) {
      return mail(mail);
    } else if (command instanceof LmtpCommand.Rcpt rcpt) {
      return Step.reply(rcpt(rcpt.recipient()));
    } else if (command instanceof LmtpCommand.Data) {
      return data();
    } else if (command instanceof LmtpCommand.Rset) {
      reset();
      return Step.reply(LmtpReplies.OK);
    } else if (command instanceof LmtpCommand.Vrfy) {
      return Step.reply(LmtpReplies.CANNOT_VRFY);
    } else if (command instanceof LmtpCommand.Quit) {
      abort();
      return new Step(List.of(LmtpReplies.goodbye(settings.hostname())), Next.CLOSE);
    }
    return Step.reply(LmtpReplies.OK);
  }

  private Step mail(LmtpCommand.Mail mail) {
    if (mail.size().orElse(0) > settings.maxMessageSize()) {
      return Step.reply(LmtpReplies.MESSAGE_TOO_BIG);
    }
    transaction = new LmtpTransaction(peer, mail.sender());
    state = LmtpState.MAIL;
    return Step.reply(LmtpReplies.senderOk(mail.sender()));
  }

  private LmtpReply rcpt(String address) {
    state = LmtpState.RCPT;
    if (transaction.accepted().size() >= settings.maxRecipients()) {
      return LmtpReplies.TOO_MANY_RECIPIENTS;
    }
    Recipient recipient = resolve(address);
    switch (recipient.verdict()) {
      case ACCEPTED:
        transaction.accept(recipient);
        return LmtpReplies.recipientOk(address);
      case UNKNOWN_USER:
        return LmtpReplies.unknownUser(address, recipient.reason());
      default:
        return LmtpReplies.recipientUnavailable(address, recipient.reason());
    }
  }

  private Recipient resolve(String address) {
    try {
      Recipient recipient = drop.resolve(address);
      if (recipient != null && recipient.verdict() != null) {
        return recipient;
      }
      LOG.error("lmtp: the store gave no verdict for <{}>", address);
    } catch (RuntimeException e) {
      LOG.error("lmtp: resolving <{}> failed", address, e);
    }
    return Recipient.unavailable(address, "");
  }

  private Step data() {
    if (transaction.accepted().isEmpty()) {
      return Step.reply(LmtpReplies.NO_VALID_RECIPIENTS);
    }
    LmtpReply refusal;
    try {
      transaction.begin(drop);
      state = LmtpState.DATA;
      return new Step(List.of(LmtpReplies.START_DATA), Next.READ_BODY);
    } catch (DropUnavailableException e) {
      refusal = transient4xx(e.reply());
    } catch (RuntimeException e) {
      LOG.error("lmtp: opening a spool failed for {}", peer, e);
      refusal = LmtpReplies.STORE_ERROR;
    }
    transaction.refused(refusal);
    reset();
    return Step.reply(refusal);
  }

  /** The store promises a 4xx; anything else would bounce mail, so it becomes a plain 451. */
  private static LmtpReply transient4xx(String line) {
    LmtpReply reply = LmtpReply.parse(line);
    if (reply != null && reply.code() / 100 == 4) {
      return reply;
    }
    LOG.warn("lmtp: store refused with a reply that is not 4xx: {}", line);
    return LmtpReplies.STORE_ERROR;
  }

  private Step protocolError(LmtpReply reply) {
    errors++;
    if (errors <= settings.maxInvalidCommands()) {
      return Step.reply(reply);
    }
    LOG.info("lmtp: closing {} after {} invalid commands", peer, errors);
    abort();
    return new Step(List.of(LmtpReplies.TOO_MANY_ERRORS), Next.CLOSE);
  }

  private void reset() {
    if (transaction != null) {
      transaction.discard();
      transaction = null;
    }
    if (state != LmtpState.CONNECTED) {
      state = LmtpState.READY;
    }
  }
}
