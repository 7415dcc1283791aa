package io.tandem.reconcile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing an appliance did alone, after the point where its history and the new primary's
 * part (a forced failover), translated into an action the new primary can carry out as a new
 * operation of its own. Messages of the common history are named by mailbox and UID (the same
 * on both appliances); messages born during the divergence travel by content (hash, size,
 * flags) and are delivered again. Some kinds are reported but never replayed, because replaying
 * them could remove mail the new primary received meanwhile.
 *
 * @param kind what to do
 * @param user the user
 * @param mailbox the mailbox acted on ({@code ""} for user actions); for COPY the source
 * @param target RENAME_MAILBOX: the new name; COPY: the target mailbox; else {@code ""}
 * @param uid a message of the common history (SET_FLAGS, EXPUNGE, COPY's source); else 0
 * @param sha256 DELIVER and NOT_REDELIVERED: the body's hash; else {@code ""}
 * @param size DELIVER and NOT_REDELIVERED: the body's size; else 0
 * @param flags the flags the message ends with (DELIVER, COPY, SET_FLAGS); else empty
 * @param internalDateMillis DELIVER: the internal date the message had; else 0
 * @param detail ADD_USER and CHANGE_PASSWORD: the password hash; CREATE_MAILBOX: the special
 *     use or {@code ""}; NOT_REDELIVERED: why; else {@code ""}
 */
public record DivergentAction(Kind kind, String user, String mailbox, String target, long uid,
    String sha256, long size, List<String> flags, long internalDateMillis, String detail) {

  /** The kinds of action, with their names on the wire and in records. */
  public enum Kind {
    ADD_USER(true),
    CHANGE_PASSWORD(true),
    DELETE_USER(false),
    CREATE_MAILBOX(true),
    RENAME_MAILBOX(true),
    DELETE_MAILBOX(false),
    SUBSCRIBE(true),
    UNSUBSCRIBE(true),
    DELIVER(true),
    COPY(true),
    SET_FLAGS(true),
    EXPUNGE(true),
    NOT_REDELIVERED(false);

    private final boolean replayed;

    Kind(boolean replayed) {
      this.replayed = replayed;
    }

    /** False for kinds that are only listed: the new primary does not carry them out. */
    public boolean replayed() {
      return replayed;
    }

    /** The name on the wire and in records: {@code set-flags}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind of a wire name, or null when there is none. */
    public static Kind fromWire(String name) {
      for (Kind kind : values()) {
        if (kind.wireName().equals(name)) {
          return kind;
        }
      }
      return null;
    }
  }

  public DivergentAction {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(user, "user");
    mailbox = Objects.requireNonNullElse(mailbox, "");
    target = Objects.requireNonNullElse(target, "");
    sha256 = Objects.requireNonNullElse(sha256, "");
    flags = List.copyOf(flags);
    detail = Objects.requireNonNullElse(detail, "");
  }

  /** A user-level or mailbox-level action (no message). */
  static DivergentAction structural(Kind kind, String user, String mailbox, String target,
      String detail) {
    return new DivergentAction(kind, user, mailbox, target, 0, "", 0, List.of(), 0, detail);
  }

  /** True when the action needs the message body sent with it. */
  public boolean needsBody() {
    return kind == Kind.DELIVER;
  }

  /** The action in plain words, for {@code tandem divergence show} and the log. */
  public String describe() {
    String where = user + "/" + mailbox;
    String flagText = flags.isEmpty() ? "no flags" : "flags " + String.join(" ", flags);
    return switch (kind) {
      case ADD_USER -> "add user " + user;
      case CHANGE_PASSWORD -> "change the password of " + user;
      case DELETE_USER -> "delete user " + user;
      case CREATE_MAILBOX -> "create mailbox " + where;
      case RENAME_MAILBOX -> "rename mailbox " + where + " to " + target;
      case DELETE_MAILBOX -> "delete mailbox " + where;
      case SUBSCRIBE -> "subscribe to " + where;
      case UNSUBSCRIBE -> "unsubscribe from " + where;
      case DELIVER -> "deliver a message of " + size + " bytes (sha256 " + shortHash() + ") to "
          + where + ", " + flagText;
      case COPY -> "copy message UID " + uid + " of " + where + " to " + target + ", "
          + flagText;
      case SET_FLAGS -> "set the flags of UID " + uid + " in " + where + " to "
          + (flags.isEmpty() ? "none" : String.join(" ", flags));
      case EXPUNGE -> "expunge UID " + uid + " of " + where;
      case NOT_REDELIVERED -> "a message of " + size + " bytes (sha256 " + shortHash()
          + ") in " + where + ": " + detail;
    };
  }

  private String shortHash() {
    return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
  }
}
