package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.Array;
import io.tandem.hardware.sim.Enclosure.Bay;
import io.tandem.hardware.sim.Enclosure.Disk;
import io.tandem.hardware.sim.Enclosure.Kind;
import io.tandem.hardware.sim.Enclosure.Member;
import io.tandem.hardware.sim.Enclosure.MemberStatus;
import io.tandem.hardware.sim.Enclosure.Partition;
import io.tandem.hardware.sim.Enclosure.PowerSupply;
import io.tandem.hardware.sim.Enclosure.PsuStatus;
import io.tandem.hardware.sim.Enclosure.Smart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new enclosure from a few choices ({@code tandem sim init}): how many bays, how many of
 * them hold disks (from bay 1), which bays are NVMe, and the arrays as {@code raid1:sda1,sdb1}
 * (a name with a number is a partition, which the disk then gets). The default is the
 * appliance's usual layout: 4 bays, 4 disks, md0 raid1 on the first partitions of disks 1 and 2
 * (the mail store), md1 raid1 on disks 3 and 4 whole, two power supplies ok.
 */
public final class EnclosureLayout {
  /** The default arrays: the store on partitions of disks 1-2, a second array on disks 3-4. */
  public static final List<String> DEFAULT_ARRAYS = List.of("raid1:sda1,sdb1", "raid1:sdc,sdd");
  /** A 4 TB SATA disk's capacity, as such drives report it. */
  public static final long ATA_SIZE = 4_000_787_030_016L;
  /** A 3.84 TB NVMe disk's capacity. */
  public static final long NVME_SIZE = 3_840_755_982_336L;
  /** The simulated SATA disks' model. */
  public static final String ATA_MODEL = "ST4000NM000A-2HZ100";
  /** The simulated NVMe disks' model. */
  public static final String NVME_MODEL = "SAMSUNG MZQL23T8HCLS-00A07";
  private static final long FIRST_SECTOR = 2048;
  private static final long DATA_OFFSET_SECTORS = 264_192;
  private static final long BITMAP_FROM_KIB = 100L * 1024 * 1024;

  private EnclosureLayout() {}

  /**
   * The choices.
   *
   * @param bays how many bays
   * @param disks how many hold a disk, from bay 1
   * @param nvmeBays the bays that are NVMe (the rest are SATA)
   * @param arrays each {@code LEVEL:DEV,DEV,...}; only raid1 is simulated
   * @param rebuildSeconds how long a full recovery takes
   * @param host the host name in the arrays' names
   */
  public record Choices(int bays, int disks, List<Integer> nvmeBays, List<String> arrays,
      long rebuildSeconds, String host) {
    public Choices {
      nvmeBays = List.copyOf(nvmeBays);
      arrays = List.copyOf(arrays);
    }

    /** The default layout. */
    public static Choices defaults() {
      return new Choices(4, 4, List.of(), DEFAULT_ARRAYS, 120, "tandem");
    }
  }

  /** The default serial of the {@code generation}th disk put in {@code bay}. */
  public static String serial(Kind kind, int bay, int generation) {
    return String.format(Locale.ROOT, kind == Kind.NVME ? "S6JNNA0T%06d" : "ZC1%05d",
        bay * 100 + generation);
  }

  /** Builds it, created at {@code now}. */
  public static Enclosure build(Choices choices, Instant now) {
    if (choices.bays() < 1 || choices.bays() > 64) {
      throw new IllegalArgumentException("--bays must be 1 to 64");
    }
    if (choices.disks() < 0 || choices.disks() > choices.bays()) {
      throw new IllegalArgumentException("--disks must be 0 to the number of bays");
    }
    if (choices.rebuildSeconds() < 1) {
      throw new IllegalArgumentException("--rebuild-seconds must be at least 1");
    }
    List<ArraySpec> specs = choices.arrays().stream().map(ArraySpec::parse).toList();
    List<Bay> bays = new ArrayList<>();
    int ata = 0;
    int nvme = 0;
    for (int number = 1; number <= choices.bays(); number++) {
      Kind kind = choices.nvmeBays().contains(number) ? Kind.NVME : Kind.ATA;
      String link = kind == Kind.NVME
          ? String.format(Locale.ROOT, "pci-0000:%02x:00.0-nvme-1", number)
          : "pci-0000:00:17.0-ata-" + number;
      Disk disk = null;
      if (number <= choices.disks()) {
        String device = DeviceNames.name(kind, kind == Kind.NVME ? nvme++ : ata++);
        disk = newDisk(kind, device, number, partitionsUsed(specs, device));
      }
      bays.add(new Bay(number, kind, link, disk));
    }
    Enclosure empty = new Enclosure(choices.host(), choices.rebuildSeconds(), now, bays,
        List.of(), List.of(new PowerSupply(1, PsuStatus.OK), new PowerSupply(2, PsuStatus.OK)),
        List.of());
    List<Array> arrays = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      arrays.add(array("md" + i, specs.get(i), empty, now));
    }
    return empty.withArrays(arrays);
  }

  /** A disk of {@code kind} as the enclosure's disks come, with {@code partitionCount} parts. */
  static Disk newDisk(Kind kind, String device, int bay, int partitionCount) {
    long size = kind == Kind.NVME ? NVME_SIZE : ATA_SIZE;
    List<Partition> partitions = new ArrayList<>();
    long usable = size / 512 - FIRST_SECTOR - 2048;
    long each = partitionCount == 0 ? 0 : (usable / partitionCount) / 2048 * 2048;
    for (int p = 1; p <= partitionCount; p++) {
      partitions.add(new Partition(p, FIRST_SECTOR + (p - 1) * each, each));
    }
    return new Disk(device, kind == Kind.NVME ? NVME_MODEL : ATA_MODEL, serial(kind, bay, 1),
        size, true, Smart.healthy(kind == Kind.NVME ? 38 : 31, 1200 + bay), partitions);
  }

  private static int partitionsUsed(List<ArraySpec> specs, String device) {
    Pattern partitionOf = Pattern.compile(Pattern.quote(device) + "p?(\\d+)");
    int most = 0;
    for (ArraySpec spec : specs) {
      for (String member : spec.devices()) {
        Matcher partition = partitionOf.matcher(member);
        if (partition.matches()) {
          most = Math.max(most, Integer.parseInt(partition.group(1)));
        }
      }
    }
    return most;
  }

  private static Array array(String name, ArraySpec spec, Enclosure enclosure, Instant now) {
    long smallest = Long.MAX_VALUE;
    List<Member> members = new ArrayList<>();
    for (String device : spec.devices()) {
      Disk disk = enclosure.presentDiskHolding(device).orElseThrow(() ->
          new IllegalArgumentException(name + ": no disk holds " + device + " (the disks are "
              + String.join(", ", enclosure.bays().stream().filter(b -> b.disk() != null)
                  .map(b -> b.disk().device()).toList()) + ")"));
      long sectors = device.equals(disk.device()) ? disk.sizeBytes() / 512
          : disk.partitions().stream().filter(p -> disk.partitionName(p.number()).equals(device))
              .findFirst().orElseThrow().sectors();
      smallest = Math.min(smallest, sectors);
      members.add(new Member(device, members.size(), members.size(), MemberStatus.IN_SYNC,
          false));
    }
    long sizeKib = Math.max(64, (smallest - DATA_OFFSET_SECTORS) / 2 / 64 * 64);
    return new Array(name, spec.level(), members.size(), sizeKib, uuid(name, now), now, 20,
        sizeKib >= BITMAP_FROM_KIB, false, members, null);
  }

  private static String uuid(String name, Instant now) {
    byte[] bytes = new byte[16];
    long seed = name.hashCode() * 0x9E3779B97F4A7C15L ^ now.getEpochSecond();
    for (int i = 0; i < 16; i++) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      bytes[i] = (byte) (seed >>> 56);
    }
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code raid1:sda1,sdb1}. */
  record ArraySpec(String level, List<String> devices) {
    static ArraySpec parse(String text) {
      int colon = text.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("--arrays: expected LEVEL:DEV,DEV (raid1:sda1,sdb1),"
            + " got '" + text + "'");
      }
      String level = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (!level.equals("raid1")) {
        throw new IllegalArgumentException("--arrays: only raid1 is simulated, got '" + level
            + "'");
      }
      List<String> devices = new ArrayList<>();
      for (String device : text.substring(colon + 1).split(",")) {
        String bare = device.strip().replaceFirst("^/dev/", "");
        if (!bare.matches("(sd[a-z]+|nvme\\d+n1)(p?\\d+)?")) {
          throw new IllegalArgumentException("--arrays: '" + device + "' is not a disk or"
              + " partition name (sda, sda1, nvme0n1, nvme0n1p1)");
        }
        devices.add(bare);
      }
      if (devices.size() < 2 || new HashSet<>(devices).size() != devices.size()) {
        throw new IllegalArgumentException("--arrays: raid1 needs two or more different"
            + " members, got '" + text + "'");
      }
      return new ArraySpec(level, devices);
    }
  }
}
