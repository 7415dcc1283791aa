package io.tandem.scrub;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message file that did not match its hash, or was missing, and what the scrub did about it.
 *
 * @param file the file as the index names it, relative to the mailbox folder
 * @param detail in words: what was found and where a good copy came from, or why none did
 */
public record Finding(String user, String mailbox, long uid, String file, String sha256,
    Problem problem, Outcome outcome, String detail) {

  /** What was wrong with the file. */
  public enum Problem {
    /** Its bytes do not hash to the index's SHA-256. */
    CORRUPT,
    /** No file holds the message. */
    MISSING
  }

  /** What became of it. */
  public enum Outcome {
    /** A good copy (from this appliance or the partner) replaced it. */
    REPAIRED,
    /** Bad here, and no good copy exists on this appliance or on the partner. */
    UNREPAIRABLE,
    /** Bad here, no good copy here, and the partner could not be asked: the next scrub tries. */
    AWAITING_PARTNER
  }

  /** The message in words: "uid 4 in alice/INBOX". */
  public String where() {
    return "uid " + uid + " in " + user + "/" + mailbox;
  }

  /** One line for the operator. */
  public String describe() {
    return outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": message "
        + where() + " (file " + file + ", SHA-256 " + sha256 + ") was "
        + problem.name().toLowerCase(java.util.Locale.ROOT) + "; " + detail;
  }

  /** As JSON fields. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", user);
    out.put("mailbox", mailbox);
    out.put("uid", uid);
    out.put("file", file);
    out.put("sha256", sha256);
    out.put("problem", problem.name().toLowerCase(java.util.Locale.ROOT));
    out.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
    out.put("detail", detail);
    return out;
  }
}
