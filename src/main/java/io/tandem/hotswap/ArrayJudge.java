package io.tandem.hotswap;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.SyncAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What pulling one disk does to one md array it is a member of (pure): whether the array keeps
 * a complete copy of its data ({@link Redundancy}), whether the disk feeds a running rebuild,
 * whether a resync, reshape or repair is under way. Spares, faulty members and members being
 * rebuilt onto can always go (they hold no copy the array relies on).
 */
final class ArrayJudge {
  /**
   * @param findings what was found, one or more
   * @param degrades pulling the disk takes an in-sync member out of an array that keeps its data
   *     (the pair rule applies)
   */
  record Judgement(List<Finding> findings, boolean degrades) {}

  private final MdArray array;
  private final List<MdMember> targets;
  private final DiskNames names;
  private final String disk;

  /**
   * @param targets the members of {@code array} on the disk to pull (one, normally)
   * @param disk the disk to pull, named for an operator
   */
  ArrayJudge(MdArray array, List<MdMember> targets, DiskNames names, String disk) {
    this.array = array;
    this.targets = List.copyOf(targets);
    this.names = names;
    this.disk = disk;
  }

  Judgement judge() {
    String md = DiskNames.array(array);
    if (array.state() == ArrayState.UNKNOWN
        || array.members().stream().anyMatch(m -> m.state() == MemberState.UNKNOWN)) {
      return only(Finding.unknown("The state of " + md + " or of one of its members could not"
          + " be read, so the guard cannot count its copies.",
          "Check " + array.name() + " with 'tandem status' (or 'mdadm --detail /dev/"
              + array.name() + "')."));
    }
    if (array.state() == ArrayState.FAILED || array.state() == ArrayState.INACTIVE) {
      return only(Finding.unsafe(md + " is " + array.state().word() + ": too few of its members"
          + " are working to hold its data. Pulling another of its disks makes recovering it"
          + " harder.", "Pull no disk of " + array.name() + "; call for support."));
    }
    if (targets.stream().noneMatch(ArrayJudge::active)) {
      return only(Finding.safe(disk + " is " + roles() + " of " + md + ": the array does not"
          + " rely on it."));
    }
    Optional<Redundancy.Level> level = Redundancy.of(array.level());
    if (level.isEmpty()) {
      return only(Finding.unknown(md + " has a level the guard does not know ('"
          + array.level() + "'), so it cannot tell how many members it may lose.",
          "Ask for support before pulling a member of " + array.name() + "."));
    }
    Optional<Finding> busy = busy(md);
    if (busy.isPresent()) {
      return only(busy.get());
    }
    if (targets.stream().noneMatch(m -> m.state() == MemberState.IN_SYNC)) {
      return only(Finding.safe(disk + " is being rebuilt onto in " + md + progress()
          + ": it is not yet a complete copy, so pulling it loses nothing, but the rebuild"
          + " starts over on the replacement."));
    }
    return copies(level.get(), md);
  }

  /** A resync, reshape or repair under way: pulling an active member now is UNSAFE. */
  private Optional<Finding> busy(String md) {
    SyncAction action = array.sync().action();
    ArrayState state = array.state();
    String wait = "Wait until " + array.name() + " has finished (" + "'tandem status' shows"
        + " its progress).";
    if (action == SyncAction.RESYNC || state == ArrayState.RESYNCING) {
      return Optional.of(Finding.unsafe(md + " is in the middle of a resync" + progress()
          + ": its copies do not all agree yet, and pulling " + disk + " would leave it"
          + " degraded with some blocks in only one, possibly stale, version.", wait));
    }
    if (action == SyncAction.RESHAPE || state == ArrayState.RESHAPING) {
      return Optional.of(Finding.unsafe(md + " is being reshaped" + progress() + ": its data"
          + " is being moved between members, and losing one now can lose data.", wait));
    }
    if (action == SyncAction.REPAIR || state == ArrayState.REPAIRING) {
      return Optional.of(Finding.unsafe(md + " is repairing mismatched copies" + progress()
          + ": until it ends, not every member is known to hold good data.", wait));
    }
    return Optional.empty();
  }

  /** The redundancy count and the rebuild-source rule, for a disk with an in-sync member. */
  private Judgement copies(Redundancy.Level level, String md) {
    Set<Integer> complete = slots(MemberState.IN_SYNC, array.members());
    Set<Integer> mine = slots(MemberState.IN_SYNC, targets);
    Set<Integer> after = new HashSet<>(complete);
    after.removeAll(mine);
    List<Finding> findings = new ArrayList<>();
    boolean keeps = Redundancy.survives(level, array.raidDisks(), after);
    if (!keeps) {
      findings.add(Finding.unsafe(lastCopy(level, md, complete, mine),
          level == Redundancy.Level.STRIPE ? "A disk of " + array.name() + " can only be"
              + " replaced after its data is copied elsewhere; call for support."
              : replaceOthersFirst()));
    }
    Set<Integer> rebuilding = slots(MemberState.REBUILDING, array.members());
    if (!rebuilding.isEmpty() || array.sync().action() == SyncAction.RECOVERY) {
      Set<Integer> sources = Redundancy.rebuildSources(level, array.raidDisks(), complete,
          rebuilding);
      if (mine.stream().anyMatch(sources::contains)) {
        findings.add(Finding.unsafe(disk + " is a source of the rebuild of " + md
            + rebuildingOnto() + progress() + ": the new copy is read from it.",
            "Wait until the rebuild of " + array.name() + " has finished ('tandem status'"
                + " shows its progress)."));
      }
    }
    if (!findings.isEmpty()) {
      return new Judgement(findings, false);
    }
    findings.add(Finding.safe(md + " keeps a complete copy of its data without " + disk + " ("
        + after.size() + " of " + array.raidDisks() + " members in sync)"
        + (Redundancy.redundant(level, array.raidDisks(), after)
            ? "." : "; it has no redundancy until the replacement is rebuilt.")));
    if (array.sync().action() == SyncAction.CHECK || array.state() == ArrayState.CHECKING) {
      findings.add(Finding.safe("The check of " + md + " under way" + progress() + " stops"
          + " when the disk leaves (md aborts it); run it again after the rebuild."));
    }
    return new Judgement(findings, true);
  }

  private String lastCopy(Redundancy.Level level, String md, Set<Integer> complete,
      Set<Integer> mine) {
    long missing = array.raidDisks() - complete.size();
    return switch (level) {
      case MIRROR -> disk + " holds the last in-sync copy of " + md + ": pulling it loses the"
          + " array's data" + (othersOut().isEmpty() ? "" : " (not in sync: " + othersOut()
              + ")") + ".";
      case RAID10 -> disk + " holds the last in-sync copy of its mirror pair in " + md
          + " (its partner: " + partnersOf(mine) + "): pulling it loses part of the array's"
          + " data.";
      case PARITY1 -> md + " is already degraded (" + missing + " of " + array.raidDisks()
          + " members not in sync" + (othersOut().isEmpty() ? "" : ": " + othersOut())
          + "): pulling " + disk
          + " as well loses its data.";
      case PARITY2 -> md + " already has " + missing + " of " + array.raidDisks()
          + " members out" + (othersOut().isEmpty() ? "" : " (" + othersOut() + ")")
          + ": pulling " + disk + " as well loses its data.";
      case STRIPE -> md + " has no redundancy: pulling any of its members, " + disk
          + " included, loses its data.";
    };
  }

  private String replaceOthersFirst() {
    return "Replace the disks that are out of " + array.name() + " first, and wait for their"
        + " rebuild to finish.";
  }

  /** "bay 4, serial X (faulty); an empty slot" for the other members not in sync. */
  private String othersOut() {
    return array.members().stream()
        .filter(m -> !targets.contains(m) && m.state() != MemberState.IN_SYNC
            && m.state() != MemberState.SPARE)
        .map(m -> m.device() == null ? "an empty slot"
            : names.member(m.device()) + " (" + words(m.state()) + ")")
        .collect(Collectors.joining("; "));
  }

  private static String words(MemberState state) {
    return state.word().replace('_', ' ');
  }

  private String partnersOf(Set<Integer> mine) {
    Set<Integer> partners = mine.stream()
        .flatMap(s -> Redundancy.raid10Partners(array.raidDisks(), s).stream())
        .collect(Collectors.toSet());
    List<String> words = new ArrayList<>();
    for (int slot : partners) {
      Optional<MdMember> member = array.members().stream()
          .filter(m -> m.slot() == slot && m.state() != MemberState.SPARE).findFirst();
      words.add(member.map(m -> m.device() == null ? "slot " + slot + " empty"
          : names.member(m.device()) + ", " + words(m.state()))
          .orElse("slot " + slot + " empty"));
    }
    return String.join("; ", words);
  }

  private String rebuildingOnto() {
    List<String> onto = array.members().stream()
        .filter(m -> m.state() == MemberState.REBUILDING)
        .map(m -> names.member(m.device())).toList();
    return onto.isEmpty() ? "" : " onto " + String.join(" and ", onto);
  }

  private String progress() {
    if (array.sync().percent() < 0) {
      return "";
    }
    String eta = array.sync().etaSeconds() < 0 ? ""
        : ", about " + Math.max(1, Math.round(array.sync().etaSeconds() / 60.0)) + " min left";
    return " (" + String.format(Locale.ROOT, "%.1f", array.sync().percent()) + " %" + eta + ")";
  }

  private String roles() {
    return targets.stream().map(m -> switch (m.state()) {
      case SPARE -> "a spare";
      case FAULTY -> "a faulty member";
      default -> "a removed member";
    }).distinct().collect(Collectors.joining(" and "));
  }

  private static boolean active(MdMember member) {
    return member.state() == MemberState.IN_SYNC || member.state() == MemberState.REBUILDING;
  }

  private static Set<Integer> slots(MemberState state, List<MdMember> members) {
    return members.stream().filter(m -> m.state() == state && m.slot() >= 0)
        .map(MdMember::slot).collect(Collectors.toSet());
  }

  private Judgement only(Finding finding) {
    return new Judgement(List.of(finding), false);
  }
}
