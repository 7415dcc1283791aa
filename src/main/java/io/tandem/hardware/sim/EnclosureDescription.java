package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Bay;
import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import io.tandem.hardware.sim.Enclosure.PowerSupply;
import io.tandem.hardware.sim.Enclosure.SelEntry;
import io.tandem.hardware.sim.Enclosure.Smart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The enclosure in plain words, for {@code tandem sim show}. */
public final class EnclosureDescription {
  private EnclosureDescription() {}

  /** Lines describing {@code enclosure} at {@code now}. */
  public static List<String> describe(Enclosure enclosure, Instant now) {
    Enclosure e = EnclosureChanges.settle(enclosure, now);
    List<String> lines = new ArrayList<>();
    lines.add("Bays:");
    for (Bay bay : e.bays()) {
      lines.add("  bay " + bay.number() + " (" + bay.link() + "): " + bay(bay) + leds(bay));
    }
    lines.add("Arrays:");
    if (e.arrays().isEmpty()) {
      lines.add("  none");
    }
    for (Array array : e.arrays()) {
      lines.add("  " + array(array, now));
    }
    lines.add("Power supplies:");
    for (PowerSupply psu : e.psus()) {
      lines.add("  PSU" + psu.number() + ": " + psu.status().name().toLowerCase(Locale.ROOT)
          .replace('_', ' '));
    }
    lines.add("BMC event log: " + (e.sel().isEmpty() ? "empty" : e.sel().size() + " entries"));
    for (SelEntry entry : e.sel()) {
      lines.add("  " + entry.id() + "  " + entry.time() + "  " + entry.data()
          + (entry.comment().isEmpty() ? "" : "  # " + entry.comment()));
    }
    lines.add("A full rebuild takes " + e.rebuildSeconds() + " s.");
    return lines;
  }

  /** The bay's LEDs that are lit: {@code "; LED locate"}, {@code "; LEDs locate, fault"}. */
  private static String leds(Bay bay) {
    if (bay.locate() && bay.fault()) {
      return "; LEDs locate, fault";
    }
    return bay.locate() ? "; LED locate" : bay.fault() ? "; LED fault" : "";
  }

  private static String bay(Bay bay) {
    Disk disk = bay.disk();
    if (disk == null) {
      return "empty";
    }
    String what = disk.device() + ", " + disk.model() + ", serial " + disk.serial() + ", "
        + String.format(Locale.ROOT, "%.2f TB", disk.sizeBytes() / 1e12);
    if (!disk.present()) {
      return "empty (" + what + " was pulled)";
    }
    if (disk.partitions().isEmpty() && disk.foreign() == null) {
      what += ", no partitions";
    }
    if (disk.foreign() != null) {
      what += ", foreign md superblock (" + disk.foreign().name() + ")";
    }
    return what + ", " + smart(disk.smart());
  }

  private static String smart(Smart s) {
    List<String> notes = new ArrayList<>();
    notes.add("SMART " + (s.passed() ? "passed" : "FAILED"));
    notes.add(s.temperatureC() + " C");
    addIf(notes, s.reallocated(), "reallocated");
    addIf(notes, s.pending(), "pending");
    addIf(notes, s.uncorrectable(), "uncorrectable");
    addIf(notes, s.crcErrors(), "CRC errors");
    addIf(notes, s.errorLog(), "error log entries");
    addIf(notes, s.mediaErrors(), "media errors");
    if (s.criticalWarning() != 0) {
      notes.add("critical warning 0x" + Integer.toHexString(s.criticalWarning()));
    }
    if (s.standby()) {
      notes.add("asleep (standby)");
    }
    return String.join(", ", notes);
  }

  private static void addIf(List<String> notes, long count, String what) {
    if (count > 0) {
      notes.add(count + " " + what);
    }
  }

  private static String array(Array array, Instant now) {
    StringBuilder text = new StringBuilder(array.name() + " " + array.level() + " ["
        + array.raidDisks() + "/" + (array.raidDisks() - array.degraded()) + "] ["
        + MdstatRenderer.roles(array) + "]: ");
    if (array.broken()) {
      text.append("BROKEN (md refused to fail its last member; writes fail)");
    } else if (array.degraded() == 0) {
      text.append("clean");
    } else {
      text.append("degraded");
    }
    if (array.sync() != null) {
      EnclosureChanges.SyncProgress progress = EnclosureChanges.SyncProgress.of(array, now);
      long seconds = Math.max(0, progress.endsAt().getEpochSecond() - now.getEpochSecond());
      text.append(", ").append(array.sync().action()).append(' ')
          .append(MdstatRenderer.permille(progress) / 10).append("% (").append(seconds)
          .append(" s left)");
    }
    List<String> members = new ArrayList<>();
    for (Member member : array.members()) {
      String state = member.status() == MemberStatus.FAULTY ? "faulty"
          : member.rebuilding() ? "rebuilding"
          : member.status() == MemberStatus.SPARE ? "spare" : "in sync";
      members.add(member.device() + " " + state + (member.detached() ? " (pulled)" : ""));
    }
    return text.append("; ").append(String.join(", ", members)).toString();
  }
}
