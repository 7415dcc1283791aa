package io.tandem.net.tls;

import io.tandem.util.Fsync;
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

/**
 * Atomic, durable whole-file writes with chosen POSIX permissions. The permissions are set when
 * the temporary file is created, before any byte is written, so a private key is never readable
 * by others even for an instant. Stateless and thread-safe (one writer per file).
 */
final class OwnerOnlyFiles {
  static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Creates {@code dir} (owner-only) if missing; an existing one keeps its permissions. */
  static void createDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
    }
  }

  /** Replaces {@code file} with {@code bytes}: afterwards it holds the old or the new bytes. */
  static void write(Path file, byte[] bytes, Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    // A leftover from a crash may have other permissions; CREATE_NEW below must make it afresh.
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
