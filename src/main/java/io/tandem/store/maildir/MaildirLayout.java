package io.tandem.store.maildir;

import io.tandem.store.Names;
import java.nio.file.Path;

/**
 * Where things live under {@code store.root}. Every name handed in must already have passed
 * {@link Names}; this class only joins paths.
 *
 * <pre>
 * store.root/
 *   .tandem-spool/              message files being received (same filesystem, so rename works)
 *   .tandem-attic/              bodies of removed messages a consumer still needs (SEQ-SHA256)
 *   USER/Maildir/{cur,new,tmp}  INBOX
 *   USER/Maildir/.NAME/{cur,new,tmp,maildirfolder}   Maildir++ folder NAME
 * </pre>
 */
public final class MaildirLayout {
  private static final String SPOOL = ".tandem-spool";
  private static final String ATTIC = ".tandem-attic";

  private final Path root;

  public MaildirLayout(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path spool() {
    return root.resolve(SPOOL);
  }

  /** Bodies of removed messages kept until the peer (and backup) have them: see the Attic. */
  public Path attic() {
    return root.resolve(ATTIC);
  }

  /** The user's home: {@code root/USER}. */
  public Path userHome(String user) {
    return contained(root.resolve(user));
  }

  /** The user's maildir root (INBOX): {@code root/USER/Maildir}. */
  public Path maildir(String user) {
    return userHome(user).resolve("Maildir");
  }

  /** The folder holding a mailbox's {@code cur/new/tmp}. */
  public Path mailbox(String user, String mailbox) {
    if (Names.INBOX.equals(mailbox)) {
      return maildir(user);
    }
    Path maildir = maildir(user);
    Path folder = contained(maildir.resolve(Names.SEPARATOR + mailbox));
    if (!maildir.equals(folder.getParent())) {
      throw new IllegalArgumentException("mailbox path leaves the maildir of " + user + ": "
          + folder);
    }
    return folder;
  }

  public Path cur(String user, String mailbox) {
    return mailbox(user, mailbox).resolve("cur");
  }

  public Path newDir(String user, String mailbox) {
    return mailbox(user, mailbox).resolve("new");
  }

  /**
   * A message file's path relative to its mailbox folder: {@code new/BASE} for a message that has
   * never had flags (as delivered), {@code cur/BASE:2,LETTERS} once it has had any (even if they
   * were all removed again), as IMAP servers reading maildirs expect.
   */
  public static String relativeFile(String baseName, String letters, boolean inCur) {
    if (!inCur && letters.isEmpty()) {
      return "new/" + baseName;
    }
    return "cur/" + MaildirName.withFlags(baseName, letters);
  }

  /** Defence in depth: a path built from a name must stay under the root. */
  private Path contained(Path path) {
    Path normalized = path.normalize();
    if (!normalized.startsWith(root) || normalized.equals(root)) {
      throw new IllegalArgumentException("path escapes the store root: " + path);
    }
    return normalized;
  }
}
