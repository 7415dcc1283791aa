package io.tandem.scrub;

import io.tandem.store.maildir.MaildirName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a message's file in its mailbox folder. The index names it ({@code new/BASE} or {@code
 * cur/BASE:2,FLAGS}), but a maildir reader may have moved it to {@code cur/} or changed its flag
 * letters, so the same base name with any suffix in {@code cur/} or {@code new/} is it too.
 * Stateless.
 */
public final class MessageFiles {
  private MessageFiles() {}

  /**
   * The file of the message the index records as {@code file} in {@code folder}, or empty when
   * neither that name nor its base name with other flags exists.
   */
  public static Optional<Path> locate(Path folder, String file) throws IOException {
    Path named = folder.resolve(file);
    if (Files.isRegularFile(named, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(named);
    }
    String base = baseOf(file);
    for (String sub : new String[] {"cur", "new"}) {
      Path dir = folder.resolve(sub);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
          p -> MaildirName.baseOf(p.getFileName().toString()).equals(base))) {
        for (Path found : files) {
          if (Files.isRegularFile(found, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(found);
          }
        }
      } catch (NoSuchFileException e) {
        // No such folder: nothing there.
      }
    }
    return Optional.empty();
  }

  /** The base name of an index file name ({@code new/BASE} or {@code cur/BASE:2,FLAGS}). */
  static String baseOf(String file) {
    int slash = file.indexOf('/');
    return MaildirName.baseOf(slash < 0 ? file : file.substring(slash + 1));
  }
}
