package io.tandem.backup.store;

import java.io.IOException;

/** Told each change of a run in file order, as its manifest is read (nothing is kept). */
@FunctionalInterface
public interface ChangeSink {
  void accept(Manifest.Change change) throws IOException;
}
