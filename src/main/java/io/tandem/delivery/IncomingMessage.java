package io.tandem.delivery;

import io.tandem.lmtp.MailDrop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A message body being received: kept in memory up to {@code memoryLimit} bytes, spilled to a
 * file in the spool beyond that. It counts bytes and LF characters as they pass (the W= size).
 * The spill file is scratch space, never forced: only the per-recipient files are durable.
 * Used by one connection thread.
 */
final class IncomingMessage implements MailDrop.Incoming {
  private final Path spillFile;
  private final int memoryLimit;
  private final ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
  private OutputStream spill;
  private long length;
  private long lines;

  IncomingMessage(Path spillFile, int memoryLimit) {
    this.spillFile = spillFile;
    this.memoryLimit = memoryLimit;
  }

  private final OutputStream body = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
      for (int i = offset; i < offset + count; i++) {
        if (bytes[i] == '\n') {
          lines++;
        }
      }
      length += count;
      target(count).write(bytes, offset, count);
    }

    @Override
    public void flush() throws IOException {
      if (spill != null) {
        spill.flush();
      }
    }
  };

  @Override
  public OutputStream body() {
    return body;
  }

  long length() {
    return length;
  }

  long lines() {
    return lines;
  }

  /** A fresh stream over the whole body; call after the body is complete. */
  InputStream open() throws IOException {
    if (spill == null) {
      return new ByteArrayInputStream(memory.toByteArray());
    }
    spill.flush();
    return Files.newInputStream(spillFile);
  }

  @Override
  public void close() throws IOException {
    if (spill != null) {
      spill.close();
      spill = null;
      Files.deleteIfExists(spillFile);
    }
  }

  private OutputStream target(int adding) throws IOException {
    if (spill == null && memory.size() + adding > memoryLimit) {
      spill = new java.io.BufferedOutputStream(Files.newOutputStream(spillFile), 65536);
      memory.writeTo(spill);
      memory.reset();
    }
    return spill != null ? spill : memory;
  }
}
