package io.tandem.hardware.md;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the md files of sysfs under a root that stands in for {@code /}: for each {@code
 * <root>/sys/block/md*} with an {@code md/} folder, {@code md/{array_state, level, raid_disks,
 * degraded, sync_action, sync_completed, metadata_version}} and each {@code md/dev-*} member's
 * {@code state} and {@code slot}. I/O only: the values are kept as the kernel wrote them
 * (trimmed) and {@link SysfsMdInterpreter} gives them meaning. A file that is missing is left
 * out; one that cannot be read is named in {@link Raw#problems()}. Thread-safe.
 */
public final class SysfsMd {
  static final List<String> FILES = List.of("array_state", "level", "raid_disks", "degraded",
      "sync_action", "sync_completed", "metadata_version");
  private static final int MAX_VALUE = 4096;

  private final Path root;

  /** @param root stands in for {@code /} */
  public SysfsMd(Path root) {
    this.root = root;
  }

  /**
   * One array's files as read.
   *
   * @param name {@code md0}
   * @param files file name to its trimmed content, for the files that exist
   * @param members each {@code dev-*} folder, sorted by device
   * @param problems files that exist but could not be read, in plain words
   */
  public record Raw(String name, Map<String, String> files, List<RawMember> members,
      List<String> problems) {
    public Raw {
      files = Map.copyOf(files);
      members = List.copyOf(members);
      problems = List.copyOf(problems);
    }
  }

  /**
   * One {@code dev-<device>} folder.
   *
   * @param device the kernel name ({@code sdb1})
   * @param state {@code state}'s content; null when missing
   * @param slot {@code slot}'s content; null when missing
   */
  public record RawMember(String device, String state, String slot) {}

  /**
   * Every md array sysfs shows, sorted by name; empty when there is no {@code sys/block} or no
   * array in it.
   *
   * @throws IOException when {@code sys/block} exists but cannot be listed
   */
  public List<Raw> read() throws IOException {
    Path block = root.resolve("sys/block");
    if (!Files.isDirectory(block)) {
      return List.of();
    }
    List<Raw> arrays = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(block, "md*")) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry.resolve("md"))) {
          arrays.add(array(entry.getFileName().toString(), entry.resolve("md")));
        }
      }
    }
    arrays.sort(Comparator.comparing(Raw::name));
    return arrays;
  }

  private static Raw array(String name, Path md) {
    Map<String, String> files = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String file : FILES) {
      String value = value(md.resolve(file), problems);
      if (value != null) {
        files.put(file, value);
      }
    }
    List<RawMember> members = new ArrayList<>();
    try (DirectoryStream<Path> devs = Files.newDirectoryStream(md, "dev-*")) {
      for (Path dev : devs) {
        members.add(new RawMember(dev.getFileName().toString().substring(4),
            value(dev.resolve("state"), problems), value(dev.resolve("slot"), problems)));
      }
    } catch (IOException e) {
      problems.add("cannot list the members in " + md + ": " + e.getMessage());
    }
    members.sort(Comparator.comparing(RawMember::device));
    return new Raw(name, files, members, problems);
  }

  /** The file's content without surrounding white space; null when it does not exist. */
  private static String value(Path file, List<String> problems) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_VALUE), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      problems.add("cannot read " + file + ": " + e.getMessage());
      return null;
    }
  }
}
