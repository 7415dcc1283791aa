package io.tandem.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Which bay each disk sits in: from {@code bays.N} (a {@code /dev/disk/by-path/...} link,
 * resolved under {@code hardware.root}, or a kernel name), then from {@code
 * /sys/class/enclosure/<enclosure>/<slot>/device/block/<disk>} with the slot's {@code slot}
 * number for disks the config does not place. A bay whose link leads nowhere is empty.
 */
public final class ConfiguredBays implements Sources.Bays {
  private final Path root;
  private final SortedMap<Integer, String> configured;

  public ConfiguredBays(Path root, SortedMap<Integer, String> configured) {
    this.root = root;
    this.configured = configured;
  }

  @Override
  public Map<String, Integer> read() throws HardwareException {
    Map<String, Integer> bays = new HashMap<>(fromEnclosures());
    for (Map.Entry<Integer, String> bay : configured.entrySet()) {
      String disk = resolve(bay.getValue());
      if (disk != null) {
        bays.put(disk, bay.getKey());
      }
    }
    return bays;
  }

  /** The kernel name a configured device stands for now, or null when it leads nowhere. */
  private String resolve(String device) {
    if (!device.startsWith("/dev/")) {
      return device;
    }
    Path link = root.resolve(device.substring(1));
    try {
      return link.toRealPath().getFileName().toString();
    } catch (IOException e) {
      return null;
    }
  }

  private Map<String, Integer> fromEnclosures() {
    Map<String, Integer> bays = new HashMap<>();
    Path enclosures = root.resolve("sys/class/enclosure");
    if (!Files.isDirectory(enclosures)) {
      return bays;
    }
    try (DirectoryStream<Path> each = Files.newDirectoryStream(enclosures)) {
      for (Path enclosure : each) {
        try (DirectoryStream<Path> slots = Files.newDirectoryStream(enclosure)) {
          for (Path slot : slots) {
            readSlot(slot, bays);
          }
        }
      }
    } catch (IOException e) {
      // No enclosure information: the configured bays alone.
    }
    return bays;
  }

  private static void readSlot(Path slot, Map<String, Integer> bays) throws IOException {
    Path number = slot.resolve("slot");
    Path block = slot.resolve("device/block");
    if (!Files.isRegularFile(number) || !Files.isDirectory(block)) {
      return;
    }
    int bay;
    try {
      bay = Integer.parseInt(Files.readString(number, StandardCharsets.US_ASCII).strip());
    } catch (NumberFormatException e) {
      return;
    }
    try (DirectoryStream<Path> disks = Files.newDirectoryStream(block)) {
      for (Path disk : disks) {
        bays.put(disk.getFileName().toString(), bay);
      }
    }
  }
}
