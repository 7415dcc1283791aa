package io.tandem.hardware.md;

import io.tandem.hardware.MdArray;
import java.util.List;

/**
 * The arrays read in one pass, with what did not fit: sources that disagreed, values not
 * understood, {@code mdadm} not answering. Immutable.
 *
 * @param arrays the arrays, sorted by name
 * @param warnings in plain words, each naming its array or source
 */
public record MdReading(List<MdArray> arrays, List<String> warnings) {
  public MdReading {
    arrays = List.copyOf(arrays);
    warnings = List.copyOf(warnings);
  }
}
