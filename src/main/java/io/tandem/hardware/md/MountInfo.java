package io.tandem.hardware.md;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mounts of {@code /proc/self/mountinfo} (proc(5)): {@code 36 35 98:0 /mnt1 /mnt2 rw,noatime
 * master:1 - ext3 /dev/root rw,errors=continue}. Pure; immutable.
 *
 * @param mounts in the file's order (a later mount on the same point hides an earlier one)
 */
public record MountInfo(List<Mount> mounts) {
  public MountInfo {
    mounts = List.copyOf(mounts);
  }

  /**
   * One mount.
   *
   * @param device {@code major:minor} of the filesystem's device ({@code 0:NN} when it has none)
   * @param mountPoint where it is mounted, octal escapes ({@code \040}) decoded
   * @param fsType {@code ext4}, {@code xfs}, {@code tmpfs}, ...
   * @param source the mount source ({@code /dev/md0}); informative only
   */
  public record Mount(String device, String mountPoint, String fsType, String source) {}

  /** Parses the file; lines that are not mounts are skipped. */
  public static MountInfo parse(String text) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] fields = line.strip().split(" ");
      int dash = List.of(fields).indexOf("-");
      if (fields.length < 6 || dash < 6 || dash + 1 >= fields.length
          || !fields[2].matches("\\d{1,9}:\\d{1,9}")) {
        continue;
      }
      mounts.add(new Mount(fields[2], unescape(fields[4]), fields[dash + 1],
          dash + 2 < fields.length ? unescape(fields[dash + 2]) : ""));
    }
    return new MountInfo(mounts);
  }

  /**
   * The mount a path lives on: the one whose mount point is the longest leading part of it
   * (the last such, as it is on top).
   *
   * @param path absolute and normalised ({@code /srv/mail/store})
   */
  public Optional<Mount> mountOf(String path) {
    Mount best = null;
    for (Mount mount : mounts) {
      if (contains(mount.mountPoint(), path)
          && (best == null || mount.mountPoint().length() >= best.mountPoint().length())) {
        best = mount;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean contains(String mountPoint, String path) {
    if (mountPoint.equals("/") || mountPoint.equals(path)) {
      return true;
    }
    return path.startsWith(mountPoint) && path.charAt(mountPoint.length()) == '/';
  }

  /** Decodes the kernel's {@code \ooo} escapes (space, tab, newline, backslash). */
  static String unescape(String field) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4)
          .matches("[0-7]{3}")) {
        text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
