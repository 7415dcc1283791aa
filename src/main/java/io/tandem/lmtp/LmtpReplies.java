package io.tandem.lmtp;

import io.tandem.lmtp.MailDrop.Kind;
import java.util.Collections;
import java.util.List;

/**
 * Every fixed reply the LMTP server sends, in one place so that codes and texts stay consistent
 * (RFC 5321 §4.2 for codes, RFC 3463 for enhanced codes).
 */
final class LmtpReplies {
  static final LmtpReply OK = LmtpReply.of(250, "2.0.0", "OK");
  static final LmtpReply START_DATA = LmtpReply.plain(354, "Start mail input; end with <CRLF>.<CRLF>");
  static final LmtpReply CANNOT_VRFY =
      LmtpReply.of(252, "2.5.0", "Cannot VRFY user, but will accept message");

  static final LmtpReply UNRECOGNIZED = LmtpReply.of(500, "5.5.1", "Command unrecognized");
  static final LmtpReply LHLO_REQUIRED =
      LmtpReply.of(500, "5.5.1", "This is an LMTP server; use LHLO");
  static final LmtpReply LINE_TOO_LONG = LmtpReply.of(500, "5.5.2", "Line too long");
  static final LmtpReply SEND_LHLO_FIRST = LmtpReply.of(503, "5.5.1", "Send LHLO first");
  static final LmtpReply NESTED_MAIL = LmtpReply.of(503, "5.5.1", "Nested MAIL command");
  static final LmtpReply NEED_MAIL = LmtpReply.of(503, "5.5.1", "Need MAIL command first");
  static final LmtpReply NEED_RCPT = LmtpReply.of(503, "5.5.1", "Need RCPT command first");
  // RFC 2033 §4.2: DATA without a successful RCPT MUST fail with 503 (SMTP servers often use 554).
  static final LmtpReply NO_VALID_RECIPIENTS = LmtpReply.of(503, "5.5.1", "No valid recipients");
  static final LmtpReply TOO_MANY_RECIPIENTS = LmtpReply.of(452, "4.5.3", "Too many recipients");
  static final LmtpReply MESSAGE_TOO_BIG =
      LmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
  static final LmtpReply SPOOL_FAILED =
      LmtpReply.of(451, "4.3.0", "Local error while receiving the message; try again later");
  static final LmtpReply STORE_ERROR =
      LmtpReply.of(451, "4.3.0", "Temporary local error; try again later");

  static final LmtpReply TOO_MANY_ERRORS =
      LmtpReply.of(421, "4.7.0", "Too many invalid commands; closing connection");
  static final LmtpReply IDLE_TIMEOUT =
      LmtpReply.of(421, "4.4.2", "Idle timeout; closing connection");
  static final LmtpReply SHUTTING_DOWN =
      LmtpReply.of(421, "4.3.2", "Service shutting down; try again later");
  static final LmtpReply TOO_MANY_CONNECTIONS =
      LmtpReply.of(421, "4.3.2", "Too many connections; try again later");
  static final LmtpReply TOO_MANY_FROM_PEER =
      LmtpReply.of(421, "4.3.2", "Too many connections from your address; try again later");

  private LmtpReplies() {}

  static LmtpReply syntax(String text) {
    return LmtpReply.of(501, "5.5.4", text);
  }

  static LmtpReply greeting(String hostname) {
    return LmtpReply.plain(220, hostname + " LMTP Tandem ready");
  }

  static LmtpReply goodbye(String hostname) {
    return LmtpReply.of(221, "2.0.0", hostname + " closing connection");
  }

  static LmtpReply lhlo(LmtpSettings settings) {
    return new LmtpReply(250, "", List.of(settings.hostname(), "PIPELINING", "8BITMIME",
        "ENHANCEDSTATUSCODES", "SIZE " + settings.maxMessageSize()));
  }

  static LmtpReply senderOk(String sender) {
    return LmtpReply.of(250, "2.1.0", "Sender <" + sender + "> OK");
  }

  static LmtpReply recipientOk(String recipient) {
    return LmtpReply.of(250, "2.1.5", "Recipient <" + recipient + "> OK");
  }

  static LmtpReply unknownUser(String recipient, String reason) {
    return LmtpReply.of(550, "5.1.1", orDefault(reason, "User <" + recipient + "> unknown"));
  }

  static LmtpReply recipientUnavailable(String recipient, String reason) {
    return LmtpReply.of(451, "4.3.0",
        orDefault(reason, "Recipient <" + recipient + "> temporarily unavailable"));
  }

  /** RFC 2033 §4.2: one reply per accepted recipient, each with the address for the MTA's log. */
  static LmtpReply outcome(String recipient, MailDrop.Outcome outcome) {
    String text = "<" + recipient + "> " + orDefault(outcome.text(), defaultText(outcome.kind()));
    return switch (outcome.kind()) {
      case DELIVERED -> LmtpReply.of(250, "2.0.0", text);
      case TEMPORARY_FAILURE -> LmtpReply.of(451, "4.3.0", text);
      case NOT_ACCEPTING -> LmtpReply.of(451, "4.3.2", text);
      case STORE_FULL -> LmtpReply.of(452, "4.3.1", text);
      case PERMANENT_FAILURE -> LmtpReply.of(554, "5.3.0", text);
    };
  }

  /** The same reply once per recipient, as LMTP requires after DATA. */
  static List<LmtpReply> perRecipient(int recipients, LmtpReply reply) {
    return Collections.nCopies(recipients, reply);
  }

  private static String defaultText(Kind kind) {
    return kind == Kind.DELIVERED ? "delivered" : "not delivered";
  }

  private static String orDefault(String text, String fallback) {
    return text == null || text.isBlank() ? fallback : text;
  }
}
