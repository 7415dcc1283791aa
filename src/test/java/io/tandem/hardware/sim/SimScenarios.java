package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.PsuStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enclosure situations the golden files and parser tests use, each at a fixed time: the
 * default layout clean; bay 2 pulled (md0 and ... degraded); bay 2 replaced and 40% rebuilt;
 * bay 3's disk failing SMART; PSU 2 without AC and PSU 1 failed; an NVMe layout with a warning.
 */
final class SimScenarios {
  /** When every scenario's enclosure was made. */
  static final Instant CREATED = Instant.parse("2026-11-28T17:00:00Z");
  static final long REBUILD_SECONDS = 600;

  private SimScenarios() {}

  /** A scenario: the enclosure, and the time to render it at. */
  record Scenario(Enclosure enclosure, Instant at) {}

  static Enclosure fresh() {
    return EnclosureLayout.build(new EnclosureLayout.Choices(4, 4, List.of(),
        EnclosureLayout.DEFAULT_ARRAYS, REBUILD_SECONDS, "tandem"), CREATED);
  }

  static EnclosureChanges.NewDisk replacement(String serial) {
    return new EnclosureChanges.NewDisk(EnclosureLayout.ATA_MODEL, serial,
        EnclosureLayout.ATA_SIZE, 29);
  }

  static Map<String, Scenario> all() {
    Map<String, Scenario> all = new LinkedHashMap<>();
    Instant t1 = CREATED.plusSeconds(3600);
    all.put("clean", new Scenario(fresh(), t1));
    Enclosure pulled = EnclosureChanges.pullDisk(fresh(), 2, t1);
    all.put("degraded-pulled", new Scenario(pulled, t1.plusSeconds(60)));
    Instant inserted = t1.plusSeconds(300);
    Enclosure rebuilding = EnclosureChanges.insertDisk(pulled, 2, replacement("ZC1NEW02"), true,
        inserted);
    all.put("recovering-40", new Scenario(rebuilding,
        inserted.plusSeconds(REBUILD_SECONDS * 40 / 100 + 1)));
    all.put("rebuilt", new Scenario(rebuilding, inserted.plusSeconds(REBUILD_SECONDS + 5)));
    Enclosure.Smart failing = SmartSetting.apply(SmartSetting.apply(SmartSetting.apply(
        fresh().bay(3).disk().smart(), "reallocated", "3900"), "pending", "24"), "errors", "7");
    all.put("smart-failing", new Scenario(EnclosureChanges.setSmart(fresh(), 3, failing), t1));
    Enclosure power = EnclosureChanges.setPsu(EnclosureChanges.setPsu(fresh(), 2,
        PsuStatus.AC_LOST), 1, PsuStatus.FAILED);
    all.put("psu-ac-lost", new Scenario(power, t1));
    Enclosure nvme = EnclosureLayout.build(new EnclosureLayout.Choices(2, 2, List.of(1, 2),
        List.of("raid1:nvme0n1p1,nvme1n1p1"), REBUILD_SECONDS, "tandem"), CREATED);
    nvme = EnclosureChanges.setSmart(nvme, 2, SmartSetting.apply(SmartSetting.apply(
        nvme.bay(2).disk().smart(), "spare", "5"), "media-errors", "3"));
    all.put("nvme-spare-low", new Scenario(nvme, t1));
    return all;
  }
}
