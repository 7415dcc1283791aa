package io.tandem.scrub;

import io.tandem.replication.BodyLocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another copy of the body on this appliance: a message elsewhere in the user's mail with the
 * same hash, or the attic ({@link BodyLocator#findByHash}, which checks the hash of each).
 */
final class LocalCopies implements BodySource {
  private final BodyLocator bodies;

  LocalCopies(BodyLocator bodies) {
    this.bodies = bodies;
  }

  @Override
  public Result fetch(String user, String sha256, Path into) {
    try {
      BodyLocator.Lookup found = bodies.findByHash(user, sha256);
      if (found.verified().isEmpty()) {
        return new Result(Answer.NONE_GOOD, "no good copy on this appliance");
      }
      try (FileChannel from = found.verified().get();
          FileChannel to = FileChannel.open(into, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE)) {
        long size = from.size();
        for (long done = 0; done < size; ) {
          done += from.transferTo(done, size - done, to);
        }
        to.force(true);
      }
      return new Result(Answer.FETCHED, "copied from another copy on this appliance");
    } catch (IOException e) {
      try {
        Files.deleteIfExists(into);
      } catch (IOException ignored) {
        // A leftover in tmp/ does no harm.
      }
      return new Result(Answer.UNREACHABLE, "reading another copy on this appliance failed: "
          + e.getMessage());
    }
  }
}
