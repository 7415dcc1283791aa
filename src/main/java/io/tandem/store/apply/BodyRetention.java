package io.tandem.store.apply;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides what happens to a message file that an operation removes (expunge, folder or user
 * deletion): deleted at once, or kept because someone who follows the journal (the replica,
 * the backup) may still need its body. See {@code io.tandem.store.attic.Attic}.
 */
public interface BodyRetention {
  /** Deletes every removed file: nothing follows this store's journal. */
  BodyRetention NONE = (file, sha256, seq) -> Optional.empty();

  /**
   * Takes {@code file}, removed by the entry {@code seq}, into safe keeping.
   *
   * @return the folder the file was moved into (the caller forces it with the batch), or empty
   *     when it was not taken and the caller should delete it
   */
  Optional<Path> keep(Path file, String sha256, long seq) throws IOException;
}
