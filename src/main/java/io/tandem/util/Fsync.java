package io.tandem.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces files and directories to stable storage. A new or renamed file is durable only once the
 * directory holding its name is forced too (Linux, ext4/xfs); that is what {@link #directory} is
 * for.
 */
public final class Fsync {
  private Fsync() {}

  /** Forces a directory's entries (names created, renamed or removed in it) to disk. */
  public static void directory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Forces a file's contents and metadata to disk. */
  public static void file(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
