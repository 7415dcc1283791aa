package io.tandem.backup.store;

import io.tandem.util.Fsync;
import io.tandem.util.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Message bodies on the backup target, stored once per content: {@code <target>/objects/ab/cdef...}
 * where {@code abcdef...} is the SHA-256 of the bytes (lower-case hex, 2 + 62 digits). A body kept
 * in several folders or by several users is stored once.
 *
 * <p>An object is written to {@code <target>/objects/.tmp/}, hashed as it is copied, forced,
 * renamed into place and its folder forced: a name under a fan-out folder always holds complete,
 * forced bytes. {@link ObjectWriter} does the same for many objects at once, forcing them from
 * several threads and each fan-out folder once per batch. A crash leaves at most a file in {@code .tmp/}, which nothing reads and
 * {@link #cleanTemporaries} removes. One backup process writes a target at a time (the run holds
 * the target's lock); readers may run alongside.
 */
public final class ObjectStore {
  static final String TMP = ".tmp";
  private static final int BUFFER = 65536;

  private final Path objects;

  /** The object store under {@code target} (the backup folder); nothing is created yet. */
  public ObjectStore(Path target) {
    this.objects = target.resolve("objects");
  }

  /** {@code <target>/objects}. */
  public Path root() {
    return objects;
  }

  /** Where the object {@code sha256} lives (whether or not it is there). */
  public Path pathOf(String sha256) {
    Sha256.require(sha256);
    return objects.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
  }

  /** Whether the object is stored. */
  public boolean has(String sha256) {
    return Files.isRegularFile(pathOf(sha256));
  }

  /**
   * Stores the bytes of {@code source}, which must hash to {@code sha256}. An object already
   * stored is not written again, and the source is then not read at all (an incremental run reads
   * only new bodies).
   *
   * @return true when the object was written, false when it was already there
   * @throws CorruptSourceException when the bytes read do not hash to {@code sha256}; nothing is
   *     stored
   */
  public boolean put(Path source, String sha256) throws IOException {
    if (Files.isRegularFile(pathOf(sha256))) {
      return false;
    }
    try (InputStream in = Files.newInputStream(source)) {
      store(in, source, sha256);
    }
    return true;
  }

  /**
   * Like {@link #put(Path, String)} with the source already open (the backup run paces and
   * counts what it reads); the caller closes {@code in}.
   */
  public boolean put(InputStream in, Path source, String sha256) throws IOException {
    if (Files.isRegularFile(pathOf(sha256))) {
      return false;
    }
    store(in, source, sha256);
    return true;
  }

  /**
   * Stores {@code bytes} (an accounts snapshot) unless an object with their hash is there.
   *
   * @return their SHA-256, the object's name
   */
  public String put(byte[] bytes) throws IOException {
    String sha256 = Sha256.hexOf(bytes);
    if (!Files.isRegularFile(pathOf(sha256))) {
      store(new java.io.ByteArrayInputStream(bytes), null, sha256);
    }
    return sha256;
  }

  private void store(InputStream in, Path source, String sha256) throws IOException {
    Path folder = install(stage(in, source, sha256));
    Fsync.directory(folder);
    // The fan-out folder may be new: its own name lives in objects/.
    Fsync.directory(objects);
  }

  /**
   * Copies {@code in} into a new file of {@code .tmp/}, hashing it, and checks the hash; nothing
   * is forced yet. The caller hands the result to {@link #install} or {@link Staged#discard}.
   *
   * @throws CorruptSourceException when the bytes do not hash to {@code sha256} (the temporary
   *     file is removed)
   */
  Staged stage(InputStream in, Path source, String sha256) throws IOException {
    Path tmpDir = objects.resolve(TMP);
    Files.createDirectories(tmpDir);
    Path tmp = tmpDir.resolve(sha256 + "-" + UUID.randomUUID());
    FileChannel channel = FileChannel.open(tmp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    Staged staged = new Staged(sha256, tmp, channel);
    try {
      String actual = copyHashing(in, channel);
      if (!actual.equals(sha256)) {
        throw new CorruptSourceException(source, sha256, actual);
      }
      return staged;
    } catch (IOException | RuntimeException e) {
      staged.discard();
      throw e;
    }
  }

  /**
   * Forces a staged object's bytes, then renames it under its hash. The order is the point: a
   * name under a fan-out folder is only ever given to forced bytes, so after a power cut the name
   * is either missing (the next run copies the body again) or holds the right bytes, which a
   * later run trusts without reading. The name itself is durable once the returned fan-out folder
   * is forced; the caller does that (once per folder for a batch) before a manifest names it.
   *
   * @return the fan-out folder the object was renamed into
   */
  Path install(Staged staged) throws IOException {
    Path target = pathOf(staged.sha256());
    try {
      try (FileChannel channel = staged.channel()) {
        channel.force(true);
      }
      Files.createDirectories(target.getParent());
      Files.move(staged.tmp(), target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(staged.tmp());
    }
    return target.getParent();
  }

  private static String copyHashing(InputStream in, FileChannel channel) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    OutputStream out = Channels.newOutputStream(channel);
    byte[] buffer = new byte[BUFFER];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    return Sha256.hex(digest.digest());
  }

  /** An object copied into {@code .tmp/} and checked, not yet forced nor named. */
  record Staged(String sha256, Path tmp, FileChannel channel) {
    /** Closes and removes the temporary file (a failed or abandoned write). */
    void discard() throws IOException {
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Opens an object for reading. The stream hashes what it returns and, at its end, throws an
   * IOException naming the file if the bytes do not match the name: a restore never delivers a
   * corrupted body as if it were good.
   */
  public InputStream open(String sha256) throws IOException {
    Path file = pathOf(sha256);
    return new VerifyingStream(Files.newInputStream(file), file, sha256);
  }

  /**
   * Rehashes a stored object.
   *
   * @return true when its bytes hash to its name
   * @throws NoSuchFileException when it is not stored
   */
  public boolean verify(String sha256) throws IOException {
    return Sha256.ofFile(pathOf(sha256)).equals(sha256);
  }

  /** Every stored object's hash, sorted; files with other names and {@code .tmp/} are skipped. */
  public List<String> list() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path file : files()) {
      String sha = shaOf(file);
      if (sha != null) {
        out.add(sha);
      }
    }
    out.sort(null);
    return out;
  }

  /** Every regular file under the fan-out folders (not {@code .tmp/}), whatever its name. */
  List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    forEachFile(out::add);
    return out;
  }

  /** Told each file of the store in turn. */
  @FunctionalInterface
  interface FileSink {
    void accept(Path file) throws IOException;
  }

  /**
   * Tells {@code sink} of every regular file under the fan-out folders (not {@code .tmp/}),
   * sorted, one folder listed at a time: a million objects never make a million paths at once.
   */
  void forEachFile(FileSink sink) throws IOException {
    if (!Files.isDirectory(objects)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> list = Files.list(objects)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : dirs) {
      if (dir.getFileName().toString().equals(TMP)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        sink.accept(file);
      }
    }
  }

  /** The hash a file under the fan-out folders stands for, or null when its name is not one. */
  static String shaOf(Path file) {
    String sha = file.getParent().getFileName().toString() + file.getFileName();
    return Sha256.isHex(sha) ? sha : null;
  }

  /** Removes a stored object (garbage collection); false when it was not there. */
  public boolean delete(String sha256) throws IOException {
    Path file = pathOf(sha256);
    boolean deleted = Files.deleteIfExists(file);
    if (deleted) {
      Fsync.directory(file.getParent());
    }
    return deleted;
  }

  /**
   * Removes what interrupted writes left in {@code .tmp/}. Only while no run writes the target.
   *
   * @return how many files were removed
   */
  public int cleanTemporaries() throws IOException {
    Path tmpDir = objects.resolve(TMP);
    if (!Files.isDirectory(tmpDir)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> files = Files.list(tmpDir)) {
      for (Path file : files.toList()) {
        if (Files.deleteIfExists(file)) {
          removed++;
        }
      }
    }
    return removed;
  }

  /** Hashes what passes through and checks it against the name at the end of the stream. */
  private static final class VerifyingStream extends FilterInputStream {
    private final MessageDigest digest = Sha256.newDigest();
    private final Path file;
    private final String expected;
    private boolean checked;

    VerifyingStream(InputStream in, Path file, String expected) {
      super(in);
      this.file = file;
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
      } else if (n < 0 && !checked) {
        checked = true;
        String actual = Sha256.hex(digest.digest());
        if (!actual.equals(expected)) {
          throw new IOException("corrupt backup object " + file + ": SHA-256 is " + actual);
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
      int read = read(buffer, 0, buffer.length);
      return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
