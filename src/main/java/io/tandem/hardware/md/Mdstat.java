package io.tandem.hardware.md;

import java.util.List;
import java.util.Objects;

/**
 * What {@code /proc/mdstat} says, array by array, as {@link MdstatParser} read it. Immutable.
 *
 * @param personalities the RAID levels the kernel has loaded ({@code raid1}, ...)
 * @param arrays every array listed, in the file's order
 * @param unused the devices listed after {@code unused devices:} ({@code <none>} gives none)
 * @param warnings lines or tokens that were not understood and were skipped, in plain words
 */
public record Mdstat(List<String> personalities, List<Array> arrays, List<String> unused,
    List<String> warnings) {
  public Mdstat {
    personalities = List.copyOf(personalities);
    arrays = List.copyOf(arrays);
    unused = List.copyOf(unused);
    warnings = List.copyOf(warnings);
  }

  /**
   * One array.
   *
   * @param name the kernel name ({@code md0}, {@code md_d0}, {@code md127})
   * @param active {@code active} rather than {@code inactive}
   * @param readOnly {@code read-only}, {@code auto-read-only}, or {@code ""}
   * @param level the personality ({@code raid1}, {@code linear}); {@code ""} when none is shown
   *     (inactive arrays, containers)
   * @param members the member devices in the order listed
   * @param blocks the size in KiB; -1 when not shown
   * @param superblock the metadata after {@code super} ({@code 1.2}, {@code external:imsm});
   *     {@code ""} when not shown (0.90 metadata)
   * @param raidDisks n of {@code [n/m]}; -1 when not shown (raid0, linear, inactive)
   * @param inSync m of {@code [n/m]}; -1 when not shown
   * @param status the role map {@code UU_} (in role order); {@code ""} when not shown
   * @param progress what the array is doing, {@link Progress#NONE} when nothing
   * @param bitmap a {@code bitmap:} line follows
   */
  public record Array(String name, boolean active, String readOnly, String level,
      List<Member> members, long blocks, String superblock, int raidDisks, int inSync,
      String status, Progress progress, boolean bitmap) {
    public Array {
      Objects.requireNonNull(name, "name");
      members = List.copyOf(members);
      Objects.requireNonNull(progress, "progress");
    }
  }

  /**
   * One member as {@code sdb1[2](W)(F)} shows it.
   *
   * @param device the kernel name ({@code sdb1})
   * @param index the number in brackets: the superblock descriptor index, <em>not</em> the role
   * @param writeMostly {@code (W)}
   * @param journal {@code (J)}
   * @param faulty {@code (F)}
   * @param spare {@code (S)}
   * @param replacement {@code (R)}
   */
  public record Member(String device, int index, boolean writeMostly, boolean journal,
      boolean faulty, boolean spare, boolean replacement) {}

  /**
   * A progress line ({@code [==>...]  recovery = 12.6% (...) finish=1.5min speed=682K/sec}) or
   * a waiting one ({@code resync=DELAYED}).
   *
   * @param action the kernel's word: {@code resync} (also shown for {@code repair}),
   *     {@code recovery}, {@code check}, {@code reshape}; {@code ""} for none
   * @param percent as shown; -1 when not shown
   * @param doneKib the first number in parentheses; -1 when not shown
   * @param totalKib the second; -1 when not shown
   * @param finishMinutes the kernel's estimate; -1 when not shown
   * @param speedKibPerSecond -1 when not shown
   * @param waiting {@code DELAYED}, {@code PENDING}, {@code REMOTE}, or {@code ""}
   */
  public record Progress(String action, double percent, long doneKib, long totalKib,
      double finishMinutes, long speedKibPerSecond, String waiting) {
    /** No progress line. */
    public static final Progress NONE = new Progress("", -1, -1, -1, -1, -1, "");
  }
}
