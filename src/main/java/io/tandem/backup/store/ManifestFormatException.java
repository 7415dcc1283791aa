package io.tandem.backup.store;

import java.io.IOException;

/** A manifest that does not parse: cut off, altered, or not a manifest. */
public final class ManifestFormatException extends IOException {
  /** What is wrong, with the line number when there is one. */
  public ManifestFormatException(String message) {
    super(message);
  }
}
