package io.tandem.lmtp;

import io.tandem.lmtp.MailDrop.Incoming;
import io.tandem.lmtp.MailDrop.Outcome;
import io.tandem.lmtp.MailDrop.Recipient;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mail transaction, from MAIL to the replies after DATA: the sender, the accepted recipients
 * in RCPT order and the spool. It writes the one INFO log line per transaction (addresses,
 * reply codes and size; never content). Not thread-safe: owned by one session.
 */
final class LmtpTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(LmtpTransaction.class);

  private final String peer;
  private final String sender;
  private final List<Recipient> accepted = new ArrayList<>();
  private Incoming incoming;

  LmtpTransaction(String peer, String sender) {
    this.peer = peer;
    this.sender = sender;
  }

  List<Recipient> accepted() {
    return accepted;
  }

  void accept(Recipient recipient) {
    accepted.add(recipient);
  }

  /** Opens the spool; the store may refuse with a 4xx. */
  void begin(MailDrop drop) throws DropUnavailableException {
    incoming = drop.begin();
  }

  OutputStream body() {
    return incoming.body();
  }

  /** Delivers the spooled body, or discards it, and returns one reply per accepted recipient. */
  List<LmtpReply> finish(MailDrop drop, DataReader.Result body) {
    List<LmtpReply> replies;
    if (body.tooBig()) {
      discard();
      replies = LmtpReplies.perRecipient(accepted.size(), LmtpReplies.MESSAGE_TOO_BIG);
    } else if (body.spoolFailure() != null) {
      LOG.error("lmtp: writing the spool failed for {}", peer, body.spoolFailure());
      discard();
      replies = LmtpReplies.perRecipient(accepted.size(), LmtpReplies.SPOOL_FAILED);
    } else {
      replies = deliver(drop);
    }
    log(replies, body.size());
    return replies;
  }

  /** Logs a transaction the store refused at DATA time. */
  void refused(LmtpReply reply) {
    log(LmtpReplies.perRecipient(accepted.size(), reply), 0);
  }

  /** Drops the spool, if any; a store error here only loses an undelivered spool. */
  void discard() {
    if (incoming == null) {
      return;
    }
    try {
      incoming.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("lmtp: discarding a spool failed: {}", e.toString());
    }
    incoming = null;
  }

  private List<LmtpReply> deliver(MailDrop drop) {
    List<Outcome> outcomes;
    try {
      outcomes = drop.deliver(sender, List.copyOf(accepted), incoming);
      incoming = null;
    } catch (RuntimeException e) {
      // The store's state is unknown: a 4xx makes the MTA retry, which may duplicate but never lose.
      LOG.error("lmtp: delivery failed for {}", peer, e);
      discard();
      outcomes = List.of();
    }
    List<LmtpReply> replies = new ArrayList<>(accepted.size());
    for (int i = 0; i < accepted.size(); i++) {
      Outcome outcome = i < outcomes.size() ? outcomes.get(i) : null;
      replies.add(outcome == null || outcome.kind() == null
          ? LmtpReplies.STORE_ERROR
          : LmtpReplies.outcome(accepted.get(i).address(), outcome));
    }
    return replies;
  }

  private void log(List<LmtpReply> replies, long size) {
    StringJoiner to = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < accepted.size(); i++) {
      LmtpReply reply = replies.get(i);
      to.add("<" + accepted.get(i).address() + "> " + reply.code() + " " + reply.status());
    }
    LOG.info("lmtp: peer={} from=<{}> to={} size={}", peer, sender, to, size);
  }
}
