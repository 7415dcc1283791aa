package io.tandem.testing;

import io.tandem.util.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Folder trees copied for tests: a store's state taken aside and put back (a simulated crash). */
public final class TestTrees {
  private TestTrees() {}

  /** Copies every folder and file under {@code from} to the same place under {@code to}. */
  public static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** Replaces the tree at {@code target} with a copy of {@code saved}. */
  public static void restore(Path saved, Path target) throws IOException {
    FileTrees.delete(target);
    copy(saved, target);
  }
}
