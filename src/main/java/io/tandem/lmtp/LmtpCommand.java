package io.tandem.lmtp;

import java.util.OptionalLong;

/**
 * A decoded LMTP command line (the output of {@link LmtpCommandParser}). Every command names its
 * {@link Verb} so that the session can check the sequence before looking at arguments, including
 * for an {@link Invalid} one. Immutable.
 */
public sealed interface LmtpCommand {

  /** The command word; {@link #OTHER} for unknown words, HELO/EHLO and over-long lines. */
  Verb verb();

  /** Command words the session distinguishes. */
  enum Verb {
    LHLO,
    MAIL,
    RCPT,
    DATA,
    RSET,
    NOOP,
    QUIT,
    VRFY,
    OTHER
  }

  /** The BODY parameter of MAIL (RFC 6152). */
  enum Body {
    SEVEN_BIT,
    EIGHT_BIT_MIME
  }

  /** {@code LHLO domain}. */
  record Lhlo(String domain) implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.LHLO;
    }
  }

  /**
   * {@code MAIL FROM:<sender> [SIZE=n] [BODY=...]}.
   *
   * @param sender the reverse-path without brackets and source route; empty for {@code <>}
   * @param size the declared size in bytes, if given
   */
  record Mail(String sender, OptionalLong size, Body body) implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.MAIL;
    }
  }

  /** {@code RCPT TO:<recipient>}; the address without brackets and source route. */
  record Rcpt(String recipient) implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.RCPT;
    }
  }

  /** {@code DATA}. */
  record Data() implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.DATA;
    }
  }

  /** {@code RSET}. */
  record Rset() implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.RSET;
    }
  }

  /** {@code NOOP [string]}. */
  record Noop() implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.NOOP;
    }
  }

  /** {@code QUIT}. */
  record Quit() implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.QUIT;
    }
  }

  /** {@code VRFY string}; always answered with 252. */
  record Vrfy(String argument) implements LmtpCommand {
    @Override
    public Verb verb() {
      return Verb.VRFY;
    }
  }

  /** A line that could not be decoded, with the error reply to send. */
  record Invalid(Verb verb, LmtpReply reply) implements LmtpCommand {}
}
