package io.tandem.backup.store;

import java.io.IOException;
import java.nio.file.Path;

/** A message file whose bytes do not hash to what the index says: it is never backed up. */
public final class CorruptSourceException extends IOException {
  private final transient Path file;
  private final String expected;
  private final String actual;

  /** The file, the hash the index gives and the hash of the bytes actually read. */
  public CorruptSourceException(Path file, String expected, String actual) {
    super("corrupt message file " + file + ": SHA-256 is " + actual + ", expected " + expected
        + "; not backed up");
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }

  /** The message file that was refused. */
  public Path file() {
    return file;
  }

  /** The hash the caller expected. */
  public String expected() {
    return expected;
  }

  /** The hash of the bytes read. */
  public String actual() {
    return actual;
  }
}
