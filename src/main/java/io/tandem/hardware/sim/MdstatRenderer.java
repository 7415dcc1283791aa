package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /proc/mdstat} as the kernel prints it ({@code md_seq_show}, {@code status_resync},
 * raid1's {@code status}, {@code md_bitmap_status}):
 *
 * <pre>
 * Personalities : [raid1] ␠
 * md0 : active raid1 sdb1[1] sda1[0]
 *       3906885440 blocks super 1.2 [2/2] [UU]
 *       bitmap: 0/30 pages [0KB], 65536KB chunk
 *
 * md1 : active raid1 sde[2] sdd[1](F) sdc[0]
 *       3906885440 blocks super 1.2 [2/1] [U_]
 *       [====&gt;................]  recovery = 21.3% (832179200/3906885440) finish=18.8min speed=2722048K/sec
 *       bitmap: 0/30 pages [0KB], 65536KB chunk
 *
 * unused devices: &lt;none&gt;
 * </pre>
 *
 * <p>Members are listed newest first, as the kernel adds each at the head of its list; the
 * separator line after an array without a bitmap is six spaces, not empty.
 */
public final class MdstatRenderer {
  private static final String INDENT = "      ";
  private static final long BITMAP_CHUNK_KIB = 65_536;
  private static final long COUNTERS_PER_PAGE = 2048;

  private MdstatRenderer() {}

  /** The file's text for {@code enclosure} at {@code now} (settled by the caller). */
  public static String render(Enclosure enclosure, Instant now) {
    StringBuilder out = new StringBuilder("Personalities : ");
    Set<String> levels = new LinkedHashSet<>();
    enclosure.arrays().forEach(a -> levels.add(a.level()));
    levels.forEach(level -> out.append('[').append(level).append("] "));
    out.append('\n');
    for (Array array : enclosure.arrays()) {
      array(out, array, now);
    }
    out.append("unused devices: <none>\n");
    return out.toString();
  }

  private static void array(StringBuilder out, Array array, Instant now) {
    out.append(array.name()).append(" : active ").append(array.level());
    List<Member> newestFirst = new ArrayList<>(array.members());
    Collections.reverse(newestFirst);
    for (Member member : newestFirst) {
      out.append(' ').append(member.device()).append('[').append(member.number()).append(']');
      if (member.status() == MemberStatus.FAULTY) {
        out.append("(F)");
      } else if (member.slot() < 0) {
        out.append("(S)");
      }
    }
    out.append('\n').append(INDENT).append(array.sizeKib()).append(" blocks super 1.2 [")
        .append(array.raidDisks()).append('/').append(array.raidDisks() - array.degraded())
        .append("] [").append(roles(array)).append(']');
    out.append('\n').append(INDENT);
    if (array.sync() != null) {
      out.append(progress(array, now)).append('\n').append(INDENT);
    }
    if (array.bitmap()) {
      long chunks = (array.sizeKib() + BITMAP_CHUNK_KIB - 1) / BITMAP_CHUNK_KIB;
      long pages = (chunks + COUNTERS_PER_PAGE - 1) / COUNTERS_PER_PAGE;
      out.append("bitmap: 0/").append(pages).append(" pages [0KB], ")
          .append(BITMAP_CHUNK_KIB).append("KB chunk\n");
    }
    out.append('\n');
  }

  /** {@code UU_}: U for each role held by an in-sync member, in role order. */
  static String roles(Array array) {
    StringBuilder roles = new StringBuilder();
    for (int slot = 0; slot < array.raidDisks(); slot++) {
      int role = slot;
      roles.append(array.members().stream().anyMatch(m -> m.slot() == role
          && m.status() == MemberStatus.IN_SYNC) ? 'U' : '_');
    }
    return roles.toString();
  }

  /**
   * {@code [==>..................]  recovery = 12.6% (491520/3906885440) finish=9.3min
   * speed=65536K/sec}.
   */
  static String progress(Array array, Instant now) {
    EnclosureChanges.SyncProgress progress = EnclosureChanges.SyncProgress.of(array, now);
    long perMille = permille(progress);
    int filled = (int) (perMille / 50);
    String bar = "[" + "=".repeat(filled) + ">" + ".".repeat(20 - filled) + "] ";
    long speed = array.sync().kibPerSecond();
    long seconds = (progress.totalKib() - progress.doneKib()) / speed;
    return bar + String.format(Locale.ROOT, " %s =%3d.%d%% (%d/%d) finish=%d.%dmin"
            + " speed=%dK/sec", array.sync().action(), perMille / 10, perMille % 10,
        progress.doneKib(), progress.totalKib(), seconds / 60, (seconds % 60) / 6, speed);
  }

  /** The kernel's per-mille: done * 1000 / (total + 1), in sectors. */
  static long permille(EnclosureChanges.SyncProgress progress) {
    return progress.doneKib() * 2 * 1000 / (progress.totalKib() * 2 + 1);
  }
}
