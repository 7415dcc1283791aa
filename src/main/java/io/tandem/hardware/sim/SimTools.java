package io.tandem.hardware.sim;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers the tool runs of the real sources from the simulated enclosure, with what the real
 * tools print and their exit status:
 *
 * <ul>
 *   <li>{@code <mdadm> --detail /dev/mdX}; {@code <mdadm> [--manage] /dev/mdX --fail|--remove
 *       |--add DEV...} (which change the enclosure, see {@link SimMdadm});
 *   <li>{@code <smartctl> ... /dev/X} (smartctl's exit bitmask; a pulled disk: the open-device
 *       error, exit 2);
 *   <li>{@code <ipmitool> sdr type "Power Supply"}, {@code <ipmitool> sel add FILE};
 *   <li>{@code <mdadm> --examine}, {@code <mdadm> --zero-superblock}, {@code wipefs -a},
 *       {@code sgdisk --replicate=/--randomize-guids}, {@code blkid -p -o value -s PTTYPE},
 *       {@code ledctl PATTERN=/dev/X} (see {@link SimDiskTools}).
 * </ul>
 *
 * <p>A run is recognised by the configured command's words at its start, else by the program's
 * name ({@code mdadm}, {@code smartctl}, {@code ipmitool}). Anything else: exit 127 and a
 * message, as a shell says of a program it cannot find.
 */
final class SimTools implements Tools {
  private final SimEnclosure sim;
  private final List<String> mdadm;
  private final List<String> smartctl;
  private final List<String> ipmitool;

  SimTools(SimEnclosure sim, List<String> mdadm, List<String> smartctl, List<String> ipmitool) {
    this.sim = sim;
    this.mdadm = List.copyOf(mdadm);
    this.smartctl = List.copyOf(smartctl);
    this.ipmitool = List.copyOf(ipmitool);
  }

  @Override
  public CommandRunner.Result run(List<String> argv, Duration timeout) throws IOException {
    Optional<List<String>> args = after(argv, mdadm, "mdadm");
    if (args.isPresent()) {
      return mdadm(argv, args.get());
    }
    args = after(argv, smartctl, "smartctl");
    if (args.isPresent()) {
      SmartctlRenderer.Output out = EnclosureRenderer.smartctl(sim.read(), args.get(),
          sim.clock().instant(), sim.zone());
      return result(argv, out.exitStatus(), out.stdout(), "");
    }
    args = after(argv, ipmitool, "ipmitool");
    if (args.isPresent()) {
      return ipmitool(argv, args.get());
    }
    for (String tool : List.of("wipefs", "sgdisk", "blkid", "ledctl")) {
      args = after(argv, List.of(), tool);
      if (args.isPresent()) {
        return disk(argv, tool, args.get());
      }
    }
    return result(argv, 127, "", "sim: " + (argv.isEmpty() ? "" : argv.get(0))
        + ": not a tool the simulated enclosure answers\n");
  }

  /** The words after {@code command} (or after a program named {@code name}). */
  private static Optional<List<String>> after(List<String> argv, List<String> command,
      String name) {
    if (!command.isEmpty() && argv.size() >= command.size()
        && argv.subList(0, command.size()).equals(command)) {
      return Optional.of(argv.subList(command.size(), argv.size()));
    }
    if (!argv.isEmpty() && Path.of(argv.get(0)).getFileName().toString().equals(name)) {
      return Optional.of(argv.subList(1, argv.size()));
    }
    return Optional.empty();
  }

  private CommandRunner.Result disk(List<String> argv, String tool, List<String> args)
      throws IOException {
    SimDiskTools.Outcome out = switch (tool) {
      case "wipefs" -> SimDiskTools.wipefs(sim, args);
      case "sgdisk" -> SimDiskTools.sgdisk(sim, args);
      case "blkid" -> SimDiskTools.blkid(sim.refresh(), args);
      default -> SimDiskTools.ledctl(sim, args);
    };
    return result(argv, out.exit(), out.stdout(), out.stderr());
  }

  private CommandRunner.Result mdadm(List<String> argv, List<String> args) throws IOException {
    if (args.contains("--examine") || args.contains("-E")) {
      MdadmExamineRenderer.Output out = MdadmExamineRenderer.render(sim.refresh(),
          args.get(args.size() - 1), sim.zone());
      return result(argv, out.exitStatus(), out.stdout(), out.stderr());
    }
    if (args.contains("--zero-superblock")) {
      SimDiskTools.Outcome out = SimDiskTools.zeroSuperblock(sim, args.get(args.size() - 1));
      return result(argv, out.exit(), out.stdout(), out.stderr());
    }
    if (args.contains("--detail") || args.contains("-D")) {
      String device = args.get(args.size() - 1);
      Instant now = sim.clock().instant();
      Optional<String> detail =
          EnclosureRenderer.mdadmDetail(sim.read(), device, now, sim.zone());
      return detail.map(text -> result(argv, 0, text, ""))
          .orElseGet(() -> result(argv, 1, "", "mdadm: cannot open " + device
              + ": No such file or directory\n"));
    }
    SimMdadm.Outcome outcome = SimMdadm.manage(sim, args);
    return result(argv, outcome.exitStatus(), "", outcome.stderr());
  }

  private CommandRunner.Result ipmitool(List<String> argv, List<String> args) throws IOException {
    List<String> words = new ArrayList<>();
    for (String word : args) {
      if (!(words.isEmpty() && word.startsWith("-"))) {
        words.add(word);
      }
    }
    if (words.size() == 3 && words.get(0).equals("sdr") && words.get(1).equals("type")
        && words.get(2).equalsIgnoreCase("Power Supply")) {
      return result(argv, 0, EnclosureRenderer.ipmiPowerSupplies(sim.read()), "");
    }
    if (words.size() == 3 && words.get(0).equals("sel") && words.get(1).equals("add")) {
      return selAdd(argv, Path.of(words.get(2)));
    }
    return result(argv, 1, "", "sim: ipmitool " + String.join(" ", args)
        + " is not simulated (sdr type \"Power Supply\" and sel add FILE are)\n");
  }

  private CommandRunner.Result selAdd(List<String> argv, Path file) throws IOException {
    if (!Files.isReadable(file)) {
      return result(argv, 1, "", "File " + file + " does not exist\n");
    }
    SelEvents.Added added = SelEvents.add(sim, Files.readAllLines(file));
    return result(argv, 0, added.stdout(), added.stderr());
  }

  private static CommandRunner.Result result(List<String> argv, int exit, String out,
      String err) {
    return new CommandRunner.Result(List.copyOf(argv), exit, out, err, false, Duration.ZERO);
  }
}
