package io.tandem.replication;

import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * One body being fetched from the partner: its chunks are written to {@code into} and hashed as
 * they come; once the last is in, the file is forced and the hash compared. The answer arrives
 * on the link's reader thread while the asker waits on {@link #done}. Thread-safe.
 */
final class BodyFetch {
  /** How a fetch ended; {@code detail} is for the operator. */
  enum Status { FETCHED, MISSING, FAILED }

  record Outcome(Status status, String detail) {}

  private final String sha256;
  private final Path into;
  private final FileChannel channel;
  private final MessageDigest digest = Sha256.newDigest();
  private final CompletableFuture<Outcome> done = new CompletableFuture<>();
  private long written;
  private volatile long lastProgressNanos = System.nanoTime();

  BodyFetch(String sha256, Path into) throws IOException {
    this.sha256 = sha256;
    this.into = into;
    this.channel = FileChannel.open(into, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
  }

  String sha256() {
    return sha256;
  }

  CompletableFuture<Outcome> done() {
    return done;
  }

  long lastProgressNanos() {
    return lastProgressNanos;
  }

  /** Takes one chunk of the answer. */
  synchronized void chunk(MessageBody chunk) {
    if (done.isDone()) {
      return;
    }
    if (chunk.offset() != written) {
      fail(Status.FAILED, "the partner's answer came out of order (offset " + chunk.offset()
          + ", expected " + written + ")");
      return;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(chunk.bytes());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      digest.update(chunk.bytes());
      written += chunk.bytes().length;
      lastProgressNanos = System.nanoTime();
      if (chunk.isLast()) {
        finish();
      }
    } catch (IOException e) {
      fail(Status.FAILED, "writing the partner's copy to " + into + " failed: "
          + Sender.describe(e));
    }
  }

  private void finish() throws IOException {
    String actual = Sha256.hex(digest.digest());
    if (!actual.equals(sha256)) {
      fail(Status.FAILED, "the partner's copy arrived with SHA-256 " + actual
          + " instead of " + sha256 + " (damaged on the way)");
      return;
    }
    channel.force(true);
    channel.close();
    done.complete(new Outcome(Status.FETCHED, "copied from the partner"));
  }

  /** Ends the fetch without a body; the partial file is removed. */
  synchronized void fail(Status status, String detail) {
    if (done.isDone()) {
      return;
    }
    try {
      channel.close();
      Files.deleteIfExists(into);
    } catch (IOException e) {
      // The file is in the maildir's tmp/, where a leftover does no harm.
    }
    done.complete(new Outcome(status, detail));
  }
}
