package io.tandem.replication;

import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <store.state>/peer-acked}: the last seq the replica acknowledged, so that after a
 * restart of the primary the attic is not pruned too early and lag is known before the replica
 * reconnects. Only ever behind the truth (it is written after the ack), which is the safe side.
 */
final class AckedSeqFile {
  private final Path file;

  AckedSeqFile(Path file) {
    this.file = file;
  }

  /** The recorded seq, or -1 when none is (or the file is damaged: then it is rebuilt). */
  long read() {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  void write(long seq) throws IOException {
    AtomicFiles.write(file, (seq + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
