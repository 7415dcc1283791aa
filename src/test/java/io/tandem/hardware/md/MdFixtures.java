package io.tandem.hardware.md;

import io.tandem.command.CommandRunner;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The recorded md situations of {@code test-hardware/md/} (see its README). */
final class MdFixtures {
  static final Path DIR = Path.of("test-hardware/md").toAbsolutePath();

  private MdFixtures() {}

  /** Every situation folder (those with a recorded /proc/mdstat). */
  static List<String> situations() {
    try (Stream<Path> dirs = Files.list(DIR)) {
      return dirs.filter(d -> Files.exists(d.resolve("proc/mdstat")))
          .map(d -> d.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path root(String situation) {
    return DIR.resolve(situation);
  }

  static String mdstat(String situation) {
    return read(root(situation).resolve("proc/mdstat"));
  }

  /** Every recorded {@code mdadm --detail} file, as "situation/mdX". */
  static List<String> details() {
    return situations().stream().flatMap(s -> {
      Path dir = root(s).resolve("mdadm");
      if (!Files.isDirectory(dir)) {
        return Stream.empty();
      }
      try (Stream<Path> files = Files.list(dir)) {
        return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".detail"))
            .map(f -> s + "/" + f.substring(0, f.length() - ".detail".length())).sorted()
            .toList().stream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }

  static String detail(String situationAndArray) {
    String[] parts = situationAndArray.split("/");
    return read(root(parts[0]).resolve("mdadm").resolve(parts[1] + ".detail"));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * mdadm as recorded: {@code --detail /dev/mdX} answers the situation's {@code mdadm/mdX.detail}
   * with its recorded exit status; an array without a recording gets what mdadm says for a
   * device it cannot open.
   */
  static Tools recordedMdadm(String situation) {
    return (argv, timeout) -> {
      String name = argv.get(argv.size() - 1).substring("/dev/".length());
      Path detail = root(situation).resolve("mdadm").resolve(name + ".detail");
      if (!Files.exists(detail)) {
        return result(argv, 1, "", "mdadm: cannot open /dev/" + name
            + ": No such file or directory\n", false);
      }
      Path exit = root(situation).resolve("mdadm").resolve(name + ".exit");
      int status = Files.exists(exit) ? Integer.parseInt(read(exit).strip()) : 0;
      return result(argv, status, read(detail), "", false);
    };
  }

  static CommandRunner.Result result(List<String> argv, int exit, String out, String err,
      boolean timedOut) {
    return new CommandRunner.Result(argv, exit, out, err, timedOut, Duration.ofMillis(5));
  }
}
