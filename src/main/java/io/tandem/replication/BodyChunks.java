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
      out.add(new MessageBody(sha256, size, offset, chunk.array()));
      offset += chunk.capacity();
    } while (offset < size);
    return size;
  }
}
