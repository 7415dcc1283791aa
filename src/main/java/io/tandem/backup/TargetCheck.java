package io.tandem.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The checks before a run writes the target (ADR 0014): it exists and is a folder; it is on
 * another filesystem than {@code store.root} and {@code store.state} (so never on the
 * appliance's own array) and on a mount of its own, not the root filesystem (an unmounted mount
 * point falls back to the root and fails here); it is writable (a probe file created, forced
 * and removed); and it has room for the run's new bodies plus a margin. Each failure says what
 * and what to do. {@code backup.allow_same_device} waives the first two (tests and the demo,
 * which have one disk). The facts are read apart from the verdict, which is pure.
 */
final class TargetCheck {
  /** Free space a run always leaves on the target, beyond what it writes. */
  static final long MARGIN = 64L << 20;

  /**
   * What was found.
   *
   * @param directory the target exists and is a folder
   * @param targetDevice its filesystem's device ({@code st_dev})
   * @param rootDevice that of store.root
   * @param stateDevice that of store.state
   * @param mountPoint the mount the target is on
   */
  record Facts(boolean directory, long targetDevice, long rootDevice, long stateDevice,
      Path mountPoint) {}

  private TargetCheck() {}

  /** The problems with a target (empty: it may be written), pure. */
  static List<String> problems(Path target, Facts facts, boolean allowSameDevice) {
    List<String> problems = new ArrayList<>();
    if (!facts.directory()) {
      problems.add("the backup target " + target + " does not exist or is not a folder: mount"
          + " the backup server's share there (or fix backup.target)");
      return problems;
    }
    if (allowSameDevice) {
      return problems;
    }
    if (facts.targetDevice() == facts.rootDevice() || facts.targetDevice() == facts.stateDevice()) {
      problems.add("the backup target " + target + " is on the same filesystem as "
          + (facts.targetDevice() == facts.rootDevice() ? "store.root" : "store.state")
          + ": a backup on the appliance's own array protects nothing; mount the backup"
          + " server's share at " + target + " (is it mounted?)");
    } else if (facts.mountPoint().getNameCount() == 0) {
      problems.add("the backup target " + target + " is on the root filesystem, not on a mount"
          + " of its own: mount the backup server's share at " + target + " (is it mounted?)");
    }
    return problems;
  }

  /** Reads the facts. */
  static Facts read(Path target, Path storeRoot, Path storeState) throws IOException {
    if (!Files.isDirectory(target)) {
      return new Facts(false, -1, -1, -1, Path.of("/"));
    }
    Path real = target.toRealPath();
    String mountinfo = Files.exists(Path.of("/proc/self/mountinfo"))
        ? Files.readString(Path.of("/proc/self/mountinfo")) : "";
    return new Facts(true, device(real), device(storeRoot), device(storeState),
        MountTable.mountPointOf(mountinfo, real));
  }

  private static long device(Path path) throws IOException {
    Object dev = Files.getAttribute(path, "unix:dev");
    return ((Number) dev).longValue();
  }

  /**
   * Creates, forces and removes a probe file: a read-only or broken mount fails here, before a
   * run writes anything.
   */
  static void probeWritable(Path target) throws IOException {
    Path probe = target.resolve(".probe-" + UUID.randomUUID());
    try (FileChannel channel = FileChannel.open(probe,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      channel.write(ByteBuffer.wrap("tandem backup probe\n".getBytes(
          java.nio.charset.StandardCharsets.US_ASCII)));
      channel.force(true);
    } catch (IOException e) {
      throw new IOException("the backup target " + target + " is not writable (" + e
          + "): check that the share is mounted read-write and the service's user may write"
          + " it", e);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /** Fails unless the target has {@code bytes} plus {@link #MARGIN} free. */
  static void requireSpace(Path target, long bytes) throws IOException {
    long usable = Files.getFileStore(target).getUsableSpace();
    if (usable < bytes + MARGIN) {
      throw new IOException("the backup target " + target + " is too full: this run needs "
          + mib(bytes) + " for new message bodies plus " + mib(MARGIN) + " spare, and "
          + mib(usable) + " is free; make room on the backup server (or shorten"
          + " backup.retention.deleted)");
    }
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
