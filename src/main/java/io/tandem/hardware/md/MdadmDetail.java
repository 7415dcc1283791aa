package io.tandem.hardware.md;

import io.tandem.hardware.MemberState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code mdadm --detail /dev/mdX} printed, as {@link MdadmDetailParser} read it. Immutable.
 *
 * @param device the device named on the first line ({@code /dev/md0}); {@code ""} when absent
 * @param fields every {@code Label : value} line, label to value (trailing space removed)
 * @param stateWords the {@code State} line split at commas ({@code clean}, {@code degraded},
 *     {@code recovering}, {@code FAILED}, {@code Not Started}), without the waiting note
 * @param waiting {@code DELAYED}, {@code PENDING} or {@code REMOTE} from {@code (DELAYED)};
 *     {@code ""} when none
 * @param level {@code Raid Level}; {@code ""} when absent
 * @param raidDevices {@code Raid Devices}; -1 when absent
 * @param activeDevices {@code Active Devices}; -1 when absent
 * @param workingDevices {@code Working Devices}; -1 when absent
 * @param failedDevices {@code Failed Devices}; -1 when absent
 * @param spareDevices {@code Spare Devices}; -1 when absent
 * @param progressLabel {@code Rebuild}, {@code Resync}, {@code Reshape} or {@code Check} from
 *     {@code "Rebuild Status : 35% complete"}; {@code ""} when none
 * @param progressPercent the percent of that line; -1 when none
 * @param devices the rows of the device table, in order
 * @param warnings what was skipped, in plain words
 */
public record MdadmDetail(String device, Map<String, String> fields, List<String> stateWords,
    String waiting, String level, int raidDevices, int activeDevices, int workingDevices,
    int failedDevices, int spareDevices, String progressLabel, int progressPercent,
    List<Device> devices, List<String> warnings) {
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,9})%");

  public MdadmDetail {
    fields = Map.copyOf(fields);
    stateWords = List.copyOf(stateWords);
    devices = List.copyOf(devices);
    warnings = List.copyOf(warnings);
  }

  /** True when the State line holds {@code word} (case-insensitive). */
  public boolean stateSays(String word) {
    return stateWords.stream().anyMatch(w -> w.equalsIgnoreCase(word));
  }

  /**
   * One row of the device table ({@code 4  8  65  2  spare rebuilding  /dev/sde1}).
   *
   * @param number the descriptor number; -1 for {@code -}
   * @param major the device's major number
   * @param minor its minor number
   * @param raidDevice the role; -1 for {@code -}
   * @param words the state words ({@code active}, {@code sync}, {@code set-A}, {@code spare},
   *     {@code rebuilding}, {@code faulty}, {@code removed}, {@code writemostly}, ...)
   * @param path the device path, {@code missing} when its node is gone; null for a removed role
   */
  public record Device(int number, int major, int minor, int raidDevice, List<String> words,
      String path) {
    public Device {
      words = List.copyOf(words);
    }

    /** What the words mean to an operator. */
    public MemberState state() {
      if (words.contains("faulty")) {
        return MemberState.FAULTY;
      }
      if (words.contains("removed")) {
        return MemberState.REMOVED;
      }
      if (words.contains("rebuilding")) {
        return MemberState.REBUILDING;
      }
      if (words.contains("spare")) {
        return MemberState.SPARE;
      }
      if (words.contains("sync") || words.contains("journal") || words.contains("active")) {
        return MemberState.IN_SYNC;
      }
      return MemberState.UNKNOWN;
    }

    /** {@code writemostly}. */
    public boolean writeMostly() {
      return words.contains("writemostly");
    }

    /** The kernel name ({@code sdb1} of {@code /dev/sdb1}); null when there is no node. */
    public String kernelName() {
      if (path == null || !path.startsWith("/dev/")) {
        return null;
      }
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  static MdadmDetail of(String device, Map<String, String> fields, List<String> stateWords,
      String waiting, List<Device> devices, List<String> warnings) {
    String status = "";
    int percent = -1;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (field.getKey().endsWith(" Status")) {
        status = field.getKey().substring(0, field.getKey().length() - " Status".length());
        Matcher m = PERCENT.matcher(field.getValue());
        percent = m.find() ? Numbers.toInt(m.group(1), -1) : -1;
      }
    }
    return new MdadmDetail(Objects.requireNonNullElse(device, ""), fields, stateWords, waiting,
        fields.getOrDefault("Raid Level", ""), count(fields, "Raid Devices"),
        count(fields, "Active Devices"), count(fields, "Working Devices"),
        count(fields, "Failed Devices"), count(fields, "Spare Devices"), status, percent,
        devices, warnings);
  }

  private static int count(Map<String, String> fields, String label) {
    return Numbers.toInt(fields.get(label), -1);
  }
}
