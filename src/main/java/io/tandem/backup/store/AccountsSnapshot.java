package io.tandem.backup.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The users, folders and subscriptions of a store as of a run: what a disaster restore recreates
 * before it delivers the messages. Stored as an object on the target (named by its SHA-256, so an
 * unchanged snapshot is stored once) and named by the run's manifest ({@code accounts} line).
 * Immutable.
 *
 * <pre>
 * snapshot = "tandem-backup-accounts 1" LF
 *            *( "user" TAB name TAB password-hash LF
 *             / "mailbox" TAB user TAB name TAB (special-use / "-") LF
 *             / "subscribed" TAB user TAB name LF )
 * user, name = text with "%" TAB CR LF written as %25 %09 %0D %0A (as in manifests)
 * </pre>
 *
 * @param users every user with its password hash (never a password)
 * @param mailboxes every mailbox of every user, INBOX included
 * @param subscriptions every subscription
 */
public record AccountsSnapshot(List<User> users, List<Mailbox> mailboxes,
    List<Subscription> subscriptions) {
  static final String MAGIC = "tandem-backup-accounts 1";

  /** Copies the lists. */
  public AccountsSnapshot {
    users = List.copyOf(users);
    mailboxes = List.copyOf(mailboxes);
    subscriptions = List.copyOf(subscriptions);
  }

  /** A user and its password hash. */
  public record User(String name, String passwordHash) {}

  /** A mailbox; {@code specialUse} is null when it has none. */
  public record Mailbox(String user, String name, String specialUse) {}

  /** A subscription of {@code user} to {@code name}. */
  public record Subscription(String user, String name) {}

  /** The snapshot's bytes: always the same bytes for the same content (sorted input in, out). */
  public byte[] encode() {
    StringBuilder out = new StringBuilder(MAGIC).append('\n');
    for (User user : users) {
      out.append("user\t").append(esc(user.name())).append('\t').append(esc(user.passwordHash()))
          .append('\n');
    }
    for (Mailbox box : mailboxes) {
      out.append("mailbox\t").append(esc(box.user())).append('\t').append(esc(box.name()))
          .append('\t').append(box.specialUse() == null ? "-" : esc(box.specialUse()))
          .append('\n');
    }
    for (Subscription sub : subscriptions) {
      out.append("subscribed\t").append(esc(sub.user())).append('\t').append(esc(sub.name()))
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a snapshot.
   *
   * @throws ManifestFormatException when the bytes are not a snapshot
   */
  public static AccountsSnapshot read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
    if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].isEmpty()) {
      throw new ManifestFormatException("not an accounts snapshot (version 1)");
    }
    List<User> users = new ArrayList<>();
    List<Mailbox> mailboxes = new ArrayList<>();
    List<Subscription> subscriptions = new ArrayList<>();
    for (int i = 1; i < lines.length - 1; i++) {
      String[] f = lines[i].split("\t", -1);
      if (f[0].equals("user") && f.length == 3) {
        users.add(new User(unesc(f[1]), unesc(f[2])));
      } else if (f[0].equals("mailbox") && f.length == 4) {
        mailboxes.add(new Mailbox(unesc(f[1]), unesc(f[2]), f[3].equals("-") ? null
            : unesc(f[3])));
      } else if (f[0].equals("subscribed") && f.length == 3) {
        subscriptions.add(new Subscription(unesc(f[1]), unesc(f[2])));
      } else {
        throw new ManifestFormatException("accounts snapshot line " + (i + 1) + ": not a record");
      }
    }
    return new AccountsSnapshot(users, mailboxes, subscriptions);
  }

  private static String esc(String text) {
    return ManifestCodec.escape(text);
  }

  private static String unesc(String text) {
    return ManifestCodec.unescape(text);
  }
}
