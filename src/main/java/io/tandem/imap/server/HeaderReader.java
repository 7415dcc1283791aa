package io.tandem.imap.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the header of a stored (LF) message file, and no more of it than that needs: the file is
 * read {@link #CHUNK} bytes at a time until the empty line that ends the header (or its end).
 * FETCH of header items and SEARCH on header fields want only the header, which is a few KiB at
 * the start of a message that may hold megabytes of attachments; reading the whole file was most
 * of their cost. The header is cut as {@link LineEndings#header} cuts it.
 */
final class HeaderReader {
  /**
   * Bytes read at a time: most headers, Received chains and DKIM signatures included, fit in
   * one read, and a small message is read whole in one.
   */
  static final int CHUNK = 8 * 1024;

  private HeaderReader() {}

  /** The header of {@code file}, its empty line included; the whole file when it has none. */
  static byte[] read(Path file) throws IOException {
    return read(file, CHUNK);
  }

  /** As {@link #read(Path)}, {@code chunk} bytes at a time (tests use small ones). */
  static byte[] read(Path file, int chunk) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[chunk];
      int length = 0;
      while (true) {
        if (length == buffer.length) {
          // A header longer than the chunk: grow by doubling, so a huge one is copied little.
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, length, Math.min(chunk, buffer.length - length));
        if (n < 0) {
          return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }
        int end = LineEndings.headerEnd(buffer, length, length + n);
        length += n;
        if (end >= 0) {
          return Arrays.copyOf(buffer, end);
        }
      }
    }
  }
}
