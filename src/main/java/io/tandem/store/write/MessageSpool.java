package io.tandem.store.write;

import io.tandem.store.maildir.MaildirName;
import io.tandem.util.Fsync;
import io.tandem.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;

/**
 * Writes message files into the spool: named with their final maildir base name, hashed while
 * written, and forced (file and directory) before they are handed to the committer, so that a
 * journal entry never refers to a file that a crash could lose. Thread-safe.
 */
public final class MessageSpool {
  private final Path dir;
  private final MaildirName names;
  private final Clock clock;

  public MessageSpool(Path dir, MaildirName names, Clock clock) {
    this.dir = dir;
    this.names = names;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes {@code prefix} followed by {@code body} (whose length and LF count are known) as one
   * durable spool file.
   *
   * @param bodyLines how many LF characters {@code body} holds (for the W= CRLF size)
   */
  public SpooledMessage write(byte[] prefix, InputStream body, long bodyLength, long bodyLines)
      throws IOException {
    long size = prefix.length + bodyLength;
    long crlfSize = size + countLf(prefix) + bodyLines;
    java.time.Instant now = clock.instant();
    String base = names.next(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000, size,
        crlfSize);
    Path file = dir.resolve(base);
    MessageDigest sha = Sha256.newDigest();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha)) {
      out.write(prefix);
      long copied = body.transferTo(out);
      if (copied != bodyLength) {
        throw new IOException("message body changed while spooling: " + copied + " bytes, "
            + bodyLength + " expected");
      }
      out.flush();
      // fdatasync: the data and the size; the name is made durable by the directory's force.
      channel.force(false);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    // Forced here, by each connection's own thread, rather than once per batch by the committer:
    // concurrent forces overlap in the filesystem's journal, and the committer's critical path
    // keeps a single fsync (the journal's).
    Fsync.directory(dir);
    return new SpooledMessage(base, size, Sha256.hex(sha.digest()));
  }

  /**
   * Writes a message body received from the primary under the base name the primary chose, and
   * forces it only if its SHA-256 is the one the primary announced: a corrupt copy is never
   * kept, so it can never be journaled.
   *
   * @throws BodyHashMismatchException when the bytes do not match (the file is removed)
   */
  public SpooledMessage writeReplicated(String base, InputStream body, String expectedSha256)
      throws IOException {
    Path file = dir.resolve(base);
    MessageDigest sha = Sha256.newDigest();
    long size;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha)) {
      size = body.transferTo(out);
      out.flush();
      String actual = Sha256.hex(sha.digest());
      if (!actual.equals(expectedSha256)) {
        throw new BodyHashMismatchException("message " + base + " arrived with SHA-256 " + actual
            + ", the primary announced " + expectedSha256);
      }
      channel.force(false);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    Fsync.directory(dir);
    return new SpooledMessage(base, size, expectedSha256);
  }

  /** A received message body whose bytes do not match the hash that came with it. */
  public static final class BodyHashMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public BodyHashMismatchException(String message) {
      super(message);
    }
  }

  /** Removes a spooled file that will not be journaled after all. */
  public void discard(SpooledMessage message) throws IOException {
    Files.deleteIfExists(dir.resolve(message.base()));
  }

  private static long countLf(byte[] bytes) {
    long count = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        count++;
      }
    }
    return count;
  }
}
