package io.tandem.hardware.md;

import io.tandem.hardware.HardwareException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether the filesystem holding the store sits on an md array, and which: the store's mount
 * in {@code <root>/proc/self/mountinfo} gives the device's {@code major:minor}; {@code
 * <root>/sys/dev/block/MAJ:MIN} leads to its sysfs folder; a partition ({@code partition}
 * file) leads to its disk, device-mapper (LVM, LUKS) to its {@code slaves/}, until an {@code
 * md*} array or a plain disk is reached. Reading builds the small {@link Node} tree; {@link
 * #decide} is the pure part.
 */
public final class StoreOnMd {
  private static final int MAX_DEPTH = 8;

  private final Path root;
  private final Path store;

  /**
   * @param root stands in for {@code /}
   * @param store the store's path as the machine sees it ({@code /srv/mail})
   */
  public StoreOnMd(Path root, Path store) {
    this.root = root;
    this.store = store;
  }

  /**
   * Where the store sits.
   *
   * @param array the md array's name ({@code md0}); {@code ""} when not on one
   * @param reason how it was found, or why it is not on an array, in an operator's words
   */
  public record Placement(String array, String reason) {
    /** On an array. */
    public boolean onArray() {
      return !array.isEmpty();
    }
  }

  /**
   * A block device in sysfs: its name, the disk it is a partition of, what it is built on.
   *
   * @param name the kernel name ({@code md9p1}, {@code dm-0}, {@code sda})
   * @param partitionOf the whole device when this is a partition; null otherwise
   * @param slaves the devices under it ({@code slaves/}), for device-mapper and md
   */
  public record Node(String name, Node partitionOf, List<Node> slaves) {
    public Node {
      slaves = List.copyOf(slaves);
    }
  }

  /** The array's name, as {@code Sources.StoreArray} wants it; the reason when not on one. */
  public String read() throws HardwareException {
    Placement placement = placement();
    if (!placement.onArray()) {
      throw new HardwareException(placement.reason());
    }
    return placement.array();
  }

  /**
   * Where the store sits.
   *
   * @throws HardwareException when mountinfo or sysfs cannot be read
   */
  public Placement placement() throws HardwareException {
    String path = store.toAbsolutePath().normalize().toString();
    Path mountinfo = root.resolve("proc/self/mountinfo");
    MountInfo mounts;
    try {
      mounts = MountInfo.parse(Files.readString(mountinfo, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HardwareException("cannot read " + mountinfo + ": " + e.getMessage(), e);
    }
    Optional<MountInfo.Mount> mount = mounts.mountOf(path);
    if (mount.isEmpty()) {
      return new Placement("", "no mount found for " + path + " in " + mountinfo);
    }
    Path link = root.resolve("sys/dev/block").resolve(mount.get().device());
    if (!Files.exists(link)) {
      return new Placement("", path + " is on " + mount.get().fsType() + " ("
          + mount.get().source() + ", device " + mount.get().device()
          + "), which is not a block device");
    }
    try {
      return decide(path, node(link.toRealPath(), 0));
    } catch (IOException e) {
      throw new HardwareException("cannot follow " + link + ": " + e.getMessage(), e);
    }
  }

  /** The pure part: which array {@code device}, the store's filesystem device, sits on. */
  public static Placement decide(String store, Node device) {
    TreeSet<String> arrays = new TreeSet<>();
    List<String> plain = new ArrayList<>();
    walk(device, arrays, plain, 0);
    String via = device.name();
    if (arrays.size() == 1 && plain.isEmpty()) {
      String array = arrays.first();
      return new Placement(array, store + " is on " + via
          + (via.equals(array) ? "" : ", which sits on " + array));
    }
    if (arrays.isEmpty()) {
      return new Placement("", store + " is on " + via
          + (plain.equals(List.of(via)) ? "" : " (built on " + String.join(", ", plain) + ")")
          + ", not on an md array");
    }
    return new Placement("", store + " is on " + via + ", which spans " + arrays
        + (plain.isEmpty() ? "" : " and " + plain) + ": not one md array");
  }

  private static void walk(Node node, TreeSet<String> arrays, List<String> plain, int depth) {
    if (depth > MAX_DEPTH) {
      plain.add(node.name() + " (too deep)");
    } else if (node.partitionOf() != null) {
      walk(node.partitionOf(), arrays, plain, depth + 1);
    } else if (node.name().startsWith("md")) {
      arrays.add(node.name());
    } else if (!node.slaves().isEmpty()) {
      node.slaves().forEach(slave -> walk(slave, arrays, plain, depth + 1));
    } else {
      plain.add(node.name());
    }
  }

  /** The sysfs folder {@code dir} (links resolved) as a node, with what it sits on. */
  private static Node node(Path dir, int depth) throws IOException {
    String name = dir.getFileName().toString();
    if (depth > MAX_DEPTH) {
      return new Node(name, null, List.of());
    }
    Node whole = Files.exists(dir.resolve("partition"))
        ? node(dir.getParent(), depth + 1) : null;
    List<Node> slaves = new ArrayList<>();
    if (whole == null && !name.startsWith("md")) {
      List<Path> links = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.resolve("slaves"))) {
        entries.forEach(links::add);
      } catch (NoSuchFileException e) {
        // a disk: nothing under it
      }
      links.sort(Comparator.naturalOrder());
      for (Path slave : links) {
        slaves.add(node(slave.toRealPath(), depth + 1));
      }
    }
    return new Node(name, whole, slaves);
  }
}
