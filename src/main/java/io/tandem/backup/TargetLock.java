package io.tandem.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code <target>/lock}, held (fcntl lock, which NFS carries to the server) by the one process
 * that writes the target: a run, or its garbage collection. Two appliances configured with the
 * same target never write it at once; the second is told so.
 */
final class TargetLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private TargetLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails at once when another process holds it. */
  static TargetLock acquire(Path target) throws IOException {
    Path file = target.resolve("lock");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("another backup run holds " + file + " (the partner appliance,"
            + " or a run still going); try again when it has finished");
      }
      return new TargetLock(channel, lock);
    } catch (java.nio.channels.OverlappingFileLockException e) {
      channel.close();
      throw new IOException("a backup run of this process holds " + file + "; try again when"
          + " it has finished", e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
