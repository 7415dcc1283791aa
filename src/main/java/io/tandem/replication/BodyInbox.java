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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * The replica's landing place for message bodies: each arrives (in one or more chunks) into a
 * {@code .recv-SHA256} file in the spool and is hashed as it is written. The delivery entry that
 * follows gets it hard-linked under the maildir name the primary chose, which is what the apply
 * path moves into the mailbox. Before the entries are handed on, {@link #commitPlacements}
 * forces every body of the frame at once, in parallel (the primary forced them on as many LMTP
 * threads; forcing them one by one here would make the replica the bottleneck), then the spool
 * folder once. A body whose bytes do not match its hash is deleted at once, so it can never be
 * journaled. Used by one session thread.
 */
final class BodyInbox implements AutoCloseable {
  private static final String PREFIX = ".recv-";

  private final Path spool;
  private final ExecutorService forcing;
  private final Map<String, Path> complete = new HashMap<>();
  /** Bodies whole and checked but not yet forced, with their open channels. */
  private final List<FileChannel> unforced = new ArrayList<>();
  private Partial partial;

  private record Partial(String sha256, long size, Path file, FileChannel channel,
      MessageDigest digest) {}

  /** @param forcing threads that force received bodies to disk in parallel */
  BodyInbox(Path spool, ExecutorService forcing) throws IOException {
    this.spool = spool;
    this.forcing = forcing;
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
    String actual = Sha256.hex(body.digest().digest());
    if (!actual.equals(body.sha256())) {
      body.channel().close();
      Files.deleteIfExists(body.file());
      throw new BodyHashMismatchException("a body arrived with SHA-256 " + actual
          + " instead of the announced " + body.sha256() + "; it was discarded");
    }
    unforced.add(body.channel());
    complete.put(body.sha256(), body.file());
  }

  /** Whether a whole, checked body with this hash is here. */
  boolean has(String sha256) {
    return complete.containsKey(sha256);
  }

  /** Where the whole, checked body with this hash is (until it is placed or dropped). */
  Path path(String sha256) {
    return complete.get(sha256);
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

  /**
   * Makes the placed bodies durable (their data, in parallel, then the spool folder's names),
   * then drops the received copies.
   */
  void commitPlacements() throws IOException {
    forceAll();
    Fsync.directory(spool);
    for (Path file : complete.values()) {
      Files.deleteIfExists(file);
    }
    complete.clear();
  }

  private void forceAll() throws IOException {
    List<CompletableFuture<Void>> forces = new ArrayList<>();
    for (FileChannel channel : unforced) {
      forces.add(CompletableFuture.runAsync(() -> {
        try {
          channel.force(false);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, forcing));
    }
    try {
      CompletableFuture.allOf(forces.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof UncheckedIOException io ? io.getCause()
          : new IOException("forcing received bodies failed: " + e.getCause(), e.getCause());
    } finally {
      closeUnforced();
    }
  }

  private void closeUnforced() throws IOException {
    for (FileChannel channel : unforced) {
      channel.close();
    }
    unforced.clear();
  }

  @Override
  public void close() throws IOException {
    closeUnforced();
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
