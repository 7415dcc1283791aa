package io.tandem.hardware.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The simulated enclosure as it stands: bays with their disks, md arrays and their members,
 * two power supplies and the BMC's event log. Immutable; every change ({@link EnclosureChanges})
 * makes a new one, which {@link EnclosureStore} keeps as {@code enclosure.json}. What the tools
 * would print of it is worked out by {@link EnclosureRenderer}.
 *
 * @param host the host name mdadm shows in an array's name ({@code tandem:0})
 * @param rebuildSeconds how long a full resync or recovery of an array takes
 * @param created when {@code tandem sim init} made it (array creation time)
 * @param bays every bay, numbered from 1, empty ones included
 * @param arrays the md arrays
 * @param psus the power supplies, numbered from 1
 * @param sel the BMC's event log, oldest first
 */
public record Enclosure(String host, long rebuildSeconds, Instant created, List<Bay> bays,
    List<Array> arrays, List<PowerSupply> psus, List<SelEntry> sel) {

  public Enclosure {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(created, "created");
    bays = List.copyOf(bays);
    arrays = List.copyOf(arrays);
    psus = List.copyOf(psus);
    sel = List.copyOf(sel);
  }

  /** The kind of a bay and of the disks it takes. */
  public enum Kind { ATA, NVME }

  /**
   * One bay.
   *
   * @param number its number on the front of the box, from 1
   * @param kind SATA or NVMe
   * @param link its {@code /dev/disk/by-path} name ({@code pci-0000:00:17.0-ata-1})
   * @param disk the disk in it (present, or pulled and not replaced yet); null when empty
   * @param locate its locate (identify) LED is on (the SES slot's {@code locate} file)
   * @param fault its fault LED is on (the SES slot's {@code fault} file)
   */
  public record Bay(int number, Kind kind, String link, Disk disk, boolean locate,
      boolean fault) {
    /** A bay with its LEDs off. */
    public Bay(int number, Kind kind, String link, Disk disk) {
      this(number, kind, link, disk, false, false);
    }

    /** The same bay (LEDs as they are) holding {@code newDisk}. */
    public Bay withDisk(Disk newDisk) {
      return new Bay(number, kind, link, newDisk, locate, fault);
    }

    /** The same bay with its LEDs so. */
    public Bay withLeds(boolean newLocate, boolean newFault) {
      return new Bay(number, kind, link, disk, newLocate, newFault);
    }

    /** The disk if one sits in the bay now. */
    public Optional<Disk> present() {
      return disk != null && disk.present() ? Optional.of(disk) : Optional.empty();
    }
  }

  /**
   * One disk.
   *
   * @param device its kernel name ({@code sdb}, {@code nvme1n1}), kept after it was pulled
   * @param model the model as the drive reports it
   * @param serial the serial number
   * @param sizeBytes its capacity
   * @param present false once pulled
   * @param smart what SMART reports of it
   * @param partitions its partitions, in order ({@code sdb1} is the first); empty for a disk
   *     used whole or blank
   * @param foreign the md superblock of another machine's array it carries on the whole disk
   *     (a used disk from elsewhere); null when none
   */
  public record Disk(String device, String model, String serial, long sizeBytes, boolean present,
      Smart smart, List<Partition> partitions, Foreign foreign) {
    public Disk {
      partitions = List.copyOf(partitions);
    }

    /** A disk without a foreign superblock. */
    public Disk(String device, String model, String serial, long sizeBytes, boolean present,
        Smart smart, List<Partition> partitions) {
      this(device, model, serial, sizeBytes, present, smart, partitions, null);
    }

    Disk withPartitions(List<Partition> newPartitions) {
      return new Disk(device, model, serial, sizeBytes, present, smart, newPartitions, foreign);
    }

    Disk withForeign(Foreign newForeign) {
      return new Disk(device, model, serial, sizeBytes, present, smart, partitions, newForeign);
    }

    /** The kernel name of partition {@code number} ({@code sdb1}, {@code nvme0n1p1}). */
    public String partitionName(int number) {
      return device + (Character.isDigit(device.charAt(device.length() - 1)) ? "p" : "")
          + number;
    }

    /** True when {@code name} is this disk or one of its partitions. */
    public boolean holds(String name) {
      if (name.equals(device)) {
        return true;
      }
      for (Partition partition : partitions) {
        if (partitionName(partition.number()).equals(name)) {
          return true;
        }
      }
      return false;
    }

    Disk withSmart(Smart newSmart) {
      return new Disk(device, model, serial, sizeBytes, present, newSmart, partitions, foreign);
    }

    Disk pulled() {
      return new Disk(device, model, serial, sizeBytes, false, smart, partitions, foreign);
    }
  }

  /**
   * Another machine's md superblock (metadata 1.2) on a disk.
   *
   * @param uuid its array's UUID, 32 hex digits
   * @param name its array's name ({@code nas2:mail})
   * @param role the disk's role in it ({@code 0})
   */
  public record Foreign(String uuid, String name, int role) {}

  /**
   * A partition.
   *
   * @param number from 1
   * @param startSector where it starts (512-byte sectors)
   * @param sectors its length (512-byte sectors)
   */
  public record Partition(int number, long startSector, long sectors) {}

  /**
   * The SMART inputs of a disk; the rest of smartctl's report follows from them.
   *
   * @param passed the drive's overall health self-assessment
   * @param temperatureC the current temperature
   * @param powerOnHours hours powered on
   * @param reallocated reallocated sectors (ATA 5)
   * @param pending pending sectors (ATA 197)
   * @param uncorrectable offline uncorrectable sectors (ATA 198, and 187)
   * @param crcErrors interface CRC errors (ATA 199)
   * @param errorLog entries in the drive's error log (ATA; NVMe error log entries)
   * @param standby the drive sleeps ({@code -n standby} then does not wake it)
   * @param criticalWarning NVMe critical warning bits
   * @param availableSpare NVMe available spare, percent
   * @param percentageUsed NVMe endurance used, percent
   * @param mediaErrors NVMe media and data integrity errors
   */
  public record Smart(boolean passed, int temperatureC, long powerOnHours, long reallocated,
      long pending, long uncorrectable, long crcErrors, long errorLog, boolean standby,
      int criticalWarning, int availableSpare, int percentageUsed, long mediaErrors) {

    /** A healthy drive at {@code temperatureC}. */
    public static Smart healthy(int temperatureC, long powerOnHours) {
      return new Smart(true, temperatureC, powerOnHours, 0, 0, 0, 0, 0, false, 0, 100, 1, 0);
    }
  }

  /** A member's state as the kernel keeps it. */
  public enum MemberStatus { IN_SYNC, SPARE, FAULTY }

  /**
   * One member of an array.
   *
   * @param device the kernel name of its block device
   * @param number its descriptor number ({@code [n]} in mdstat, mdadm's Number)
   * @param slot its role; -1 for a spare or a faulty member
   * @param status in_sync, spare (with a slot: being rebuilt) or faulty
   * @param detached its device is gone (pulled), the kernel still holds it
   */
  public record Member(String device, int number, int slot, MemberStatus status,
      boolean detached) {
    /** A spare given a role, recovering into it. */
    public boolean rebuilding() {
      return status == MemberStatus.SPARE && slot >= 0;
    }
  }

  /**
   * A resync, recovery or check under way.
   *
   * @param action {@code resync}, {@code recovery} or {@code check}
   * @param started when it started
   * @param kibPerSecond its speed
   */
  public record Sync(String action, Instant started, long kibPerSecond) {}

  /**
   * One md array.
   *
   * @param name its kernel name ({@code md0})
   * @param level {@code raid1}
   * @param raidDisks how many roles it has
   * @param sizeKib its size (1 KiB blocks, as mdstat counts)
   * @param uuid its UUID, 32 hex digits
   * @param updated when its superblock was last written
   * @param events its event count
   * @param bitmap it has an internal write-intent bitmap
   * @param broken the kernel refused to fail its last in-sync member (MD_BROKEN: writes fail)
   * @param members its members in the order they joined
   * @param sync what it is doing; null when idle
   */
  public record Array(String name, String level, int raidDisks, long sizeKib, String uuid,
      Instant updated, long events, boolean bitmap, boolean broken, List<Member> members,
      Sync sync) {
    public Array {
      members = List.copyOf(members);
    }

    /** Roles without an in-sync member. */
    public int degraded() {
      return raidDisks - (int) members.stream()
          .filter(m -> m.status() == MemberStatus.IN_SYNC && m.slot() >= 0).count();
    }

    /** The member on {@code device}, if any. */
    public Optional<Member> member(String device) {
      return members.stream().filter(m -> m.device().equals(device)).findFirst();
    }

    Array withMembers(List<Member> newMembers, Instant at) {
      return new Array(name, level, raidDisks, sizeKib, uuid, at, events + 1, bitmap, broken,
          newMembers, sync);
    }

    Array withMember(String device, UnaryOperator<Member> change, Instant at) {
      List<Member> changed = new ArrayList<>();
      for (Member member : members) {
        changed.add(member.device().equals(device) ? change.apply(member) : member);
      }
      return withMembers(changed, at);
    }

    Array withSync(Sync newSync) {
      return new Array(name, level, raidDisks, sizeKib, uuid, updated, events, bitmap, broken,
          members, newSync);
    }

    Array withBroken(boolean newBroken) {
      return new Array(name, level, raidDisks, sizeKib, uuid, updated, events, bitmap, newBroken,
          members, sync);
    }
  }

  /** A power supply's state, as its BMC sensor asserts it. */
  public enum PsuStatus { OK, FAILED, PREDICTIVE, AC_LOST, ABSENT }

  /**
   * One power supply.
   *
   * @param number its number on the chassis (1, 2)
   * @param status its state
   */
  public record PowerSupply(int number, PsuStatus status) {}

  /**
   * One entry of the BMC's event log, as {@code ipmitool sel add} wrote it.
   *
   * @param id its record id
   * @param time when the BMC took it
   * @param data its 7 bytes ({@code 0x04 0x0D 0x05 0x6F 0x01 0xFF 0xFF})
   * @param comment the comment after {@code #} on its line, if any
   */
  public record SelEntry(int id, Instant time, String data, String comment) {}

  /** The bay numbered {@code number}. */
  public Bay bay(int number) {
    return bays.stream().filter(b -> b.number() == number).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no bay " + number + " (the enclosure"
            + " has bays 1 to " + bays.size() + ")"));
  }

  /** The array named {@code name} ({@code md0} or {@code /dev/md0}). */
  public Optional<Array> array(String name) {
    String bare = name.startsWith("/dev/") ? name.substring(5) : name;
    return arrays.stream().filter(a -> a.name().equals(bare)).findFirst();
  }

  /** The present disk that holds {@code name} (the disk or one of its partitions). */
  public Optional<Disk> presentDiskHolding(String name) {
    return bays.stream().map(Bay::present).flatMap(Optional::stream)
        .filter(d -> d.holds(name)).findFirst();
  }

  /** The bay whose disk (present or pulled) holds {@code name}. */
  public Optional<Bay> bayHolding(String name) {
    return bays.stream().filter(b -> b.disk() != null && b.disk().holds(name)).findFirst();
  }

  /** The power supply numbered {@code number}. */
  public PowerSupply psu(int number) {
    return psus.stream().filter(p -> p.number() == number).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no power supply " + number
            + " (the enclosure has 1 to " + psus.size() + ")"));
  }

  Enclosure withArrays(List<Array> newArrays) {
    return new Enclosure(host, rebuildSeconds, created, bays, newArrays, psus, sel);
  }

  Enclosure withPsus(List<PowerSupply> newPsus) {
    return new Enclosure(host, rebuildSeconds, created, bays, arrays, newPsus, sel);
  }

  Enclosure withSel(List<SelEntry> newSel) {
    return new Enclosure(host, rebuildSeconds, created, bays, arrays, psus, newSel);
  }

  Enclosure withBay(Bay bay) {
    List<Bay> changed = new ArrayList<>();
    for (Bay each : bays) {
      changed.add(each.number() == bay.number() ? bay : each);
    }
    return new Enclosure(host, rebuildSeconds, created, changed, arrays, psus, sel);
  }

  Enclosure withArray(Array array) {
    List<Array> changed = new ArrayList<>();
    for (Array each : arrays) {
      changed.add(each.name().equals(array.name()) ? array : each);
    }
    return withArrays(changed);
  }
}
