package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Bay;
import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import io.tandem.hardware.sim.Enclosure.PowerSupply;
import io.tandem.hardware.sim.Enclosure.PsuStatus;
import io.tandem.hardware.sim.Enclosure.Sync;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to the enclosure when a disk fails, is pulled or inserted, a power supply
 * changes, or time passes (a recovery ends). Pure: each takes an {@link Enclosure} and gives a
 * new one. md's rules are followed where they matter: a failed member leaves its role (faulty,
 * no slot); raid1 never fails its last in-sync member but marks the array broken instead
 * (MD_BROKEN, kernel 6.1); a spare takes a missing role and recovers into it.
 */
public final class EnclosureChanges {
  private EnclosureChanges() {}

  /** The arrays after the time up to {@code now}: recoveries that are done, new ones started. */
  public static Enclosure settle(Enclosure enclosure, Instant now) {
    Enclosure settled = enclosure;
    for (Array array : enclosure.arrays()) {
      settled = settled.withArray(settle(array, enclosure.rebuildSeconds(), now));
    }
    return settled;
  }

  static Array settle(Array array, long rebuildSeconds, Instant now) {
    Array current = array;
    if (current.sync() != null && SyncProgress.of(current, now).done()) {
      Instant end = SyncProgress.of(current, now).endsAt();
      List<Member> members = new ArrayList<>();
      for (Member member : current.members()) {
        members.add(member.rebuilding()
            ? new Member(member.device(), member.number(), member.slot(), MemberStatus.IN_SYNC,
                member.detached())
            : member);
      }
      current = current.withMembers(members, end).withSync(null);
    }
    if (current.sync() != null && "recovery".equals(current.sync().action())
        && (current.broken() || current.members().stream().noneMatch(Member::rebuilding))) {
      current = current.withSync(null);
    }
    if (current.sync() == null && !current.broken() && current.degraded() > 0) {
      current = startRecovery(current, rebuildSeconds, now);
    }
    return current;
  }

  /** A spare takes the lowest missing role and recovery starts; unchanged without a spare. */
  private static Array startRecovery(Array array, long rebuildSeconds, Instant now) {
    boolean anyInSync = array.members().stream()
        .anyMatch(m -> m.status() == MemberStatus.IN_SYNC && m.slot() >= 0 && !m.detached());
    Optional<Member> spare = array.members().stream()
        .filter(m -> m.status() == MemberStatus.SPARE && !m.detached()).findFirst();
    if (!anyInSync || spare.isEmpty()) {
      return array;
    }
    int role = spare.get().slot();
    if (role < 0) {
      for (role = 0; role < array.raidDisks(); role++) {
        int wanted = role;
        if (array.members().stream().noneMatch(m -> m.slot() == wanted
            && m.status() != MemberStatus.FAULTY)) {
          break;
        }
      }
    }
    int slot = role;
    Array given = array.withMember(spare.get().device(),
        m -> new Member(m.device(), m.number(), slot, MemberStatus.SPARE, false), now);
    return given.withSync(new Sync("recovery", now, rate(array.sizeKib(), rebuildSeconds)));
  }

  static long rate(long sizeKib, long rebuildSeconds) {
    return Math.max(1, (sizeKib + rebuildSeconds - 1) / Math.max(1, rebuildSeconds));
  }

  /**
   * md fails {@code device} in {@code array} (I/O errors, or {@code mdadm --fail}). When it is
   * the last in-sync member md refuses: the member stays, the array is marked broken, and the
   * outcome says not done.
   */
  static Outcome failMember(Array array, String device, boolean detached, Instant now) {
    Member member = array.member(device).orElseThrow();
    if (member.status() == MemberStatus.IN_SYNC && member.slot() >= 0
        && array.degraded() == array.raidDisks() - 1) {
      Array kept = detached ? array.withMember(device, m -> new Member(m.device(), m.number(),
          m.slot(), m.status(), true), now) : array;
      return new Outcome(kept.withBroken(true), false);
    }
    Array failed = array.withMember(device,
        m -> new Member(m.device(), m.number(), -1, MemberStatus.FAULTY, detached || m.detached()),
        now);
    if (member.rebuilding()) {
      failed = failed.withSync(null);
    }
    return new Outcome(failed, true);
  }

  /** An array after a change, and whether md did what was asked. */
  record Outcome(Array array, boolean done) {}

  /** The disk in {@code bay} fails: md fails each of its members (the disk stays in the bay). */
  public static Enclosure failDisk(Enclosure enclosure, int bay, Instant now) {
    Disk disk = enclosure.bay(bay).present().orElseThrow(() ->
        new IllegalArgumentException("bay " + bay + " holds no disk"));
    return failMembersOf(enclosure, disk, false, now);
  }

  /** The disk in {@code bay} is pulled: gone from the machine, md fails what it held. */
  public static Enclosure pullDisk(Enclosure enclosure, int bay, Instant now) {
    Bay target = enclosure.bay(bay);
    Disk disk = target.present().orElseThrow(() ->
        new IllegalArgumentException("bay " + bay + " holds no disk"));
    Enclosure pulled = enclosure.withBay(target.withDisk(disk.pulled()));
    return failMembersOf(pulled, disk, true, now);
  }

  private static Enclosure failMembersOf(Enclosure enclosure, Disk disk, boolean detached,
      Instant now) {
    Enclosure changed = enclosure;
    for (Array array : enclosure.arrays()) {
      for (Member member : array.members()) {
        if (disk.holds(member.device())) {
          Array current = changed.array(array.name()).orElseThrow();
          changed = changed.withArray(failMember(current, member.device(), detached, now).array());
        }
      }
    }
    return settle(changed, now);
  }

  /**
   * A disk goes into {@code bay} (empty, or its disk pulled). With {@code rebuild}, it is set up
   * the way the bay's previous disk was: the same partitions, the previous disk's faulty
   * members removed and the new ones added, so recovery starts (what the hot-swap procedure
   * does); without, it stays blank.
   */
  public static Enclosure insertDisk(Enclosure enclosure, int bay, NewDisk spec, boolean rebuild,
      Instant now) {
    return insertDisk(enclosure, bay, spec, rebuild, null, now);
  }

  /**
   * As {@link #insertDisk(Enclosure, int, NewDisk, boolean, Instant)}; a blank disk may carry
   * {@code foreign}, another machine's md superblock.
   */
  public static Enclosure insertDisk(Enclosure enclosure, int bay, NewDisk spec, boolean rebuild,
      Enclosure.Foreign foreign, Instant now) {
    if (foreign != null && rebuild) {
      throw new IllegalArgumentException("a disk with a foreign superblock goes in blank"
          + " (--blank): it is not set up as the bay's previous disk");
    }
    Bay target = enclosure.bay(bay);
    if (target.present().isPresent()) {
      throw new IllegalArgumentException("bay " + bay + " already holds "
          + target.disk().device() + " (serial " + target.disk().serial() + "); pull it first");
    }
    Disk previous = target.disk();
    String device = DeviceNames.next(enclosure, target.kind());
    List<Enclosure.Partition> partitions =
        rebuild && previous != null ? previous.partitions() : List.of();
    Disk disk = new Disk(device, spec.model(), spec.serial(), spec.sizeBytes(), true,
        Enclosure.Smart.healthy(spec.temperatureC(), 0), partitions, foreign);
    Enclosure inserted = enclosure.withBay(target.withDisk(disk));
    if (!rebuild || previous == null) {
      return inserted;
    }
    for (Array array : enclosure.arrays()) {
      for (Member member : array.members()) {
        if (previous.holds(member.device()) && member.status() == MemberStatus.FAULTY) {
          Array current = inserted.array(array.name()).orElseThrow();
          inserted = inserted.withArray(removeMember(current, member.device(), now));
          String replacement = member.device().equals(previous.device()) ? device
              : disk.partitionName(partitionNumber(previous, member.device()));
          inserted = inserted.withArray(
              addMember(inserted.array(array.name()).orElseThrow(), replacement, now));
        }
      }
    }
    return settle(inserted, now);
  }

  private static int partitionNumber(Disk disk, String name) {
    return disk.partitions().stream().filter(p -> disk.partitionName(p.number()).equals(name))
        .findFirst().orElseThrow().number();
  }

  /** {@code device} leaves the array (mdadm --remove); the caller checked it may. */
  static Array removeMember(Array array, String device, Instant now) {
    List<Member> kept = new ArrayList<>(array.members());
    kept.removeIf(m -> m.device().equals(device));
    return array.withMembers(kept, now);
  }

  /** {@code device} joins the array as a spare (mdadm --add); recovery follows if degraded. */
  static Array addMember(Array array, String device, Instant now) {
    int number = array.members().stream().mapToInt(Member::number).max().orElse(-1) + 1;
    number = Math.max(number, array.raidDisks());
    List<Member> members = new ArrayList<>(array.members());
    members.add(new Member(device, number, -1, MemberStatus.SPARE, false));
    return array.withMembers(members, now);
  }

  /** The LEDs of {@code bay} become so (the SES slot's {@code locate} and {@code fault}). */
  public static Enclosure setLeds(Enclosure enclosure, int bay, boolean locate, boolean fault) {
    return enclosure.withBay(enclosure.bay(bay).withLeds(locate, fault));
  }

  /** The bay whose present disk is {@code device} (the whole disk). */
  public static Optional<Bay> bayOfPresentDisk(Enclosure enclosure, String device) {
    return enclosure.bays().stream().filter(b -> b.present().map(d -> d.device().equals(device))
        .orElse(false)).findFirst();
  }

  /**
   * {@code sgdisk --replicate}: the disk {@code target} gets {@code source}'s partitions. The
   * caller checked both are present, whole disks, and that no partition of {@code target} is an
   * array member.
   */
  static Enclosure replicate(Enclosure enclosure, String target, String source) {
    Bay bay = bayOfPresentDisk(enclosure, target).orElseThrow();
    Disk from = enclosure.presentDiskHolding(source).orElseThrow();
    return enclosure.withBay(bay.withDisk(bay.disk().withPartitions(from.partitions())));
  }

  /** {@code wipefs -a} of a whole disk: its partition table and any superblock go. */
  static Enclosure wipe(Enclosure enclosure, String device) {
    Bay bay = bayOfPresentDisk(enclosure, device).orElseThrow();
    return enclosure.withBay(bay.withDisk(bay.disk().withPartitions(List.of())
        .withForeign(null)));
  }

  /** {@code mdadm --zero-superblock} of a whole disk: its foreign superblock goes. */
  static Enclosure zeroForeign(Enclosure enclosure, String device) {
    Bay bay = bayOfPresentDisk(enclosure, device).orElseThrow();
    return enclosure.withBay(bay.withDisk(bay.disk().withForeign(null)));
  }

  /** True when {@code device} (a disk or partition) is a member of an array now. */
  static boolean isMember(Enclosure enclosure, String device) {
    return enclosure.arrays().stream().flatMap(a -> a.members().stream())
        .anyMatch(m -> m.device().equals(device));
  }

  /** Power supply {@code number} changes to {@code status}. */
  public static Enclosure setPsu(Enclosure enclosure, int number, PsuStatus status) {
    enclosure.psu(number);
    List<PowerSupply> changed = new ArrayList<>();
    for (PowerSupply psu : enclosure.psus()) {
      changed.add(psu.number() == number ? new PowerSupply(number, status) : psu);
    }
    return enclosure.withPsus(changed);
  }

  /** The disk in {@code bay} gets {@code smart}. */
  public static Enclosure setSmart(Enclosure enclosure, int bay, Enclosure.Smart smart) {
    Bay target = enclosure.bay(bay);
    Disk disk = target.present().orElseThrow(() ->
        new IllegalArgumentException("bay " + bay + " holds no disk"));
    return enclosure.withBay(target.withDisk(disk.withSmart(smart)));
  }

  /**
   * A disk to insert.
   *
   * @param model its model
   * @param serial its serial number
   * @param sizeBytes its capacity
   * @param temperatureC its temperature
   */
  public record NewDisk(String model, String serial, long sizeBytes, int temperatureC) {}

  /** How far a sync is at a time. */
  record SyncProgress(long doneKib, long totalKib, Instant endsAt) {
    static SyncProgress of(Array array, Instant now) {
      Sync sync = array.sync();
      long total = array.sizeKib();
      long elapsedMillis = Math.max(0, Duration.between(sync.started(), now).toMillis());
      long done = Math.min(total, elapsedMillis * sync.kibPerSecond() / 1000);
      long seconds = (total + sync.kibPerSecond() - 1) / sync.kibPerSecond();
      return new SyncProgress(done, total, sync.started().plusSeconds(seconds));
    }

    boolean done() {
      return doneKib >= totalKib;
    }
  }
}
