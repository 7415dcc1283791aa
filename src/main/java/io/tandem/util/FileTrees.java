package io.tandem.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole folder trees. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code dir} and everything below it, deepest first; nothing when it does not exist.
   *
   * @return whether there was anything to delete
   */
  public static boolean delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
    return true;
  }
}
