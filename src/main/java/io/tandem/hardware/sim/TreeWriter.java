package io.tandem.hardware.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a {@link RenderedTree} under a folder (the stand-in root) so that readers polling it
 * meanwhile see each file whole: a changed file or link is written beside its place and renamed
 * over it, an unchanged one is left alone, and what the tree no longer has (a pulled disk's
 * sysfs folder, a removed member's {@code dev-} folder) is deleted afterwards.
 */
public final class TreeWriter {
  private TreeWriter() {}

  /** Makes {@code root} hold exactly {@code tree}. */
  public static void write(RenderedTree tree, Path root) throws IOException {
    Files.createDirectories(root);
    Set<Path> wanted = new HashSet<>();
    for (var entry : tree.entries().entrySet()) {
      Path path = root.resolve(entry.getKey());
      wanted.add(path);
      for (Path parent = path.getParent(); !parent.equals(root); parent = parent.getParent()) {
        wanted.add(parent);
      }
      Files.createDirectories(path.getParent());
      if (entry.getValue() instanceof RenderedTree.File file) {
        writeFile(path, file.content());
      } else if (entry.getValue() instanceof RenderedTree.Link link) {
        writeLink(path, link.target());
      }
    }
    removeOthers(root, wanted);
  }

  private static void writeFile(Path path, byte[] content) throws IOException {
    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
        && Arrays.equals(Files.readAllBytes(path), content)) {
      return;
    }
    clearDirectory(path);
    Path temp = path.resolveSibling("." + path.getFileName() + ".tmp");
    Files.write(temp, content);
    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeLink(Path path, String target) throws IOException {
    if (Files.isSymbolicLink(path) && Files.readSymbolicLink(path).toString().equals(target)) {
      return;
    }
    clearDirectory(path);
    Path temp = path.resolveSibling("." + path.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createSymbolicLink(temp, Path.of(target));
    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A folder where a file or link is to go is removed first (a rename cannot replace it). */
  private static void clearDirectory(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(path);
    }
  }

  private static void removeOthers(Path root, Set<Path> wanted) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root)).forEach(all::add);
    }
    all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path path : all) {
      if (!wanted.contains(path)) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(all::add);
    }
    all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path path : all) {
      Files.deleteIfExists(path);
    }
  }
}
