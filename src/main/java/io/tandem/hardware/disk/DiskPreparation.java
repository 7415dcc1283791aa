package io.tandem.hardware.disk;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a new disk ready to join the arrays: wipes old signatures (only when the operator said
 * {@code --wipe}) and gives it its partner's partition table.
 *
 * <p>The partition table is copied with {@code sgdisk --replicate=/dev/NEW /dev/PARTNER} and
 * then {@code sgdisk --randomize-guids /dev/NEW} (two argv runs, no shell pipe). That is for
 * GPT partners. A partner with an MBR ({@code dos}) table is refused with the commands to run by
 * hand: sgdisk would silently turn the copy into GPT, and sfdisk can only take a dump on its
 * standard input ({@code sfdisk -d /dev/OLD | sfdisk /dev/NEW}), which would need a shell or a
 * runner that feeds standard input; an appliance installed by tandem partitions its disks GPT,
 * so an MBR partner means someone partitioned by hand and should copy by hand too. The partner's
 * table type is read with {@code blkid -p -o value -s PTTYPE}.
 */
public final class DiskPreparation {
  private static final Logger LOG = LoggerFactory.getLogger(DiskPreparation.class);

  /** The commands it runs (each a configured command's words). */
  public record Commands(List<String> mdadm, List<String> sgdisk, List<String> wipefs,
      List<String> blkid) {
    /** The tools by their names, found on the PATH. */
    public static Commands defaults(List<String> mdadm) {
      return new Commands(mdadm, List.of("sgdisk"), List.of("wipefs"), List.of("blkid"));
    }
  }

  private final ToolRun tools;
  private final Commands commands;
  private final MdMembership md;
  private final Path root;

  /**
   * @param tools runs the tools
   * @param commands their command words
   * @param timeout for each run
   * @param root {@code hardware.root} (partitions are listed from {@code sys/block})
   */
  public DiskPreparation(Tools tools, Commands commands, Duration timeout, Path root) {
    this.tools = new ToolRun(tools, timeout);
    this.commands = commands;
    this.md = new MdMembership(tools, commands.mdadm(), timeout, root);
    this.root = root;
  }

  /**
   * The partitions of {@code disk} the kernel shows ({@code sys/block/<disk>/<part>/partition}),
   * in partition order. Empty for a blank disk or one that is gone.
   */
  public static List<String> partitionsOf(Path root, String disk) throws HardwareException {
    Path dir = root.resolve("sys/block").resolve(DiskCommands.bare(disk));
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<int[]> numbered = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> each = Files.newDirectoryStream(dir)) {
      for (Path child : each) {
        Path number = child.resolve("partition");
        if (Files.isRegularFile(number)) {
          numbered.add(new int[] {Integer.parseInt(Files.readString(number).strip()),
              names.size()});
          names.add(child.getFileName().toString());
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new HardwareException("the partitions of /dev/" + disk + " could not be read: "
          + e.getMessage(), e);
    }
    numbered.sort(Comparator.comparingInt(n -> n[0]));
    numbered.forEach(n -> out.add(names.get(n[1])));
    return out;
  }

  /**
   * The superblock of the disk itself and of each of its partitions ({@code mdadm --examine}).
   */
  public List<MdExamine> examineAll(String disk) throws HardwareException {
    List<MdExamine> out = new ArrayList<>();
    out.add(md.examine(disk));
    for (String partition : partitionsOf(root, disk)) {
      out.add(md.examine(partition));
    }
    return out;
  }

  /**
   * Wipes {@code disk} for {@code --wipe}: {@code mdadm --zero-superblock} on each partition
   * and the disk, then {@code wipefs -a} on the disk (its partition table and every other
   * signature go too). Never call it for a disk that is a member of one of this machine's
   * arrays; {@link DiskCheck} says so.
   *
   * @return what was done, one line per step
   */
  public List<String> wipe(String disk) throws HardwareException {
    List<String> done = new ArrayList<>();
    List<String> targets = new ArrayList<>(partitionsOf(root, disk));
    targets.add(DiskCommands.bare(disk));
    for (String target : targets) {
      if (md.examine(target).superblock().isPresent()) {
        md.zeroSuperblock(target);
        done.add("md superblock zeroed on /dev/" + target);
      }
    }
    CommandRunner.Result wiped = tools.succeed(DiskCommands.wipefs(commands.wipefs(), disk));
    done.add("signatures wiped on /dev/" + DiskCommands.bare(disk)
        + (wiped.stdout().isBlank() ? " (there were none)" : ""));
    LOG.info("disk: /dev/{} wiped: {}", disk, done);
    return done;
  }

  /** The partner's partition table type: {@code gpt}, {@code dos}, or {@code ""} for none. */
  public String tableType(String disk) throws HardwareException {
    CommandRunner.Result result = tools.run(DiskCommands.partitionTableType(commands.blkid(),
        disk));
    if (result.exitCode() == 2) {
      return "";
    }
    if (result.exitCode() != 0) {
      throw ToolRun.failed(result);
    }
    return result.stdout().strip();
  }

  /**
   * Gives {@code newDisk} the partition table of {@code partner} (GPT only, see the class
   * comment), with GUIDs of its own.
   *
   * @throws HardwareException when the partner has no or an MBR table, or sgdisk fails
   */
  public List<String> copyPartitions(String newDisk, String partner) throws HardwareException {
    String type = tableType(partner);
    switch (type) {
      case "gpt" -> { }
      case "" -> throw new HardwareException("/dev/" + partner + " has no partition table to"
          + " copy (its arrays use the whole disk: add /dev/" + newDisk + " as it is)");
      case "dos" -> throw new HardwareException("/dev/" + partner + " has an MBR (dos)"
          + " partition table; tandem copies GPT only. Copy it by hand: sfdisk -d /dev/"
          + partner + " > /root/" + partner + ".sfdisk && sfdisk /dev/" + newDisk
          + " < /root/" + partner + ".sfdisk, then go on");
      default -> throw new HardwareException("/dev/" + partner + " has a partition table of"
          + " type '" + type + "', which tandem does not copy");
    }
    tools.succeed(DiskCommands.replicate(commands.sgdisk(), newDisk, partner));
    tools.succeed(DiskCommands.randomizeGuids(commands.sgdisk(), newDisk));
    LOG.info("disk: GPT of /dev/{} replicated onto /dev/{}, GUIDs randomized", partner, newDisk);
    return List.of("GPT of /dev/" + partner + " copied onto /dev/" + newDisk,
        "GUIDs of /dev/" + newDisk + " randomized");
  }
}
