package io.tandem.net.tls;

import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The identity's files: an owner-only folder, owner-only key material, a world-readable
 * certificate, each written atomically ({@link AtomicFiles}). Stateless.
 */
final class OwnerOnlyFiles {
  static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> WORLD_READABLE = AtomicFiles.WORLD_READABLE;
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
    AtomicFiles.write(file, bytes, permissions);
  }
}
