package io.tandem.hardware.md;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MdArray.MdSync;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.SyncAction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An array's sync and its one state word, the most pressing that holds, in this order: {@code
 * inactive}, {@code failed}, {@code recovering}, {@code reshaping}, {@code resyncing}, {@code
 * repairing}, {@code checking}, {@code degraded}, {@code clean} ({@code unknown} when no source
 * says). sysfs decides what the array does; mdstat gives the percent and the time left (its
 * percent is also the fresher: {@code sync_completed} lags behind it). Pure.
 */
final class StateRules {
  private StateRules() {}

  static MdSync sync(SysfsArray sysfs, Mdstat.Array mdstat, MdadmDetail detail,
      List<String> warnings) {
    Mdstat.Progress progress = mdstat == null ? Mdstat.Progress.NONE : mdstat.progress();
    SyncAction mdstatAction = action(progress.action());
    boolean waiting = progress.waiting().equals("DELAYED") || progress.waiting().equals("PENDING")
        || (sysfs != null && sysfs.syncDelayed())
        || (detail != null && (detail.waiting().equals("DELAYED")
            || detail.waiting().equals("PENDING")));
    SyncAction action;
    if (sysfs != null) {
      action = sysfs.action();
      if (action == SyncAction.NONE && !progress.waiting().isEmpty()) {
        // A resync that waits for the array to be written (auto-read-only): sync_action says
        // idle, mdstat and mdadm say resync=PENDING.
        action = mdstatAction;
      } else if (!agree(action, mdstatAction, progress) && mdstat != null) {
        warnings.add(sysfs.name() + ": sysfs says " + sysfs.actionWord() + ", /proc/mdstat says "
            + (progress.action().isEmpty() ? "nothing under way" : progress.action()));
      }
    } else if (mdstat != null) {
      action = mdstatAction;
    } else {
      action = detail == null ? SyncAction.NONE : detailAction(detail.progressLabel());
    }
    if (action == SyncAction.NONE) {
      return MdSync.NONE;
    }
    double percent = progress.percent();
    if (percent < 0 && sysfs != null && sysfs.syncTotalSectors() > 0) {
      percent = Math.floor(1000.0 * sysfs.syncDoneSectors() / sysfs.syncTotalSectors()) / 10;
    }
    if (percent < 0 && detail != null) {
      percent = detail.progressPercent();
    }
    long eta = progress.finishMinutes() < 0 ? -1 : Math.round(progress.finishMinutes() * 60);
    return new MdSync(action, percent, eta, waiting);
  }

  /** Repair shows as resync in mdstat; a check queued behind another shows resync=DELAYED. */
  private static boolean agree(SyncAction sysfs, SyncAction mdstat, Mdstat.Progress progress) {
    return sysfs == mdstat
        || (sysfs == SyncAction.REPAIR && mdstat == SyncAction.RESYNC)
        || (sysfs != SyncAction.NONE && !progress.waiting().isEmpty());
  }

  static SyncAction action(String mdstatWord) {
    switch (mdstatWord) {
      case "resync": return SyncAction.RESYNC;
      case "recovery": return SyncAction.RECOVERY;
      case "check": return SyncAction.CHECK;
      case "repair": return SyncAction.REPAIR;
      case "reshape": return SyncAction.RESHAPE;
      default: return SyncAction.NONE;
    }
  }

  private static SyncAction detailAction(String label) {
    switch (label) {
      case "Rebuild": return SyncAction.RECOVERY;
      case "Resync": return SyncAction.RESYNC;
      case "Reshape": return SyncAction.RESHAPE;
      case "Check": return SyncAction.CHECK;
      default: return SyncAction.NONE;
    }
  }

  static ArrayState state(SysfsArray sysfs, Mdstat.Array mdstat, MdadmDetail detail,
      String level, int raidDisks, List<MdMember> members, MdSync sync) {
    if (sysfs == null && mdstat == null) {
      return ArrayState.UNKNOWN;
    }
    if (sysfs != null ? sysfs.inactive() : !mdstat.active()) {
      return ArrayState.INACTIVE;
    }
    if (failed(sysfs, detail, level, raidDisks, members)) {
      return ArrayState.FAILED;
    }
    switch (sync.action()) {
      case RECOVERY: return ArrayState.RECOVERING;
      case RESHAPE: return ArrayState.RESHAPING;
      case RESYNC: return ArrayState.RESYNCING;
      case REPAIR: return ArrayState.REPAIRING;
      case CHECK: return ArrayState.CHECKING;
      default: break;
    }
    if (missingRoles(sysfs, mdstat, members, raidDisks) > 0
        || (detail != null && detail.stateSays("degraded"))) {
      return ArrayState.DEGRADED;
    }
    if (sysfs != null && sysfs.arrayState().isEmpty() && mdstat == null) {
      return ArrayState.UNKNOWN;
    }
    return ArrayState.CLEAN;
  }

  /** Roles without an in-sync member: sysfs {@code degraded}, else mdstat's [n/m]. */
  private static int missingRoles(SysfsArray sysfs, Mdstat.Array mdstat,
      List<MdMember> members, int raidDisks) {
    if (sysfs != null && sysfs.degraded() >= 0) {
      return sysfs.degraded();
    }
    if (mdstat != null && mdstat.raidDisks() >= 0 && mdstat.inSync() >= 0) {
      return mdstat.raidDisks() - mdstat.inSync();
    }
    long serving = members.stream().filter(m -> m.state() == MemberState.IN_SYNC
        && m.slot() >= 0).map(MdMember::slot).distinct().count();
    return members.stream().anyMatch(m -> m.slot() >= 0) ? Math.max(0, raidDisks - (int) serving)
        : 0;
  }

  private static boolean failed(SysfsArray sysfs, MdadmDetail detail, String level,
      int raidDisks, List<MdMember> members) {
    if ((sysfs != null && sysfs.arrayState().equals("broken"))
        || (detail != null && detail.stateSays("FAILED"))) {
      return true;
    }
    Set<Integer> serving = new HashSet<>();
    boolean rolesKnown = false;
    for (MdMember member : members) {
      rolesKnown |= member.slot() >= 0;
      if (member.state() == MemberState.IN_SYNC && member.slot() >= 0) {
        serving.add(member.slot());
      }
    }
    if (!rolesKnown || raidDisks <= 0) {
      return false;
    }
    int missing = raidDisks - serving.size();
    switch (level) {
      case "raid0": case "linear": return missing > 0;
      case "raid1": return missing >= raidDisks;
      case "raid4": case "raid5": return missing > 1;
      case "raid6": return missing > 2;
      case "raid10": return missing >= raidDisks || lostMirrorPair(serving, raidDisks);
      default: return false;
    }
  }

  /**
   * Both members of one mirror pair gone, for the default 2-copy layouts (near=2 pairs roles
   * 0-1, 2-3, ...; far/offset with an odd count are not judged here, mdadm's FAILED is).
   */
  private static boolean lostMirrorPair(Set<Integer> serving, int raidDisks) {
    if (raidDisks % 2 != 0) {
      return false;
    }
    for (int role = 0; role < raidDisks; role += 2) {
      if (!serving.contains(role) && !serving.contains(role + 1)) {
        return true;
      }
    }
    return false;
  }
}
