package io.tandem.hotswap;

import io.tandem.hardware.ArrayState;
import io.tandem.hardware.Disk;
import io.tandem.hardware.DiskHealth;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MdArray.MdMember;
import io.tandem.hardware.MdArray.MdSync;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import io.tandem.hardware.Reading;
import io.tandem.hardware.SyncAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds hardware snapshots for the guard's decision table: disks in bays 1..n named sda, sdb,
 * ... with serials S1, S2, ...; arrays from members; power supplies; each part's reading time
 * and problem. The store sits on md0 unless said otherwise.
 */
final class Rig {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration MAX_AGE = Duration.ofSeconds(30);

  private final List<Disk> disks = new ArrayList<>();
  private final List<MdArray> arrays = new ArrayList<>();
  private List<Psu> psus = List.of(psu(1, PsuState.OK), psu(2, PsuState.OK));
  private Reading<List<MdArray>> arraysReading;
  private Reading<List<Disk>> disksReading;
  private Reading<List<Psu>> psusReading;
  private String store = "md0";

  private Rig(int bays) {
    for (int bay = 1; bay <= bays; bay++) {
      disks.add(new Disk(dev(bay), bay, "WDC WD40EFRX", "S" + bay, 4_000_000_000_000L,
          DiskHealth.OK, List.of(), 30));
    }
  }

  /** {@code bays} healthy disks, no arrays, two good power supplies. */
  static Rig bays(int bays) {
    return new Rig(bays);
  }

  /** The kernel name of the disk in {@code bay}: sda for bay 1. */
  static String dev(int bay) {
    return "sd" + (char) ('a' + bay - 1);
  }

  static MdMember in(String device, int slot) {
    return new MdMember(device, slot, MemberState.IN_SYNC, false);
  }

  static MdMember rebuilding(String device, int slot) {
    return new MdMember(device, slot, MemberState.REBUILDING, false);
  }

  static MdMember faulty(String device) {
    return new MdMember(device, -1, MemberState.FAULTY, false);
  }

  static MdMember spare(String device) {
    return new MdMember(device, -1, MemberState.SPARE, false);
  }

  static MdMember removed(int slot) {
    return new MdMember(null, slot, MemberState.REMOVED, false);
  }

  static MdMember unknown(String device, int slot) {
    return new MdMember(device, slot, MemberState.UNKNOWN, false);
  }

  /** An array; its state is clean when every slot is in sync, degraded otherwise. */
  Rig array(String name, String level, int raidDisks, MdMember... members) {
    long inSync = List.of(members).stream().filter(m -> m.state() == MemberState.IN_SYNC)
        .count();
    arrays.add(new MdArray(name, level, inSync == raidDisks ? ArrayState.CLEAN
        : ArrayState.DEGRADED, raidDisks, List.of(members), MdSync.NONE));
    return this;
  }

  /** The last array added is in {@code state}, doing {@code action} at 40 %. */
  Rig doing(ArrayState state, SyncAction action) {
    MdArray last = arrays.remove(arrays.size() - 1);
    arrays.add(new MdArray(last.name(), last.level(), state, last.raidDisks(), last.members(),
        action == SyncAction.NONE ? MdSync.NONE : new MdSync(action, 40.0, 600, false)));
    return this;
  }

  Rig health(int bay, DiskHealth health, String... reasons) {
    Disk d = disks.get(bay - 1);
    disks.set(bay - 1, new Disk(d.device(), d.bay(), d.model(), d.serial(), d.sizeBytes(),
        health, List.of(reasons), d.temperatureC()));
    return this;
  }

  /** The disk of {@code bay} left it (kept with its serial, device null). */
  Rig gone(int bay) {
    Disk d = disks.get(bay - 1);
    disks.set(bay - 1, new Disk(null, d.bay(), d.model(), d.serial(), d.sizeBytes(),
        DiskHealth.UNKNOWN, List.of(), null));
    return this;
  }

  Rig psus(PsuState... states) {
    List<Psu> out = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      out.add(psu(i + 1, states[i]));
    }
    psus = out;
    return this;
  }

  Rig store(String array) {
    store = array;
    return this;
  }

  Rig arraysRead(Reading<List<MdArray>> reading) {
    arraysReading = reading;
    return this;
  }

  Rig disksRead(Reading<List<Disk>> reading) {
    disksReading = reading;
    return this;
  }

  Rig psusRead(Reading<List<Psu>> reading) {
    psusReading = reading;
    return this;
  }

  List<MdArray> arrays() {
    return List.copyOf(arrays);
  }

  List<Disk> disks() {
    return List.copyOf(disks);
  }

  List<Psu> psuList() {
    return psus;
  }

  HardwareSnapshot build() {
    return new HardwareSnapshot(
        arraysReading != null ? arraysReading : Reading.of(List.copyOf(arrays), NOW),
        disksReading != null ? disksReading : Reading.of(List.copyOf(disks), NOW),
        psusReading != null ? psusReading : Reading.of(psus, NOW),
        Reading.of(new HardwareSnapshot.Sensors(null, List.of()), NOW),
        store == null ? Reading.none("not on md") : Reading.of(store, NOW));
  }

  private static Psu psu(int id, PsuState state) {
    return new Psu(id, "PS" + id + " Status", state, state == PsuState.OK ? "Presence detected"
        : "");
  }

  @Override
  public String toString() {
    return "rig";
  }
}
