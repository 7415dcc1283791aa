package io.tandem.lmtp;

/** Where an LMTP session stands; decides which commands are in sequence (RFC 5321 §4.1.4). */
public enum LmtpState {
  /** Greeted; only LHLO opens the session for mail. */
  CONNECTED,
  /** After LHLO or a finished transaction: MAIL may start a transaction. */
  READY,
  /** After MAIL: RCPT is next. */
  MAIL,
  /** After at least one RCPT (accepted or not): more RCPT or DATA. */
  RCPT,
  /** Reading the message body after 354. */
  DATA,
  /** QUIT, a 421, or the client went away. */
  CLOSED
}
