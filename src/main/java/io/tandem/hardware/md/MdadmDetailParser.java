package io.tandem.hardware.md;

import io.tandem.hardware.HardwareException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code mdadm --detail /dev/mdX} prints (mdadm {@code Detail.c}). Pure;
 * thread-safe.
 *
 * <pre>
 * /dev/md0:
 *            Version : 1.2
 *         Raid Level : raid1
 *       Raid Devices : 2
 *              State : clean, degraded, recovering
 *     Active Devices : 1
 *    Working Devices : 2
 *     Failed Devices : 1
 *      Spare Devices : 1
 *     Rebuild Status : 3% complete
 *
 *     Number   Major   Minor   RaidDevice State
 *        3     254       32        0      spare rebuilding   /dev/vdc
 *        2     254       16        1      active sync   /dev/vdb
 *
 *        0     254        0        -      faulty   /dev/vda
 * </pre>
 *
 * <p>Labels are matched whatever their column width; the State line's trailing space, {@code
 * (DELAYED)}/{@code (PENDING)}, {@code -} or numbers in removed rows, rows without state words
 * (inactive arrays), {@code missing} paths and state words mdadm or a distribution adds are
 * accepted. A line not understood is skipped and named in {@link MdadmDetail#warnings()}; text
 * that is not {@code mdadm --detail} output at all is refused.
 */
public final class MdadmDetailParser {
  private static final Pattern DEVICE_LINE = Pattern.compile("^(/dev/\\S+):$");
  private static final Pattern FIELD =
      Pattern.compile("^([A-Za-z][A-Za-z ]{0,40}?)\\s*:(.*)$");
  private static final Pattern TABLE_HEADER =
      Pattern.compile("^Number\\s+Major\\s+Minor\\s+RaidDevice(?:\\s+State)?$");
  private static final Pattern ROW = Pattern.compile(
      "^(\\d{1,9}|-)\\s+(\\d{1,9})\\s+(\\d{1,9})\\s+(\\d{1,9}|-)(?:\\s+(.*))?$");
  private static final Pattern WAITING = Pattern.compile("\\((DELAYED|PENDING|REMOTE)\\)");
  private static final int MAX_WARNINGS = 50;

  private MdadmDetailParser() {}

  /**
   * Parses one array's output.
   *
   * @throws HardwareException when the text is empty or is not {@code mdadm --detail} output
   */
  public static MdadmDetail parse(String text) throws HardwareException {
    if (text == null || text.isBlank()) {
      throw new HardwareException("mdadm --detail printed nothing");
    }
    String device = null;
    Map<String, String> fields = new LinkedHashMap<>();
    List<MdadmDetail.Device> devices = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean table = false;
    for (String raw : text.split("\n", -1)) {
      String line = raw.replace("\r", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher deviceLine = DEVICE_LINE.matcher(line);
      Matcher row = ROW.matcher(line);
      Matcher field = FIELD.matcher(line);
      if (device == null && fields.isEmpty() && deviceLine.matches()) {
        device = deviceLine.group(1);
      } else if (TABLE_HEADER.matcher(line).matches()) {
        table = true;
      } else if (table && row.matches()) {
        devices.add(device(row));
      } else if (!table && field.matches()) {
        fields.putIfAbsent(field.group(1).strip(), field.group(2).strip());
      } else if (warnings.size() < MAX_WARNINGS) {
        warnings.add("mdadm --detail: skipped a line: '" + MdstatParser.excerpt(line) + "'");
      }
    }
    if (device == null && !fields.containsKey("State") && !fields.containsKey("Raid Level")) {
      throw new HardwareException("this is not mdadm --detail output (no '/dev/mdX:', "
          + "'Raid Level' or 'State' line): it begins '" + MdstatParser.excerpt(text) + "'");
    }
    String state = fields.getOrDefault("State", "");
    Matcher waiting = WAITING.matcher(state);
    String waitingWord = waiting.find() ? waiting.group(1) : "";
    List<String> stateWords = new ArrayList<>();
    for (String word : WAITING.matcher(state).replaceAll("").split(",")) {
      if (!word.isBlank()) {
        stateWords.add(word.strip());
      }
    }
    return MdadmDetail.of(device, fields, stateWords, waitingWord, devices, warnings);
  }

  private static MdadmDetail.Device device(Matcher row) {
    List<String> words = new ArrayList<>(row.group(5) == null ? List.of()
        : Arrays.asList(row.group(5).strip().split("\\s+")));
    String path = null;
    if (!words.isEmpty()) {
      String last = words.get(words.size() - 1);
      if (last.startsWith("/") || last.equals("missing")) {
        path = last;
        words.remove(words.size() - 1);
      }
    }
    return new MdadmDetail.Device(number(row.group(1)), Numbers.toInt(row.group(2), -1),
        Numbers.toInt(row.group(3), -1), number(row.group(4)), words, path);
  }

  private static int number(String text) {
    return text.equals("-") ? -1 : Numbers.toInt(text, -1);
  }
}
