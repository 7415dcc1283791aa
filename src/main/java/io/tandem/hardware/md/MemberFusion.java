package io.tandem.hardware.md;

import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MemberState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An array's members from the best source at hand: sysfs ({@code dev-*} state and slot), else
 * the {@code mdadm --detail} table, else mdstat (which has no roles: its {@code [n]} is not
 * the role). Each role no member holds becomes an empty slot (device null, REMOVED). Pure.
 */
final class MemberFusion {
  private static final Set<String> REDUNDANT = Set.of("raid1", "raid4", "raid5", "raid6",
      "raid10");

  private MemberFusion() {}

  static List<MdMember> members(SysfsArray sysfs, Mdstat.Array mdstat, MdadmDetail detail,
      String level, int raidDisks, boolean inactive, List<String> warnings) {
    List<MdMember> members;
    boolean rolesKnown = true;
    if (sysfs != null && !sysfs.members().isEmpty()) {
      members = fromSysfs(sysfs, detail, warnings);
    } else if (detail != null && !detail.devices().isEmpty()) {
      members = fromDetail(detail);
    } else if (mdstat != null) {
      members = fromMdstat(mdstat);
      rolesKnown = false;
    } else {
      members = new ArrayList<>();
    }
    if (!inactive && REDUNDANT.contains(level)) {
      if (rolesKnown) {
        addEmptyRoles(members, raidDisks);
      } else {
        addEmptySlots(members, mdstat);
      }
    }
    members.sort(Comparator.comparing((MdMember m) -> m.slot() < 0)
        .thenComparingInt(MdMember::slot)
        .thenComparing(m -> m.device() == null ? "" : m.device()));
    return members;
  }

  private static List<MdMember> fromSysfs(SysfsArray sysfs, MdadmDetail detail,
      List<String> warnings) {
    Set<Integer> missing = new HashSet<>();
    if (detail != null) {
      for (MdadmDetail.Device row : detail.devices()) {
        if ("missing".equals(row.path()) && row.raidDevice() >= 0) {
          missing.add(row.raidDevice());
        }
      }
    }
    List<MdMember> members = new ArrayList<>();
    for (SysfsArray.Member member : sysfs.members()) {
      MemberState state = member.state();
      if (missing.contains(member.slot()) && state == MemberState.IN_SYNC) {
        // The kernel has not noticed yet (it marks the member faulty at the next write), but
        // the device node is gone: the disk is not serving.
        warnings.add(sysfs.name() + ": " + member.device() + " is in sync for the kernel, but "
            + "mdadm finds its device missing; shown as faulty");
        state = MemberState.FAULTY;
      }
      members.add(new MdMember(member.device(), member.slot(), state, member.writeMostly()));
    }
    return members;
  }

  private static List<MdMember> fromDetail(MdadmDetail detail) {
    List<MdMember> members = new ArrayList<>();
    for (MdadmDetail.Device row : detail.devices()) {
      MemberState state = row.state();
      String device = state == MemberState.REMOVED ? null : row.kernelName();
      members.add(new MdMember(device, row.raidDevice(), state, row.writeMostly()));
    }
    return members;
  }

  private static List<MdMember> fromMdstat(Mdstat.Array mdstat) {
    long plain = mdstat.members().stream()
        .filter(m -> !m.faulty() && !m.spare() && !m.journal() && !m.replacement()).count();
    // Without roles, an unflagged member is known in sync only when there are as many of them
    // as [n/m] counts in sync; otherwise one of them is being rebuilt and which is unknown.
    boolean allInSync = mdstat.inSync() < 0 ? mdstat.progress().action().isEmpty()
        : plain == mdstat.inSync();
    List<MdMember> members = new ArrayList<>();
    for (Mdstat.Member member : mdstat.members()) {
      MemberState state;
      if (member.faulty()) {
        state = MemberState.FAULTY;
      } else if (member.spare()) {
        state = MemberState.SPARE;
      } else if (member.replacement()) {
        state = MemberState.REBUILDING;
      } else if (member.journal() || allInSync) {
        state = MemberState.IN_SYNC;
      } else {
        state = MemberState.UNKNOWN;
      }
      members.add(new MdMember(member.device(), -1, state, member.writeMostly()));
    }
    return members;
  }

  private static void addEmptyRoles(List<MdMember> members, int raidDisks) {
    Set<Integer> held = new HashSet<>();
    members.forEach(m -> held.add(m.slot()));
    for (int slot = 0; slot < raidDisks; slot++) {
      if (!held.contains(slot)) {
        members.add(new MdMember(null, slot, MemberState.REMOVED, false));
      }
    }
  }

  private static void addEmptySlots(List<MdMember> members, Mdstat.Array mdstat) {
    boolean allKnown = members.stream().noneMatch(m -> m.state() == MemberState.UNKNOWN);
    String status = mdstat.status();
    for (int slot = 0; allKnown && slot < status.length(); slot++) {
      if (status.charAt(slot) == '_') {
        members.add(new MdMember(null, slot, MemberState.REMOVED, false));
      }
    }
  }
}
