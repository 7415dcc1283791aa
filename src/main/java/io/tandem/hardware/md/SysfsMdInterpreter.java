package io.tandem.hardware.md;

import io.tandem.hardware.MemberState;
import io.tandem.hardware.SyncAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives meaning to the sysfs md values {@link SysfsMd} read (kernel {@code md.c}: {@code
 * array_state_show}, {@code state_show}, {@code slot_show}, {@code action_show}, {@code
 * sync_completed_show}; kernel 6.1 writes {@code write_mostly}, some texts {@code
 * writemostly}: both are taken). Pure; never throws: a value it does not know becomes a warning and
 * the part it describes is unknown.
 */
public final class SysfsMdInterpreter {
  private static final Pattern RAID_DISKS =
      Pattern.compile("(\\d{1,9})(?:\\s*\\((\\d{1,9})\\))?");
  private static final Pattern COMPLETED = Pattern.compile("(\\d{1,19})\\s*/\\s*(\\d{1,19})");
  private static final Set<String> ARRAY_STATES = Set.of("clear", "inactive", "suspended",
      "readonly", "read-auto", "clean", "active", "write-pending", "active-idle", "broken");
  private static final Set<String> MEMBER_WORDS = Set.of("faulty", "in_sync", "journal",
      "write_mostly", "writemostly", "blocked", "spare", "write_error", "want_replacement",
      "replacement", "failfast", "external_bbl", "clustered");

  private SysfsMdInterpreter() {}

  /** What the files of one array say. */
  public static SysfsArray interpret(SysfsMd.Raw raw) {
    List<String> warnings = new ArrayList<>(raw.problems());
    Map<String, String> files = raw.files();
    String arrayState = files.getOrDefault("array_state", "");
    if (arrayState.isEmpty()) {
      warnings.add(raw.name() + ": no array_state");
    } else if (!ARRAY_STATES.contains(arrayState)) {
      warnings.add(raw.name() + ": unknown array_state '" + arrayState + "'");
    }
    int raidDisks = -1;
    int before = -1;
    String disks = files.getOrDefault("raid_disks", "");
    Matcher counts = RAID_DISKS.matcher(disks);
    if (counts.matches()) {
      raidDisks = Numbers.toInt(counts.group(1), -1);
      before = counts.group(2) == null ? -1 : Numbers.toInt(counts.group(2), -1);
    } else if (!disks.isEmpty()) {
      warnings.add(raw.name() + ": raid_disks '" + disks + "' is not a number");
    }
    String actionWord = files.getOrDefault("sync_action", "");
    SyncAction action = action(raw.name(), actionWord, warnings);
    String completed = files.getOrDefault("sync_completed", "none");
    Matcher done = COMPLETED.matcher(completed);
    boolean progress = done.matches();
    if (!progress && !completed.equals("none") && !completed.equals("delayed")) {
      warnings.add(raw.name() + ": sync_completed '" + completed + "' not understood");
    }
    List<SysfsArray.Member> members = new ArrayList<>();
    for (SysfsMd.RawMember member : raw.members()) {
      members.add(member(raw.name(), member, warnings));
    }
    return new SysfsArray(raw.name(), arrayState, files.getOrDefault("level", ""), raidDisks,
        before, Numbers.toInt(files.get("degraded"), -1), action, actionWord,
        progress ? Numbers.toLong(done.group(1), -1) : -1,
        progress ? Numbers.toLong(done.group(2), -1) : -1, completed.equals("delayed"),
        members, warnings);
  }

  private static SyncAction action(String name, String word, List<String> warnings) {
    switch (word) {
      case "resync": return SyncAction.RESYNC;
      case "recover": return SyncAction.RECOVERY;
      case "check": return SyncAction.CHECK;
      case "repair": return SyncAction.REPAIR;
      case "reshape": return SyncAction.RESHAPE;
      case "idle": case "frozen": case "": return SyncAction.NONE;
      default:
        warnings.add(name + ": unknown sync_action '" + word + "'");
        return SyncAction.NONE;
    }
  }

  private static SysfsArray.Member member(String array, SysfsMd.RawMember raw,
      List<String> warnings) {
    List<String> words = raw.state() == null || raw.state().isEmpty() ? List.of()
        : Arrays.asList(raw.state().split("\\s*,\\s*"));
    for (String word : words) {
      if (!MEMBER_WORDS.contains(word)) {
        warnings.add(array + ": " + raw.device() + " has an unknown state word '" + word + "'");
      }
    }
    String slotText = raw.slot() == null ? "" : raw.slot();
    int slot = Numbers.toInt(slotText, -1);
    if (slot < 0 && !slotText.equals("none") && !slotText.equals("journal")) {
      warnings.add(array + ": " + raw.device() + " has slot '" + slotText + "'");
    }
    boolean journal = words.contains("journal");
    MemberState state;
    if (words.contains("faulty")) {
      state = MemberState.FAULTY;
    } else if (journal || words.contains("in_sync")) {
      state = MemberState.IN_SYNC;
    } else if ((words.contains("spare") || words.contains("replacement")) && slot >= 0) {
      state = MemberState.REBUILDING;
    } else if (words.contains("spare")) {
      state = MemberState.SPARE;
    } else {
      state = MemberState.UNKNOWN;
      warnings.add(array + ": " + raw.device() + " state '" + raw.state() + "' not understood");
    }
    return new SysfsArray.Member(raw.device(), slot, words, state,
        words.contains("write_mostly") || words.contains("writemostly"), journal);
  }
}
