package io.tandem.hardware.md;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MdArray.MdSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Fuses the three views of the md arrays into the hardware model: sysfs for state and roles,
 * mdstat for progress and time left, {@code mdadm --detail} to fill gaps and to cross-check.
 * Where two sources disagree the array still comes out (from the primary one) and the
 * disagreement is a warning. Pure; never throws.
 */
public final class MdFusion {
  private MdFusion() {}

  /**
   * @param mdstat the parsed {@code /proc/mdstat}; null when it could not be read
   * @param sysfs the interpreted sysfs arrays
   * @param details {@code mdadm --detail} by array name; missing arrays were not asked or
   *     failed
   */
  public static MdReading fuse(Mdstat mdstat, List<SysfsArray> sysfs,
      Map<String, MdadmDetail> details) {
    List<String> warnings = new ArrayList<>();
    Map<String, SysfsArray> bySysfs = sysfs.stream()
        .collect(Collectors.toMap(SysfsArray::name, Function.identity(), (a, b) -> a));
    Map<String, Mdstat.Array> byMdstat = new TreeMap<>();
    if (mdstat != null) {
      warnings.addAll(mdstat.warnings());
      mdstat.arrays().forEach(a -> byMdstat.putIfAbsent(a.name(), a));
    }
    sysfs.forEach(a -> warnings.addAll(a.warnings()));
    details.values().forEach(d -> warnings.addAll(d.warnings()));
    Set<String> names = new TreeSet<>(bySysfs.keySet());
    names.addAll(byMdstat.keySet());
    List<MdArray> arrays = new ArrayList<>();
    for (String name : names) {
      SysfsArray fromSysfs = bySysfs.get(name);
      Mdstat.Array fromMdstat = byMdstat.get(name);
      if (fromSysfs == null) {
        warnings.add(name + " is in /proc/mdstat but not in sysfs");
      } else if (fromMdstat == null && mdstat != null) {
        warnings.add(name + " is in sysfs but not in /proc/mdstat");
      }
      arrays.add(array(name, fromSysfs, fromMdstat, details.get(name), warnings));
    }
    return new MdReading(arrays, warnings);
  }

  private static MdArray array(String name, SysfsArray sysfs, Mdstat.Array mdstat,
      MdadmDetail detail, List<String> warnings) {
    String level = firstNonEmpty(sysfs == null ? "" : sysfs.level(),
        mdstat == null ? "" : mdstat.level(), detail == null ? "" : detail.level());
    int raidDisks = sysfs != null && sysfs.raidDisks() >= 0 ? sysfs.raidDisks()
        : mdstat != null && mdstat.raidDisks() >= 0 ? mdstat.raidDisks()
        : detail != null && detail.raidDevices() >= 0 ? detail.raidDevices() : -1;
    boolean inactive = sysfs != null ? sysfs.inactive() : mdstat != null && !mdstat.active();
    if (sysfs != null && sysfs.raidDisksBefore() >= 0) {
      warnings.add(name + ": reshaping from " + sysfs.raidDisksBefore() + " to "
          + sysfs.raidDisks() + " members");
    }
    List<MdMember> members = MemberFusion.members(sysfs, mdstat, detail, level,
        Math.max(raidDisks, 0), inactive, warnings);
    if (raidDisks < 0) {
      raidDisks = (int) members.stream().filter(m -> m.slot() >= 0).count();
    }
    MdSync sync = StateRules.sync(sysfs, mdstat, detail, warnings);
    ArrayState state = StateRules.state(sysfs, mdstat, detail, level, raidDisks, members, sync);
    crossCheck(name, sysfs, mdstat, detail, state, warnings);
    return new MdArray(name, inactive && sysfs != null ? sysfs.level() : level, state, raidDisks,
        members, sync);
  }

  private static void crossCheck(String name, SysfsArray sysfs, Mdstat.Array mdstat,
      MdadmDetail detail, ArrayState state, List<String> warnings) {
    if (sysfs != null && mdstat != null) {
      if (!sysfs.level().isEmpty() && !mdstat.level().isEmpty()
          && !sysfs.level().equals(mdstat.level())) {
        warnings.add(name + ": sysfs says " + sysfs.level() + ", /proc/mdstat says "
            + mdstat.level());
      }
      Set<String> inSysfs = sysfs.members().stream().map(SysfsArray.Member::device)
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> inMdstat = mdstat.members().stream().map(Mdstat.Member::device)
          .collect(Collectors.toCollection(TreeSet::new));
      if (!inSysfs.equals(inMdstat)) {
        warnings.add(name + ": sysfs lists " + inSysfs + ", /proc/mdstat lists " + inMdstat);
      }
      Set<String> faultySysfs = sysfs.members().stream()
          .filter(m -> m.state() == io.tandem.hardware.MemberState.FAULTY)
          .map(SysfsArray.Member::device).collect(Collectors.toCollection(TreeSet::new));
      Set<String> faultyMdstat = mdstat.members().stream().filter(Mdstat.Member::faulty)
          .map(Mdstat.Member::device).collect(Collectors.toCollection(TreeSet::new));
      if (!faultySysfs.equals(faultyMdstat)) {
        warnings.add(name + ": faulty in sysfs " + faultySysfs + ", in /proc/mdstat "
            + faultyMdstat);
      }
      if (sysfs.degraded() >= 0 && mdstat.raidDisks() >= 0 && mdstat.inSync() >= 0
          && sysfs.degraded() != mdstat.raidDisks() - mdstat.inSync()) {
        warnings.add(name + ": sysfs counts " + sysfs.degraded() + " missing, /proc/mdstat "
            + "shows [" + mdstat.raidDisks() + "/" + mdstat.inSync() + "]");
      }
    }
    if (detail != null && sysfs != null && !sysfs.inactive() && sysfs.degraded() >= 0
        && !detail.stateSays("FAILED") && detail.stateSays("degraded") != (sysfs.degraded() > 0)) {
      warnings.add(name + ": mdadm says '" + String.join(", ", detail.stateWords())
          + "', sysfs counts " + sysfs.degraded() + " missing; shown as " + state.word());
    }
  }

  private static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (!Objects.requireNonNullElse(value, "").isEmpty()) {
        return value;
      }
    }
    return "";
  }
}
