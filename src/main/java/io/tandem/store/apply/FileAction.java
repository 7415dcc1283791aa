package io.tandem.store.apply;

import java.nio.file.Path;

/**
 * One change to the maildir files that an operation implies. Every action is idempotent and
 * tolerant of having been done already, because recovery runs the actions of the journal tail
 * again after a crash. A {@code hint} is where the file was known to be (null in recovery, which
 * then looks for the file by its base name).
 */
public sealed interface FileAction {

  /** A mailbox folder with its {@code cur/ new/ tmp/} (and {@code maildirfolder} for folders). */
  record EnsureMailbox(Path dir, boolean isFolder) implements FileAction {}

  /**
   * A received message moved from the spool into its mailbox. The only action whose directory
   * is not forced before the index commit: see {@link IndexApplier#apply}.
   */
  record MoveIn(Path spoolFile, Path target) implements FileAction {}

  /** The file with {@code base} in mailbox {@code dir} put at {@code target} (a flags change). */
  record Place(Path dir, String base, String hint, Path target) implements FileAction {}

  /** The file with {@code base} in mailbox {@code dir} hard-linked at {@code target} (a copy). */
  record Link(Path dir, String base, String hint, Path target) implements FileAction {}

  /**
   * The file with {@code base} in mailbox {@code dir} removed (an expunge, or a message of a
   * deleted folder or user) by entry {@code seq}; its body ({@code sha256}) goes to the
   * {@link BodyRetention} first. {@code sha256} is null when the body lives on elsewhere (the
   * source of a move), so there is nothing to keep.
   */
  record Remove(Path dir, String base, String hint, String sha256, long seq)
      implements FileAction {}

  /**
   * Maildir++ folders {@code .FROM} and every {@code .FROM.*} below it in {@code maildir}
   * renamed to {@code .TO...}: children are siblings on disk, so a rename moves them all.
   */
  record RenameFolders(Path maildir, String from, String to) implements FileAction {}

  /** A whole folder tree removed (a deleted mailbox or user). */
  record RemoveTree(Path dir) implements FileAction {}

  /** A single file removed if present (a deleted user's index). */
  record DeleteFile(Path file) implements FileAction {}
}
