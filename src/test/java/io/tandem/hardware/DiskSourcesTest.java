package io.tandem.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSourcesTest {
  @TempDir Path root;

  private void disk(String name, String model, String serial, long sectors) throws Exception {
    Path dir = Files.createDirectories(root.resolve("sys/block").resolve(name).resolve("device"));
    Files.writeString(dir.resolve("model"), model + "\n");
    if (serial != null) {
      Files.writeString(dir.resolve("serial"), serial + "\n");
    }
    Files.writeString(dir.getParent().resolve("size"), sectors + "\n");
  }

  @Test
  void sysfsListsWholeDisksWithModelSerialAndSize() throws Exception {
    disk("sdb", "WDC WD40EFRX", "WD-BBB", 7814037168L);
    disk("nvme0n1", "Samsung SSD 980", "S64DNX0R", 1953525168L);
    Files.createDirectories(root.resolve("sys/block/md0"));
    Files.createDirectories(root.resolve("sys/block/loop0"));
    Path sda = Files.createDirectories(root.resolve("sys/block/sda/device"));
    Files.writeString(sda.resolve("model"), "QEMU HARDDISK   \n");
    // SCSI VPD page 0x80: the unit serial number.
    Files.write(sda.resolve("vpd_pg80"), new byte[] {0, (byte) 0x80, 0, 4, 'Q', 'M', '0', '1'});

    assertThat(new SysfsDisks(root).read()).containsExactly(
        new Sources.DiskIdentity("nvme0n1", "Samsung SSD 980", "S64DNX0R",
            1953525168L * 512),
        new Sources.DiskIdentity("sda", "QEMU HARDDISK", "QM01", 0),
        new Sources.DiskIdentity("sdb", "WDC WD40EFRX", "WD-BBB", 7814037168L * 512));
  }

  @Test
  void baysComeFromByPathLinksKernelNamesAndTheEnclosure() throws Exception {
    Files.createDirectories(root.resolve("dev/disk/by-path"));
    Files.createFile(root.resolve("dev/sdc"));
    Files.createSymbolicLink(root.resolve("dev/disk/by-path/pci-0000:00:17.0-ata-1"),
        Path.of("../../sdc"));
    Path slot = Files.createDirectories(root.resolve("sys/class/enclosure/0:0:8:0/Slot04"));
    Files.writeString(slot.resolve("slot"), "4\n");
    Files.createDirectories(slot.resolve("device/block/sdf"));
    TreeMap<Integer, String> configured = new TreeMap<>(Map.of(
        1, "/dev/disk/by-path/pci-0000:00:17.0-ata-1",
        2, "/dev/disk/by-path/pci-0000:00:17.0-ata-2",
        3, "nvme0n1"));

    assertThat(new ConfiguredBays(root, configured).read()).isEqualTo(Map.of(
        "sdc", 1, "nvme0n1", 3, "sdf", 4));
  }

  @Test
  void aDiskThatLeftItsBayStaysListedWithItsSerialUntilAnotherTakesTheBay() {
    List<Disk> before = List.of(new Disk("sdb", 2, "WDC", "WD-BBB", 10, DiskHealth.FAILING,
        List.of("12 reallocated sectors"), 40));
    List<Disk> after = DiskAssembler.assemble(List.of(), Map.of(), Map.of(), before);
    assertThat(after).singleElement().satisfies(d -> {
      assertThat(d.device()).isNull();
      assertThat(d.label()).isEqualTo("bay 2, serial WD-BBB");
      assertThat(d.health()).isEqualTo(DiskHealth.UNKNOWN);
    });

    List<Disk> replaced = DiskAssembler.assemble(
        List.of(new Sources.DiskIdentity("sdb", "WDC", "WD-NEW", 10)), Map.of("sdb", 2),
        Map.of("WD-NEW", new Sources.SmartVerdict(DiskHealth.OK, List.of(), 30, "", "")),
        after);
    assertThat(replaced).extracting(Disk::label).containsExactly("bay 2, serial WD-NEW (sdb)");
  }
}
