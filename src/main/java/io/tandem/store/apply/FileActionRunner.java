package io.tandem.store.apply;

import io.tandem.store.maildir.MaildirName;
import io.tandem.util.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link FileAction}s against the maildirs, idempotently. It does not fsync: it records the
 * directories it changed, which the committer forces before the index commit ({@link
 * #drainTouched}), and the {@code new/} folders deliveries went into, which the checkpointer
 * forces before the journal position that covers them is recorded ({@link #drainDeliveredInto}).
 * Not thread-safe; used by the committer thread.
 */
public final class FileActionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(FileActionRunner.class);

  private final BodyRetention retention;
  private final Set<Path> touched = new LinkedHashSet<>();
  private final Set<Path> deliveredInto = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  /** A runner that deletes removed files at once. */
  public FileActionRunner() {
    this(BodyRetention.NONE);
  }

  /** A runner that offers removed files to {@code retention} before deleting them. */
  public FileActionRunner(BodyRetention retention) {
    this.retention = retention;
  }

  /** Runs the actions in order. A missing source file is recorded as a problem, not thrown. */
  public void run(List<FileAction> actions) throws IOException {
    for (FileAction action : actions) {
      runOne(action);
    }
  }

  /** Directories changed since the last call; the caller forces them to disk. */
  public Set<Path> drainTouched() {
    Set<Path> dirs = new LinkedHashSet<>(touched);
    touched.clear();
    return dirs;
  }

  /**
   * The {@code new/} folders that deliveries were renamed into since the last call. They are not
   * forced per batch (see {@link IndexApplier#apply}) but must be before a checkpoint moves past
   * those deliveries, since recovery repeats only what lies after the checkpoint.
   */
  public Set<Path> drainDeliveredInto() {
    Set<Path> dirs = new LinkedHashSet<>(deliveredInto);
    deliveredInto.clear();
    return dirs;
  }

  /** Problems (files that should exist but do not) since the last call. */
  public List<String> drainProblems() {
    List<String> copy = List.copyOf(problems);
    problems.clear();
    return copy;
  }

  private void runOne(FileAction action) throws IOException {
    if (action instanceof FileAction.MoveIn m) {
      moveIn(m.spoolFile(), m.target());
    } else if (action instanceof FileAction.Place p) {
      place(p);
    } else if (action instanceof FileAction.Link l) {
      link(l);
    } else if (action instanceof FileAction.Remove r) {
      Optional<Path> file = find(r.dir(), r.base(), r.hint());
      if (file.isPresent()) {
        remove(file.get(), r);
      }
    } else if (action instanceof FileAction.EnsureMailbox e) {
      ensureMailbox(e.dir(), e.isFolder());
    } else if (action instanceof FileAction.RenameFolders r) {
      renameFolders(r.maildir(), r.from(), r.to());
    } else if (action instanceof FileAction.RemoveTree t) {
      removeTree(t.dir());
    } else if (action instanceof FileAction.DeleteFile d) {
      deleteQuietly(d.file());
    }
  }

  private void moveIn(Path spoolFile, Path target) throws IOException {
    try {
      // The rename is atomic, so the spool file exists exactly until it has been moved in. The
      // target folder is forced at the next checkpoint, not now (see IndexApplier.apply).
      Files.move(spoolFile, target, StandardCopyOption.ATOMIC_MOVE);
      deliveredInto.add(target.getParent());
    } catch (NoSuchFileException e) {
      // A replay: moved in before the crash (and perhaps flagged or expunged since).
      LOG.debug("Replay: {} was already moved in", spoolFile.getFileName());
    }
  }

  private void place(FileAction.Place p) throws IOException {
    if (Files.exists(p.target())) {
      return;
    }
    Optional<Path> current = find(p.dir(), p.base(), p.hint());
    if (current.isEmpty()) {
      problem("message file " + p.base() + " is missing from " + p.dir());
      return;
    }
    Files.move(current.get(), p.target(), StandardCopyOption.ATOMIC_MOVE);
    touched.add(current.get().getParent());
    touched.add(p.target().getParent());
  }

  private void link(FileAction.Link l) throws IOException {
    Path targetDir = l.target().getParent().getParent();
    String targetBase = MaildirName.baseOf(l.target().getFileName().toString());
    // Normal flow (a hint is known): only the exact name can exist. A replay looks by base name,
    // since the copy may have been flagged (renamed) after it was made.
    boolean present = l.hint() != null ? Files.exists(l.target())
        : find(targetDir, targetBase, null).isPresent();
    if (present) {
      return;
    }
    Optional<Path> source = find(l.dir(), l.base(), l.hint());
    if (source.isEmpty()) {
      LOG.warn("Replay: message file {} to copy is not in {} (expunged since?)", l.base(), l.dir());
      return;
    }
    try {
      Files.createLink(l.target(), source.get());
    } catch (FileAlreadyExistsException e) {
      return;
    }
    touched.add(l.target().getParent());
  }

  private void ensureMailbox(Path dir, boolean isFolder) throws IOException {
    for (String sub : new String[] {"cur", "new", "tmp"}) {
      Files.createDirectories(dir.resolve(sub));
    }
    Path marker = dir.resolve("maildirfolder");
    if (isFolder && !Files.exists(marker)) {
      Files.createFile(marker);
    }
    touched.add(dir);
    touched.add(dir.getParent());
  }

  private void renameFolders(Path maildir, String from, String to) throws IOException {
    String prefix = "." + from;
    List<Path> moves = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(maildir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.equals(prefix) || name.startsWith(prefix + ".")) {
          moves.add(entry);
        }
      }
    }
    for (Path entry : moves) {
      String name = entry.getFileName().toString();
      Path target = maildir.resolve("." + to + name.substring(prefix.length()));
      if (!Files.exists(target)) {
        Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    touched.add(maildir);
  }

  private void removeTree(Path dir) throws IOException {
    if (FileTrees.delete(dir)) {
      touched.add(dir.getParent());
    }
  }

  /** Finds the file of a message in a mailbox folder: the hint first, then new/, then cur/. */
  private Optional<Path> find(Path mailboxDir, String base, String hint) throws IOException {
    if (hint != null && Files.exists(mailboxDir.resolve(hint))) {
      return Optional.of(mailboxDir.resolve(hint));
    }
    Path inNew = mailboxDir.resolve("new").resolve(base);
    if (Files.exists(inNew)) {
      return Optional.of(inNew);
    }
    Path cur = mailboxDir.resolve("cur");
    if (!Files.isDirectory(cur)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(cur, globQuote(base) + "*")) {
      for (Path file : files) {
        if (MaildirName.baseOf(file.getFileName().toString()).equals(base)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  private void remove(Path file, FileAction.Remove r) throws IOException {
    Optional<Path> keptIn = r.sha256() == null ? Optional.empty()
        : retention.keep(file, r.sha256(), r.seq());
    if (keptIn.isPresent()) {
      touched.add(file.getParent());
      touched.add(keptIn.get());
    } else {
      deleteQuietly(file);
    }
  }

  private void deleteQuietly(Path file) {
    try {
      if (Files.deleteIfExists(file)) {
        touched.add(file.getParent());
      }
    } catch (IOException e) {
      problem("could not remove " + file + ": " + e.getMessage());
    }
  }

  private void problem(String text) {
    LOG.error("Store files disagree with the journal: {}", text);
    problems.add(text);
  }

  private static String globQuote(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("*?[]{}\\".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
