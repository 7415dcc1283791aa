package io.tandem.hardware.disk;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code mdadm --examine /dev/X} (mdadm 4.2, {@code super1.c} and {@code super0.c}
 * {@code examine_super}). The recorded outputs it is tested against are in {@code
 * test-hardware/md/examine/}. Pure.
 *
 * <ul>
 *   <li>no superblock: exit 1, {@code mdadm: No md superblock detected on /dev/vdc.} on standard
 *       error (stdout empty);
 *   <li>metadata 1.x: {@code Array UUID : c17b1bee:f5471be6:aa78be60:305f1868}, {@code Name :
 *       (none):0  (local to host (none))} or {@code Name : nas2:mail} (another host's array
 *       has no "local to host"), {@code Device Role : Active device 0 | spare | Replacement
 *       device 1};
 *   <li>metadata 0.90: {@code UUID : 161c694c:...:53958f34 (local to host X)}, no name; the role
 *       is the {@code this} row of the device table ({@code this 0 254 48 0 active sync
 *       /dev/vdd}).
 *   <li>a partitioned whole disk without an md superblock: exit 0, the partition table
 *       instead ({@code MBR Magic : aa55}, {@code Partition[0] : 129024 sectors at 2048 (type
 *       fd)}); read as no superblock.
 * </ul>
 *
 * <p>Labels are matched after trimming ({@code ^\s*(.+?)\s*:\s*(.*)$}), since their column
 * width changed across versions; unknown labels are ignored.
 */
public final class MdExamineParser {
  private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z][A-Za-z ]*?)\\s*:\\s?(.*)$");
  private static final Pattern THIS_ROW = Pattern.compile(
      "^this\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\S+\\s+(.*?)(\\s+/dev/\\S+)?\\s*$");
  private static final Pattern UUID = Pattern.compile("([0-9a-fA-F]{8}(?::[0-9a-fA-F]{8}){3})");

  private MdExamineParser() {}

  /**
   * The result of {@code mdadm --examine /dev/<device>}.
   *
   * @throws HardwareException when mdadm failed otherwise (device missing, no permission) or
   *     printed what is not a superblock
   */
  public static MdExamine parse(String device, CommandRunner.Result result)
      throws HardwareException {
    String err = result.stderr() + "\n" + result.stdout();
    if (result.exitCode() != 0) {
      if (err.contains("No md superblock detected")) {
        return new MdExamine(device, Optional.empty());
      }
      throw ToolRun.failed(result);
    }
    return parse(device, result.stdout());
  }

  /** The superblock printed as {@code text} (exit status 0). */
  public static MdExamine parse(String device, String text) throws HardwareException {
    Map<String, String> fields = new HashMap<>();
    String thisRole = null;
    for (String raw : text.split("\n")) {
      String line = raw.stripTrailing();
      Matcher row = THIS_ROW.matcher(line.strip());
      if (row.matches()) {
        thisRole = row.group(1).strip();
        continue;
      }
      Matcher field = FIELD.matcher(line);
      if (field.matches()) {
        fields.putIfAbsent(field.group(1).strip(), field.group(2).strip());
      }
    }
    String metadata = fields.getOrDefault("Version", "");
    String uuidField = fields.containsKey("Array UUID") ? fields.get("Array UUID")
        : fields.getOrDefault("UUID", "");
    Matcher uuid = UUID.matcher(uuidField);
    if (!fields.containsKey("Magic") && (fields.containsKey("MBR Magic")
        || fields.containsKey("GPT Magic"))) {
      // mdadm found no md superblock but a partition table, which it prints instead (exit 0).
      return new MdExamine(device, Optional.empty());
    }
    if (!fields.containsKey("Magic") || metadata.isEmpty() || !uuid.find()) {
      throw new HardwareException("mdadm --examine /dev/" + device
          + " printed no md superblock mdadm's way (no Magic, Version or array UUID)");
    }
    String name = fields.getOrDefault("Name", "");
    int local = name.indexOf("  (local to host");
    if (local >= 0) {
      name = name.substring(0, local);
    }
    String role = fields.containsKey("Device Role") ? fields.get("Device Role")
        : thisRole != null ? thisRole : "";
    return new MdExamine(device, Optional.of(new MdExamine.Superblock(metadata,
        MdExamine.normalUuid(uuid.group(1)), name.strip(), fields.getOrDefault("Raid Level", ""),
        role, fields.getOrDefault("Events", ""))));
  }
}
