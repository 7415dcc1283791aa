package io.tandem.lmtp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What the LMTP front end needs from the store: recipient checks, a spool for the incoming body,
 * and a durable delivery with one outcome per recipient.
 *
 * <p>Implementations are thread-safe: every LMTP connection calls them from its own thread.
 */
public interface MailDrop {

  /**
   * Resolves an RCPT TO address (already stripped of angle brackets and parameters), such as
   * {@code alice+lists@example.test}, to a mailbox owner. Never throws for a bad address.
   */
  Recipient resolve(String address);

  /**
   * Opens a new spool for one message body. The LMTP layer writes the message exactly as it will
   * be stored: dot-unstuffed, with LF line endings, without the prepended trace headers.
   *
   * @throws DropUnavailableException when the store cannot take mail now (full, index down,
   *     not the primary); the LMTP layer answers with a 4xx so the MTA retries
   */
  Incoming begin() throws DropUnavailableException;

  /**
   * Makes the spooled message durable for every recipient and returns one outcome per recipient,
   * in the order given. Returns only after each {@link Outcome#accepted()} delivery is durable
   * (message file and directory fsynced, journal entry forced). Closes {@code incoming}.
   */
  List<Outcome> deliver(String returnPath, List<Recipient> recipients, Incoming incoming);

  /** A spooled message body being received. Closing it without delivering discards it. */
  interface Incoming extends AutoCloseable {
    /** The stream to write the body to; not buffered beyond what the implementation chooses. */
    OutputStream body();

    @Override
    void close() throws IOException;
  }

  /** The answer for one RCPT TO. */
  record Recipient(String address, String user, Verdict verdict, String reason) {
    /** Whether the recipient may be given a 250 at RCPT time. */
    public boolean accepted() {
      return verdict == Verdict.ACCEPTED;
    }

    public static Recipient accepted(String address, String user) {
      return new Recipient(address, user, Verdict.ACCEPTED, "");
    }

    public static Recipient unknown(String address, String reason) {
      return new Recipient(address, null, Verdict.UNKNOWN_USER, reason);
    }

    public static Recipient unavailable(String address, String reason) {
      return new Recipient(address, null, Verdict.TEMPORARILY_UNAVAILABLE, reason);
    }
  }

  /** RCPT-time verdicts; each maps to one LMTP reply (250, 550 5.1.1, 451 4.3.0). */
  enum Verdict {
    ACCEPTED,
    UNKNOWN_USER,
    TEMPORARILY_UNAVAILABLE
  }

  /**
   * The per-recipient result after DATA. {@code kind} decides the reply class; {@code text} is
   * for the operator reading the MTA's log (it never contains message content).
   */
  record Outcome(Kind kind, String text) {
    public boolean accepted() {
      return kind == Kind.DELIVERED;
    }

    public static Outcome delivered(String text) {
      return new Outcome(Kind.DELIVERED, text);
    }

    public static Outcome temporaryFailure(String text) {
      return new Outcome(Kind.TEMPORARY_FAILURE, text);
    }

    public static Outcome notAccepting(String text) {
      return new Outcome(Kind.NOT_ACCEPTING, text);
    }

    public static Outcome storeFull(String text) {
      return new Outcome(Kind.STORE_FULL, text);
    }

    public static Outcome permanentFailure(String text) {
      return new Outcome(Kind.PERMANENT_FAILURE, text);
    }
  }

  /**
   * Outcome classes and their replies: DELIVERED 250 2.0.0; TEMPORARY_FAILURE 451 4.3.0 (index
   * unavailable, I/O error); NOT_ACCEPTING 451 4.3.2 (not the primary, shutting down);
   * STORE_FULL 452 4.3.1; PERMANENT_FAILURE 554 5.3.0 (only when a retry can never succeed).
   */
  enum Kind {
    DELIVERED,
    TEMPORARY_FAILURE,
    NOT_ACCEPTING,
    STORE_FULL,
    PERMANENT_FAILURE
  }
}
