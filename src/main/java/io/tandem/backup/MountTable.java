package io.tandem.backup;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Which mount a path is on, from the text of {@code /proc/self/mountinfo} (pure): the mount
 * point that is the longest prefix of the path. The fifth field of each line is the mount point,
 * with space, tab, newline and backslash written as octal escapes ({@code \040}).
 */
final class MountTable {
  private MountTable() {}

  /** The mount point {@code path} (absolute, symbolic links resolved) is on; "/" at worst. */
  static Path mountPointOf(String mountinfo, Path path) {
    Path best = Paths.get("/");
    for (String line : mountinfo.split("\n")) {
      String[] fields = line.split(" ");
      if (fields.length < 5) {
        continue;
      }
      Path point = Paths.get(unescape(fields[4]));
      if (path.startsWith(point) && point.getNameCount() > best.getNameCount()) {
        best = point;
      }
    }
    return best;
  }

  static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String text, int from) {
    if (from + 3 > text.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
