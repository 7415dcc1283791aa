package io.tandem.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The disks present, from {@code <root>/sys/block}: each whole disk's kernel name, model,
 * serial and size. Works the same on the machine ({@code hardware.root = /}) and on the
 * simulated enclosure's tree. Partitions, md, device-mapper, loop, RAM and optical devices are
 * not disks here.
 */
public final class SysfsDisks implements Sources.DiskInventory {
  private static final Pattern DISK = Pattern.compile("sd[a-z]+|vd[a-z]+|hd[a-z]+|xvd[a-z]+"
      + "|nvme\\d+n\\d+");

  private final Path root;

  public SysfsDisks(Path root) {
    this.root = root;
  }

  @Override
  public List<Sources.DiskIdentity> read() throws HardwareException {
    Path block = root.resolve("sys/block");
    List<Sources.DiskIdentity> disks = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(block)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (DISK.matcher(name).matches()) {
          disks.add(identity(entry, name));
        }
      }
    } catch (IOException e) {
      throw new HardwareException("cannot list the disks in " + block + ": " + e.getMessage(),
          e);
    }
    disks.sort(java.util.Comparator.comparing(Sources.DiskIdentity::device));
    return disks;
  }

  private static Sources.DiskIdentity identity(Path dir, String name) {
    Path device = dir.resolve("device");
    String model = firstOf(device.resolve("model"));
    String serial = firstOf(device.resolve("serial"));
    if (serial.isEmpty()) {
      serial = SerialNumbers.fromVpdPage80(readBytes(device.resolve("vpd_pg80")));
    }
    long sectors = 0;
    try {
      sectors = Long.parseLong(firstOf(dir.resolve("size")));
    } catch (NumberFormatException e) {
      // unknown size: 0
    }
    return new Sources.DiskIdentity(name, model, serial, sectors * 512);
  }

  private static String firstOf(Path file) {
    byte[] bytes = readBytes(file);
    return new String(bytes, StandardCharsets.US_ASCII).strip();
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.isReadable(file) ? Files.readAllBytes(file) : new byte[0];
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** The unit serial number of SCSI VPD page 0x80, as the kernel exposes it. */
  static final class SerialNumbers {
    private SerialNumbers() {}

    /** Page 0x80: 4 header bytes (byte 3: the length), then the serial in ASCII. */
    static String fromVpdPage80(byte[] page) {
      if (page.length < 4 || (page[1] & 0xFF) != 0x80) {
        return "";
      }
      int length = Math.min(page[3] & 0xFF, page.length - 4);
      return new String(page, 4, length, StandardCharsets.US_ASCII).strip();
    }
  }
}
