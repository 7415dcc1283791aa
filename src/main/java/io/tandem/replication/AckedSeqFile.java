package io.tandem.replication;

import io.tandem.store.write.CheckpointFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <store.state>/peer-acked}: the last seq the replica acknowledged, so that after a
 * restart of the primary the attic is not pruned too early and lag is known before the replica
 * reconnects. Only ever behind the truth (it is written after the ack), which is the safe side.
 * The same one-number file as the checkpoint.
 */
final class AckedSeqFile {
  private final Path path;
  private final CheckpointFile file;

  AckedSeqFile(Path path) {
    this.path = path;
    this.file = new CheckpointFile(path);
  }

  /** The recorded seq, or -1 when none is (or the file is damaged: then it is rebuilt). */
  long read() {
    try {
      return Files.exists(path) ? file.read() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  void write(long seq) throws IOException {
    file.write(seq);
  }
}
