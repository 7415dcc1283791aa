package io.tandem.store.write;

import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The journal position up to which everything derived (indexes, maildir renames and deletes) is
 * known to be on disk. Recovery replays the journal after it. One line: the seq in decimal.
 */
public final class CheckpointFile {
  private final Path file;

  public CheckpointFile(Path file) {
    this.file = file;
  }

  /** The recorded seq, 0 when there is no checkpoint yet. */
  public long read() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": not a journal position: '" + text + "'");
    }
  }

  public void write(long seq) throws IOException {
    AtomicFiles.write(file, (seq + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
