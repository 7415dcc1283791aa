package io.tandem.replication;

import io.tandem.replication.PeerMessage.MessageBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/** A checked body as {@link MessageBody} frames: one, or chunks of at most 16 MiB in order. */
final class BodyChunks {
  private BodyChunks() {}

  /**
   * Reads {@code body} from its current position to its end into chunks added to {@code out}.
   *
   * @return the body's size in bytes
   */
  static long add(List<? super MessageBody> out, FileChannel body, String sha256)
      throws IOException {
    return forEach(body, sha256, out::add);
  }

  /** Where each chunk goes as soon as it is read. */
  @FunctionalInterface
  interface Sink {
    void accept(MessageBody chunk) throws IOException;
  }

  /**
   * Reads {@code body} from its current position to its end, handing each chunk to {@code
   * sink} as soon as it is read (so a large body never sits in memory whole).
   *
   * @return the body's size in bytes
   */
  static long forEach(FileChannel body, String sha256, Sink sink) throws IOException {
    long size = body.size();
    long offset = 0;
    do {
      ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(PeerLimits.MAX_BODY_CHUNK,
          size - offset));
      while (chunk.hasRemaining()) {
        if (body.read(chunk) < 0) {
          throw new IOException("the body " + sha256 + " shrank while being sent");
        }
      }
      sink.accept(new MessageBody(sha256, size, offset, chunk.array()));
      offset += chunk.capacity();
    } while (offset < size);
    return size;
  }
}
