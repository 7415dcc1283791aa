package io.tandem.hardware.md;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.Sources;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The md arrays of the machine (or of the simulated enclosure's tree): sysfs under {@code
 * <root>/sys/block/md*}, {@code <root>/proc/mdstat}, and {@code mdadm --detail /dev/mdX} for
 * each array through {@link Tools}, fused by {@link MdFusion}. {@code mdadm} is optional: when
 * it cannot be run, hangs (the timeout) or prints what cannot be read, that is a warning and
 * the arrays come from the kernel's files alone; after a hang or a missing program it is not
 * asked again in the same read. No {@code /proc/mdstat} and no md in sysfs means no arrays.
 *
 * <p>Each read is independent; {@link #lastWarnings()} holds the warnings of the last one.
 */
public final class MdSource implements Sources.Arrays {
  private static final int MAX_MDSTAT = 1 << 20;

  private final Path root;
  private final Tools tools;
  private final List<String> mdadm;
  private final Duration timeout;
  private volatile List<String> lastWarnings = List.of();

  /**
   * @param root stands in for {@code /} ({@code hardware.root})
   * @param tools runs {@code mdadm}
   * @param mdadmCommand the words of {@code mdadm.command} ({@code ["mdadm"]}); empty to not
   *     use mdadm
   * @param timeout how long one {@code mdadm --detail} may take
   */
  public MdSource(Path root, Tools tools, List<String> mdadmCommand, Duration timeout) {
    this.root = Objects.requireNonNull(root, "root");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.mdadm = List.copyOf(mdadmCommand);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public List<MdArray> read() throws HardwareException {
    return readWithWarnings().arrays();
  }

  /** The warnings of the last {@link #read()}: disagreements, mdadm trouble, skipped lines. */
  public List<String> lastWarnings() {
    return lastWarnings;
  }

  /**
   * The arrays and what did not fit.
   *
   * @throws HardwareException when neither sysfs nor {@code /proc/mdstat} can be read
   */
  public MdReading readWithWarnings() throws HardwareException {
    List<String> warnings = new ArrayList<>();
    Path mdstatFile = root.resolve("proc/mdstat");
    Mdstat mdstat = null;
    HardwareException mdstatProblem = null;
    boolean noMdstat = false;
    try {
      mdstat = MdstatParser.parse(readBounded(mdstatFile));
    } catch (NoSuchFileException e) {
      noMdstat = true;
    } catch (IOException e) {
      mdstatProblem = new HardwareException("cannot read " + mdstatFile + ": " + e.getMessage(),
          e);
    } catch (HardwareException e) {
      mdstatProblem = e;
    }
    List<SysfsArray> sysfs = new ArrayList<>();
    HardwareException sysfsProblem = null;
    try {
      for (SysfsMd.Raw raw : new SysfsMd(root).read()) {
        sysfs.add(SysfsMdInterpreter.interpret(raw));
      }
    } catch (IOException e) {
      sysfsProblem = new HardwareException("cannot read the md arrays in sysfs under " + root
          + ": " + e.getMessage(), e);
    }
    if (mdstatProblem != null && (sysfsProblem != null || sysfs.isEmpty())) {
      throw mdstatProblem;
    }
    if (sysfsProblem != null && mdstat == null) {
      throw sysfsProblem;
    }
    if (mdstatProblem != null) {
      warnings.add(mdstatProblem.getMessage());
    }
    if (sysfsProblem != null) {
      warnings.add(sysfsProblem.getMessage());
    }
    if (noMdstat && !sysfs.isEmpty()) {
      warnings.add("no " + mdstatFile + ", but sysfs shows md arrays");
    }
    Map<String, MdadmDetail> details = details(names(mdstat, sysfs), warnings);
    MdReading fused = MdFusion.fuse(mdstat, sysfs, details);
    warnings.addAll(fused.warnings());
    MdReading reading = new MdReading(fused.arrays(), warnings);
    lastWarnings = reading.warnings();
    return reading;
  }

  private static TreeSet<String> names(Mdstat mdstat, List<SysfsArray> sysfs) {
    TreeSet<String> names = new TreeSet<>();
    sysfs.forEach(a -> names.add(a.name()));
    if (mdstat != null) {
      mdstat.arrays().forEach(a -> names.add(a.name()));
    }
    return names;
  }

  private Map<String, MdadmDetail> details(Iterable<String> names, List<String> warnings)
      throws HardwareException {
    Map<String, MdadmDetail> details = new LinkedHashMap<>();
    if (mdadm.isEmpty()) {
      return details;
    }
    for (String name : names) {
      List<String> argv = new ArrayList<>(mdadm);
      argv.add("--detail");
      argv.add("/dev/" + name);
      CommandRunner.Result result;
      try {
        result = tools.run(argv, timeout);
      } catch (IOException e) {
        warnings.add("mdadm --detail not used: " + e.getMessage());
        return details;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HardwareException("interrupted while running mdadm --detail /dev/" + name, e);
      }
      if (result.timedOut()) {
        warnings.add("mdadm --detail /dev/" + name + " did not answer within "
            + timeout.toMillis() + " ms (killed); mdadm not asked again this time");
        return details;
      }
      try {
        details.put(name, MdadmDetailParser.parse(result.stdout()));
        if (result.exitCode() != 0) {
          warnings.add("mdadm --detail /dev/" + name + " exited with " + result.exitCode()
              + " (its output was used): " + result.lastErrorLine());
        }
      } catch (HardwareException e) {
        warnings.add("mdadm --detail /dev/" + name + " (exit " + result.exitCode() + "): "
            + e.getMessage() + detailError(result));
      }
    }
    return details;
  }

  private static String detailError(CommandRunner.Result result) {
    String line = result.stderr().isBlank() ? "" : result.lastErrorLine();
    return line.isEmpty() ? "" : "; it said '" + MdstatParser.excerpt(line) + "'";
  }

  private static String readBounded(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_MDSTAT), StandardCharsets.UTF_8);
    }
  }
}
