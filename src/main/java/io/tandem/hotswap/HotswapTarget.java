package io.tandem.hotswap;

import java.util.Locale;
import java.util.Objects;

/**
 * What the technician wants to pull: the disk in a bay, or a power supply, numbered as on the
 * chassis labels.
 *
 * @param kind a disk or a power supply
 * @param number the bay number for a disk, the supply's number for a power supply (1 and up)
 */
public record HotswapTarget(Kind kind, int number) {
  /** The kinds of part the guard answers for. */
  public enum Kind {
    DISK, PSU;

    /** The word on the command line and in the API: {@code disk}, {@code psu}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public HotswapTarget {
    Objects.requireNonNull(kind, "kind");
    if (number < 1) {
      throw new IllegalArgumentException("a " + (kind == Kind.DISK ? "bay" : "power supply")
          + " number starts at 1, not " + number);
    }
  }

  /** The disk in {@code bay}. */
  public static HotswapTarget disk(int bay) {
    return new HotswapTarget(Kind.DISK, bay);
  }

  /** Power supply {@code n}. */
  public static HotswapTarget psu(int n) {
    return new HotswapTarget(Kind.PSU, n);
  }

  /** As the command line and the JSON's {@code target} say it: {@code disk 2}, {@code psu 1}. */
  public String word() {
    return kind.word() + " " + number;
  }

  /** In an operator's words: "the disk in bay 2", "power supply 1". */
  public String describe() {
    return kind == Kind.DISK ? "the disk in bay " + number : "power supply " + number;
  }
}
