package io.tandem.replication;

import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.store.write.MessageSpool.BodyHashMismatchException;
import io.tandem.util.Fsync;
import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The replica's landing place for message bodies: each arrives (in one or more chunks) into a
 * {@code .recv-SHA256} file in the spool, is hashed as it is written and forced once whole and
 * correct. The delivery entry that follows gets it hard-linked under the maildir name the
 * primary chose, which is what the apply path moves into the mailbox. A body whose bytes do not
 * match its hash is deleted at once, so it can never be journaled. Used by one session thread.
 */
final class BodyInbox implements AutoCloseable {
  private static final String PREFIX = ".recv-";

  private final Path spool;
  private final Map<String, Path> complete = new HashMap<>();
  private Partial partial;

  private record Partial(String sha256, long size, Path file, FileChannel channel,
      MessageDigest digest) {}

  BodyInbox(Path spool) throws IOException {
    this.spool = spool;
    removeLeftovers();
  }

  /**
   * Takes one chunk. Chunks of a body come in offset order, one body at a time.
   *
   * @throws BodyHashMismatchException when the finished body does not match its hash
   * @throws PeerProtocolException when the chunk does not continue the body in progress
   */
  void accept(MessageBody chunk) throws IOException, PeerProtocolException {
    if (partial == null) {
      if (chunk.offset() != 0) {
        throw outOfStep("a body chunk at offset " + chunk.offset() + " with no body started");
      }
      Path file = spool.resolve(PREFIX + chunk.sha256());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      partial = new Partial(chunk.sha256(), chunk.size(), file, channel, Sha256.newDigest());
    } else if (!partial.sha256().equals(chunk.sha256()) || partial.size() != chunk.size()
        || partial.channel().position() != chunk.offset()) {
      throw outOfStep("a body chunk that does not continue body " + partial.sha256());
    }
    ByteBuffer bytes = ByteBuffer.wrap(chunk.bytes());
    partial.digest().update(chunk.bytes());
    while (bytes.hasRemaining()) {
      partial.channel().write(bytes);
    }
    if (chunk.isLast()) {
      finish();
    }
  }

  private void finish() throws IOException {
    Partial body = partial;
    partial = null;
    try (FileChannel channel = body.channel()) {
      String actual = Sha256.hex(body.digest().digest());
      if (!actual.equals(body.sha256())) {
        Files.deleteIfExists(body.file());
        throw new BodyHashMismatchException("a body arrived with SHA-256 " + actual
            + " instead of the announced " + body.sha256() + "; it was discarded");
      }
      channel.force(false);
    }
    complete.put(body.sha256(), body.file());
  }

  /** Whether a whole, checked body with this hash is here. */
  boolean has(String sha256) {
    return complete.containsKey(sha256);
  }

  /** Puts the body under the spool name {@code base} (a hard link; no bytes are copied). */
  void placeInSpool(String sha256, String base) throws IOException {
    linkTo(sha256, spool.resolve(base));
  }

  /** Hard-links the body at {@code target} (same filesystem), replacing what is there. */
  void linkTo(String sha256, Path target) throws IOException {
    Path body = complete.get(sha256);
    Files.deleteIfExists(target);
    Files.createLink(target, body);
  }

  /** Forces the spool folder after {@link #placeInSpool}, then drops the received copies. */
  void commitPlacements() throws IOException {
    Fsync.directory(spool);
    for (Path file : complete.values()) {
      Files.deleteIfExists(file);
    }
    complete.clear();
  }

  @Override
  public void close() throws IOException {
    if (partial != null) {
      partial.channel().close();
      partial = null;
    }
    removeLeftovers();
    complete.clear();
  }

  private void removeLeftovers() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, PREFIX + "*")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static PeerProtocolException outOfStep(String what) {
    return new PeerProtocolException(PeerProtocolException.Kind.MALFORMED, what);
  }
}
