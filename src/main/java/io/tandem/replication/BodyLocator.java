package io.tandem.replication;

import io.tandem.journal.Operation.Deliver;
import io.tandem.store.Flags;
import io.tandem.store.attic.Attic;
import io.tandem.store.index.HashLookup;
import io.tandem.store.index.IndexPool;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, on the primary, a stored copy of a delivered body whose bytes still match the hash the
 * delivery recorded. The file may be in the spool (the entry is durable before its file moves),
 * where the delivery put it, renamed by a flag change, moved to another folder, or in the
 * {@link Attic} after an expunge; any copy with the right hash will do, since bodies are
 * addressed by content. A copy whose bytes do not match is reported, never returned: corrupt
 * bytes are never sent (the reason replication works on mail operations, not on disk blocks).
 */
public final class BodyLocator {
  private final MaildirLayout layout;
  private final IndexPool indexes;
  private final Attic attic;

  public BodyLocator(MaildirLayout layout, IndexPool indexes, Attic attic) {
    this.layout = layout;
    this.indexes = indexes;
    this.attic = attic;
  }

  /**
   * The outcome: an open channel on a verified copy, positioned at its start (the caller reads
   * and closes it; being open, it stays readable even if the file is renamed meanwhile), or the
   * damaged copies met (empty when none was found at all).
   */
  public record Lookup(Optional<FileChannel> verified, List<Path> corrupt) {
    public Lookup {
      corrupt = List.copyOf(corrupt);
    }
  }

  /** Looks for the body of {@code d}, checking each candidate's hash in turn. */
  public Lookup find(Deliver d) throws IOException {
    return find(d.user(), d.sha256(), likelyPlaces(d));
  }

  /** Looks for the body of a message the index has at {@code file} in {@code mailbox}. */
  public Lookup find(String user, String mailbox, String file, String sha256)
      throws IOException {
    return find(user, sha256, List.of(layout.mailbox(user, mailbox).resolve(file)));
  }

  /**
   * Looks for any copy of a body of {@code user} by its hash alone: wherever the user's index
   * has a message with that hash, then the attic (a body repair, where only the hash is known).
   */
  public Lookup findByHash(String user, String sha256) throws IOException {
    return find(user, sha256, List.of());
  }

  private Lookup find(String user, String sha256, List<Path> likely) throws IOException {
    Set<Path> tried = new LinkedHashSet<>();
    List<Path> corrupt = new ArrayList<>();
    for (boolean cheap : new boolean[] {true, false}) {
      for (Path candidate : cheap ? likely : otherPlaces(user, sha256)) {
        if (tried.add(candidate)) {
          Optional<FileChannel> good = open(candidate, sha256, corrupt);
          if (good.isPresent()) {
            return new Lookup(good, corrupt);
          }
        }
      }
    }
    return new Lookup(Optional.empty(), corrupt);
  }

  /** Where the delivery itself put the file: cheap to try, right nearly always. */
  private List<Path> likelyPlaces(Deliver d) {
    Path mailbox = layout.mailbox(d.user(), d.mailbox());
    return List.of(layout.spool().resolve(d.fileName()),
        mailbox.resolve(MaildirLayout.relativeFile(d.fileName(),
            Flags.maildirLetters(d.flags()), false)),
        mailbox.resolve("new").resolve(d.fileName()));
  }

  /** Every other copy: by hash in the user's index (flag changes, moves), then the attic. */
  private List<Path> otherPlaces(String user, String sha256) throws IOException {
    Set<Path> places = new LinkedHashSet<>();
    try {
      for (HashLookup.Located at : HashLookup.find(indexes.file(user), sha256)) {
        places.add(layout.mailbox(user, at.mailbox()).resolve(at.file()));
      }
    } catch (SQLException e) {
      throw new IOException("cannot read the index of " + user + ": " + e.getMessage(), e);
    }
    attic.find(sha256).ifPresent(places::add);
    return new ArrayList<>(places);
  }

  private static Optional<FileChannel> open(Path file, String sha256, List<Path> corrupt)
      throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      MessageDigest digest = Sha256.newDigest();
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
      if (Sha256.hex(digest.digest()).equals(sha256)) {
        channel.position(0);
        return Optional.of(channel);
      }
      corrupt.add(file);
      channel.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }
}
