package io.tandem.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Whole-file replacement that a crash can never leave half-written. Stateless. */
public final class AtomicFiles {
  /** rw-r--r--: what the service's own state files get. */
  public static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  /** {@link #write(Path, byte[], Set)} with {@link #WORLD_READABLE} permissions. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, bytes, WORLD_READABLE);
  }

  /**
   * Writes {@code bytes} to a temporary sibling, forces it, renames it over {@code file} and
   * forces the directory: afterwards the file holds either the old or the new bytes, durably.
   * The permissions are set when the temporary file is created, before any byte is written, so
   * a private key is never readable by others even for an instant.
   */
  public static void write(Path file, byte[] bytes, Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    // A leftover from a crash may have other permissions; CREATE_NEW below makes it afresh.
    Files.deleteIfExists(tmp);
    try (FileChannel channel = FileChannel.open(tmp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(permissions))) {
      // The umask may have removed bits from the creation mode; set exactly what was asked.
      Files.setPosixFilePermissions(tmp, permissions);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Fsync.directory(dir);
  }
}
