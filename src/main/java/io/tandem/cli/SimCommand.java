package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import io.tandem.config.HardwareMode;
import io.tandem.hardware.sim.Enclosure;
import io.tandem.hardware.sim.Enclosure.PsuStatus;
import io.tandem.hardware.sim.EnclosureChanges;
import io.tandem.hardware.sim.EnclosureDescription;
import io.tandem.hardware.sim.EnclosureLayout;
import io.tandem.hardware.sim.SimEnclosure;
import io.tandem.hardware.sim.SmartSetting;
import io.tandem.lifecycle.ExitCode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem sim}: drives the simulated enclosure of {@code hardware.mode = sim} (the folder
 * {@code hardware.sim.dir}): disks fail, are pulled and inserted, SMART values change, power
 * supplies fail or lose AC. Works on the folder alone (the service need not run; when it does,
 * it sees each change at its next poll). Refused unless the configuration says {@code
 * hardware.mode = sim}.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = {"Drive the simulated enclosure (hardware.mode = sim, kept in"
        + " hardware.sim.dir): bays and disks, md arrays, SMART, power supplies.",
        "Each command changes the enclosure and rewrites the files the service reads"
            + " (<hardware.sim.dir>/root/proc/mdstat, sys/block/..., dev/disk/by-path/...)."},
    subcommands = {SimCommand.Disk.class, SimCommand.SmartCmd.class, SimCommand.PsuCmd.class})
public final class SimCommand {

  /** The configuration's enclosure; refused when the configuration is not in sim mode. */
  static SimEnclosure enclosure(ConfigOption config) {
    ApplianceConfig loaded = config.load();
    if (loaded.hardware().mode() != HardwareMode.SIM) {
      throw new CliException(ExitCode.USAGE, "tandem sim works on a simulated enclosure only;"
          + " " + config.file + " has hardware.mode = " + loaded.hardware().mode().configName()
          + " (set hardware.mode = sim and hardware.sim.dir)");
    }
    return SimEnclosure.of(loaded.hardware());
  }

  static Enclosure change(ConfigOption config, UnaryOperator<Enclosure> change) {
    SimEnclosure sim = enclosure(config);
    try {
      if (!sim.store().exists()) {
        throw new CliException(ExitCode.FAILURE, "no simulated enclosure in "
            + sim.store().dir() + " yet: run 'tandem sim init --config " + config.file + "'");
      }
      return sim.change(change);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "simulated enclosure: " + e.getMessage());
    }
  }

  static void show(Enclosure enclosure) {
    EnclosureDescription.describe(enclosure, Clock.systemUTC().instant())
        .forEach(System.out::println);
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Make a new enclosure in hardware.sim.dir (replacing one there with"
          + " --force): by default 4 bays with 4 SATA disks of 4 TB, md0 raid1 on sda1 and sdb1"
          + " (the mail store), md1 raid1 on sdc and sdd, two power supplies ok."})
  int init(@Mixin ConfigOption config,
      @Option(names = "--bays", paramLabel = "N", defaultValue = "4",
          description = "How many bays (default ${DEFAULT-VALUE}).") int bays,
      @Option(names = "--disks", paramLabel = "N", description = "How many bays hold a disk,"
          + " from bay 1 (default: all).") Integer disks,
      @Option(names = "--nvme", paramLabel = "BAY", split = ",", description = "Bays that"
          + " are NVMe (their disks are nvme0n1, ...); the rest are SATA.") List<Integer> nvme,
      @Option(names = "--arrays", paramLabel = "LEVEL:DEV,DEV", split = ";", description =
          "The md arrays, md0 first, e.g. 'raid1:sda1,sdb1;raid1:sdc,sdd' (the default)."
              + " A partition name gives its disk that many partitions. Only raid1.")
          List<String> arrays,
      @Option(names = "--no-arrays", description = "No md arrays.") boolean noArrays,
      @Option(names = "--rebuild-seconds", paramLabel = "S", defaultValue = "120",
          description = "How long a full recovery takes (default ${DEFAULT-VALUE}).")
          long rebuildSeconds,
      @Option(names = "--force", description = "Replace an enclosure already there.")
          boolean force) {
    SimEnclosure sim = enclosure(config);
    if (sim.store().exists() && !force) {
      throw new CliException(ExitCode.FAILURE, "an enclosure is already in "
          + sim.store().dir() + "; add --force to replace it");
    }
    List<String> layout = noArrays ? List.of()
        : arrays == null ? EnclosureLayout.DEFAULT_ARRAYS : arrays;
    EnclosureLayout.Choices choices = new EnclosureLayout.Choices(bays,
        disks == null ? bays : disks, nvme == null ? List.of() : nvme, layout, rebuildSeconds,
        "tandem");
    try {
      Enclosure made = sim.create(EnclosureLayout.build(choices, Clock.systemUTC().instant()));
      System.out.println("Simulated enclosure made in " + sim.store().dir()
          + "; the service reads " + sim.root());
      show(made);
      return 0;
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "simulated enclosure: " + e.getMessage());
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The enclosure in plain words: bays, disks, arrays, power supplies.")
  int show(@Mixin ConfigOption config) {
    show(change(config, UnaryOperator.identity()));
    return 0;
  }

  /** {@code tandem sim disk fail|pull|insert BAY}. */
  @Command(name = "disk", mixinStandardHelpOptions = true,
      description = "Fail, pull or insert a disk.")
  static final class Disk {
    @Command(name = "fail", mixinStandardHelpOptions = true, description = "The disk in BAY"
        + " fails: md marks each of its members faulty (it stays in the bay). md refuses to"
        + " fail an array's last in-sync member; that array is then broken.")
    int fail(@Mixin ConfigOption config, @Parameters(paramLabel = "BAY") int bay) {
      show(change(config, e -> EnclosureChanges.failDisk(e, bay, Clock.systemUTC().instant())));
      return 0;
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "The disk in BAY"
        + " is pulled out: its device and by-path link go, md marks its members faulty"
        + " (shown as 'missing' by mdadm) until they are removed.")
    int pull(@Mixin ConfigOption config, @Parameters(paramLabel = "BAY") int bay) {
      show(change(config, e -> EnclosureChanges.pullDisk(e, bay, Clock.systemUTC().instant())));
      return 0;
    }

    @Command(name = "insert", mixinStandardHelpOptions = true, description = {"A new disk goes"
        + " into BAY (empty, or its disk pulled). Unless --blank, it is set up as the bay's"
        + " previous disk was (same partitions, the old members removed, the new ones added),"
        + " and the arrays recover onto it over --rebuild-seconds."})
    int insert(@Mixin ConfigOption config, @Parameters(paramLabel = "BAY") int bay,
        @Option(names = "--serial", paramLabel = "S") String serial,
        @Option(names = "--size", paramLabel = "BYTES",
            description = "Its capacity in bytes (default: as the bay's disks).") Long size,
        @Option(names = "--model", paramLabel = "M") String model,
        @Option(names = "--blank", description = "Leave it blank (no partitions) and out of the"
            + " arrays: partition it (sgdisk --replicate) and mdadm --add it later.")
            boolean blank,
        @Option(names = "--foreign", description = "It comes from another machine: it carries"
            + " the md superblock of another array (nas2:mail); implies --blank.")
            boolean foreign) {
      show(change(config, e -> {
        Enclosure.Bay target = e.bay(bay);
        boolean nvme = target.kind() == Enclosure.Kind.NVME;
        EnclosureChanges.NewDisk spec = new EnclosureChanges.NewDisk(
            model != null ? model : nvme ? EnclosureLayout.NVME_MODEL : EnclosureLayout.ATA_MODEL,
            serial != null ? serial : EnclosureLayout.serial(target.kind(), bay,
                2 + (int) (Clock.systemUTC().millis() / 1000 % 97)),
            size != null ? size : nvme ? EnclosureLayout.NVME_SIZE : EnclosureLayout.ATA_SIZE,
            nvme ? 38 : 31);
        Enclosure.Foreign other = foreign ? new Enclosure.Foreign(
            "fe9656a13e01b8a4f5f49497138b8b32", "nas2:mail", 0) : null;
        return EnclosureChanges.insertDisk(e, bay, spec, !blank && !foreign, other,
            Clock.systemUTC().instant());
      }));
      return 0;
    }
  }

  /** {@code tandem sim smart set BAY NAME VALUE}. */
  @Command(name = "smart", mixinStandardHelpOptions = true, description = "Change SMART.")
  static final class SmartCmd {
    @Command(name = "set", mixinStandardHelpOptions = true, description = {"Set one SMART"
        + " value of the disk in BAY: reallocated, pending, uncorrectable, crc, temperature,"
        + " power-on-hours, errors (error log entries), health passed|failed, standby on|off;"
        + " NVMe: critical-warning, spare, used, media-errors."})
    int set(@Mixin ConfigOption config, @Parameters(paramLabel = "BAY", index = "0") int bay,
        @Parameters(paramLabel = "NAME", index = "1") String name,
        @Parameters(paramLabel = "VALUE", index = "2") String value) {
      show(change(config, e -> EnclosureChanges.setSmart(e, bay, SmartSetting.apply(
          e.bay(bay).present().orElseThrow(() -> new IllegalArgumentException("bay " + bay
              + " holds no disk")).smart(), name, value))));
      return 0;
    }
  }

  /** {@code tandem sim psu fail|restore|pull|ac-lost|predictive N}. */
  @Command(name = "psu", mixinStandardHelpOptions = true,
      description = "Change a power supply (as its BMC sensor reports it).")
  static final class PsuCmd {
    @Command(name = "fail", mixinStandardHelpOptions = true, description = "PSU N fails.")
    int fail(@Mixin ConfigOption config, @Parameters(paramLabel = "N") int n) {
      return set(config, n, PsuStatus.FAILED);
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
        description = "PSU N is present and ok again.")
    int restore(@Mixin ConfigOption config, @Parameters(paramLabel = "N") int n) {
      return set(config, n, PsuStatus.OK);
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "PSU N is taken"
        + " out (no state asserted, not even presence).")
    int pull(@Mixin ConfigOption config, @Parameters(paramLabel = "N") int n) {
      return set(config, n, PsuStatus.ABSENT);
    }

    @Command(name = "ac-lost", mixinStandardHelpOptions = true,
        description = "PSU N loses its AC input.")
    int acLost(@Mixin ConfigOption config, @Parameters(paramLabel = "N") int n) {
      return set(config, n, PsuStatus.AC_LOST);
    }

    @Command(name = "predictive", mixinStandardHelpOptions = true,
        description = "PSU N reports a predictive failure.")
    int predictive(@Mixin ConfigOption config, @Parameters(paramLabel = "N") int n) {
      return set(config, n, PsuStatus.PREDICTIVE);
    }

    private static int set(ConfigOption config, int n, PsuStatus status) {
      show(change(config, e -> EnclosureChanges.setPsu(e, n, status)));
      return 0;
    }
  }
}
