package io.tandem.imap.protocol;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One decoded client command (RFC 3501 §6 and the extensions named per record). Immutable
 * values; mailbox names are already decoded from modified UTF-7, and "INBOX" in any case is
 * "INBOX". Produced only by {@link ImapCommandDecoder}.
 */
public sealed interface ImapCommand {
  /** The client's tag, echoed in the tagged reply. */
  String tag();

  /** CAPABILITY (RFC 3501 §6.1.1). */
  record Capability(String tag) implements ImapCommand {}

  /** NOOP (§6.1.2). */
  record Noop(String tag) implements ImapCommand {}

  /** LOGOUT (§6.1.3). */
  record Logout(String tag) implements ImapCommand {}

  /** STARTTLS (§6.2.1). */
  record StartTls(String tag) implements ImapCommand {}

  /**
   * AUTHENTICATE (§6.2.2) with the SASL-IR initial response (RFC 4959 §7): the base64 text as
   * sent, "=" for an empty response.
   */
  record Authenticate(String tag, String mechanism, Optional<String> initialResponse)
      implements ImapCommand {}

  /** LOGIN (§6.2.3). */
  record Login(String tag, String user, String password) implements ImapCommand {
    /** Never shows the password. */
    @Override
    public String toString() {
      return "Login[tag=" + tag + ", user=" + user + "]";
    }
  }

  /** The QRESYNC parameter of SELECT/EXAMINE (RFC 7162 §3.2.5). */
  record Qresync(long uidValidity, long modSeq, Optional<SequenceSet> knownUids,
      Optional<SequenceSet> knownSequenceSet, Optional<SequenceSet> knownUidSet) {}

  /** SELECT, or EXAMINE when {@code readOnly} (§6.3.1-2), with CONDSTORE/QRESYNC (RFC 7162). */
  record Select(String tag, String mailbox, boolean readOnly, boolean condstore,
      Optional<Qresync> qresync) implements ImapCommand {}

  /** CREATE (§6.3.3). */
  record Create(String tag, String mailbox) implements ImapCommand {}

  /** DELETE (§6.3.4). */
  record Delete(String tag, String mailbox) implements ImapCommand {}

  /** RENAME (§6.3.5). */
  record Rename(String tag, String from, String to) implements ImapCommand {}

  /** SUBSCRIBE, or UNSUBSCRIBE when not {@code subscribe} (§6.3.6-7). */
  record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {}

  /**
   * LIST (§6.3.8) with the basic LIST-EXTENDED syntax (RFC 5258 §3): selection options,
   * several patterns and return options, all upper-cased; RETURN (STATUS (...)) of RFC 5819
   * lands in {@code returnStatus}.
   */
  record ListMailboxes(String tag, Set<String> selectOptions, String reference,
      List<String> patterns, Set<String> returnOptions, Set<StatusItem> returnStatus)
      implements ImapCommand {}

  /** LSUB (§6.3.9). */
  record Lsub(String tag, String reference, String pattern) implements ImapCommand {}

  /** The items of STATUS (§6.3.10; HIGHESTMODSEQ from RFC 7162 §3.1.8). */
  enum StatusItem { MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ }

  /** STATUS (§6.3.10). */
  record Status(String tag, String mailbox, Set<StatusItem> items) implements ImapCommand {}

  /** APPEND (§6.3.11): one message, with optional flags and internal date. */
  record Append(String tag, String mailbox, List<String> flags,
      Optional<OffsetDateTime> internalDate, byte[] message) implements ImapCommand {
    /** Shows the message size, not its bytes. */
    @Override
    public String toString() {
      return "Append[tag=" + tag + ", mailbox=" + mailbox + ", flags=" + flags
          + ", internalDate=" + internalDate + ", size=" + message.length + "]";
    }
  }

  /** CHECK (§6.4.1). */
  record Check(String tag) implements ImapCommand {}

  /** CLOSE (§6.4.2). */
  record Close(String tag) implements ImapCommand {}

  /** UNSELECT (RFC 3691). */
  record Unselect(String tag) implements ImapCommand {}

  /** EXPUNGE (§6.4.3), or UID EXPUNGE of {@code uids} (RFC 4315 §2.1). */
  record Expunge(String tag, Optional<SequenceSet> uids) implements ImapCommand {}

  /** SEARCH or UID SEARCH (§6.4.4); the keys are one {@link SearchKey.And}. */
  record Search(String tag, boolean uid, Optional<String> charset, SearchKey key)
      implements ImapCommand {}

  /**
   * FETCH or UID FETCH (§6.4.5) with macros expanded; CHANGEDSINCE and VANISHED from RFC 7162
   * §3.1.4 and §3.2.6 ({@code vanished} implies {@code uid} and a {@code changedSince}).
   */
  record Fetch(String tag, boolean uid, SequenceSet set, List<FetchAttribute> attributes,
      OptionalLong changedSince, boolean vanished) implements ImapCommand {}

  /** How STORE changes flags: FLAGS, +FLAGS or -FLAGS. */
  enum StoreMode { REPLACE, ADD, REMOVE }

  /** STORE or UID STORE (§6.4.6), with UNCHANGEDSINCE (RFC 7162 §3.1.3). */
  record Store(String tag, boolean uid, SequenceSet set, OptionalLong unchangedSince,
      StoreMode mode, boolean silent, List<String> flags) implements ImapCommand {}

  /** COPY or UID COPY (§6.4.7). */
  record Copy(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {}

  /** MOVE or UID MOVE (RFC 6851 §3). */
  record Move(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {}

  /** IDLE (RFC 2177); the client ends it with a DONE line, see {@link ImapCommandDecoder#isDone}. */
  record Idle(String tag) implements ImapCommand {}

  /** ENABLE (RFC 5161 §3.1), capability names upper-cased. */
  record Enable(String tag, List<String> capabilities) implements ImapCommand {}

  /** One field of ID; a NIL value is empty. */
  record IdField(String name, Optional<String> value) {}

  /** ID (RFC 2971 §3.1); NIL and "()" both give no fields. */
  record Id(String tag, List<IdField> fields) implements ImapCommand {}

  /** NAMESPACE (RFC 2342 §5). */
  record Namespace(String tag) implements ImapCommand {}
}
