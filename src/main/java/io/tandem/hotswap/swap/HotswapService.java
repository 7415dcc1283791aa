package io.tandem.hotswap.swap;

import io.tandem.alert.Alert.Severity;
import io.tandem.alert.Alerts;
import io.tandem.hardware.Disk;
import io.tandem.hardware.HardwareConditions;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.MdArray;
import io.tandem.hardware.MemberState;
import io.tandem.hardware.disk.DiskCheck;
import io.tandem.hardware.disk.DiskPreparation;
import io.tandem.hardware.led.Leds;
import io.tandem.hotswap.HotswapPlan;
import io.tandem.hotswap.HotswapTarget;
import io.tandem.hotswap.Verdict;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-swap workflow on the running appliance: {@code prepare} (the guard's answer again,
 * then for a disk its members failed and removed from every array and its bay's LED lit), then
 * each hardware snapshot advances the persisted swap ({@link SwapMachine}) and this carries out
 * what it asks: a new disk checked (size, SMART, no foreign superblock unless {@code --wipe}),
 * partitioned like its partner and added to the arrays; the LED off when the rebuild is over.
 * One swap at a time; it survives a restart (the record in {@code <store.state>}).
 */
public final class HotswapService {
  private static final Logger LOG = LoggerFactory.getLogger(HotswapService.class);
  /** A swap prepared against the guard's advice. */
  public static final String FORCED = "hotswap.forced";

  private final SwapStore store;
  private final Supplier<HardwareSnapshot> snapshots;
  private final Function<HotswapTarget, HotswapPlan> guard;
  private final DiskKit kit;
  private final Alerts alerts;
  private final Clock clock;
  /**
   * Changed only under this object's lock (prepare, done, each snapshot); read without it by the
   * status and the front panel, which must not wait while mdadm runs.
   */
  private volatile Swap swap;

  public HotswapService(SwapStore store, Supplier<HardwareSnapshot> snapshots,
      Function<HotswapTarget, HotswapPlan> guard, DiskKit kit, Alerts alerts, Clock clock)
      throws IOException {
    this.store = store;
    this.snapshots = snapshots;
    this.guard = guard;
    this.kit = kit;
    this.alerts = alerts;
    this.clock = clock;
    this.swap = store.load().orElse(null);
    if (swap != null && swap.state() != SwapState.DONE) {
      LOG.warn("Hot-swap of {} resumed where it stood: {}", swap.target().word(),
          swap.state().word());
    }
  }

  /** A refusal of {@code prepare} or {@code done}, with the guard's answer when there is one. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Optional<HotswapPlan> plan;

    Refused(String message, Optional<HotswapPlan> plan) {
      super(message);
      this.plan = plan;
    }

    public Optional<HotswapPlan> plan() {
      return plan;
    }
  }

  /**
   * Prepares the swap of {@code target}: refused unless the guard says SAFE, or {@code force}
   * with a {@code reason} (logged, alerted). For a disk in a swap already replaced and refused,
   * {@code wipe} lets the new disk be wiped and taken.
   */
  public synchronized Map<String, Object> prepare(HotswapTarget target, boolean force,
      String reason, boolean wipe) throws Refused, IOException {
    if (swap != null && swap.state() != SwapState.DONE) {
      if (swap.target().equals(target) && wipe && swap.state() == SwapState.REPLACED) {
        swap = swap.withWipe(true);
        store.save(swap);
        retryNewDisk();
        return status();
      }
      throw new Refused("the swap of " + swap.target().word() + " is under way ("
          + swap.state().word() + "); finish it first ('tandem hotswap done "
          + swap.target().word() + "' once it is done, or to call it off)", Optional.empty());
    }
    HotswapPlan plan = guard.apply(target);
    if (plan.verdict() != Verdict.SAFE) {
      if (!force) {
        throw new Refused(plan.verdict() + ": do not pull " + target.word() + ": "
            + String.join("; ", plan.reasons()), Optional.of(plan));
      }
      if (reason == null || reason.isBlank()) {
        throw new Refused("--force needs --reason: say why " + target.word() + " must be pulled"
            + " against the guard (" + plan.verdict() + ")", Optional.of(plan));
      }
      String what = "Hot-swap of " + target.word() + " prepared against the guard ("
          + plan.verdict() + ": " + String.join("; ", plan.reasons()) + "); reason given: "
          + reason;
      LOG.warn("{}", what);
      alerts.raise(FORCED, Severity.WARNING, "hotswap", what);
    }
    HardwareSnapshot snapshot = snapshots.get();
    Swap prepared = target.kind() == HotswapTarget.Kind.DISK
        ? prepareDisk(target, snapshot, force ? reason : "", wipe)
        : new Swap(target, SwapState.PREPARED, "", List.of(), Map.of(), "", "",
            force ? reason : "", clock.instant(), 0, false);
    swap = prepared;
    store.save(swap);
    LOG.warn("Hot-swap prepared: {}", String.join(" / ", SwapPrompts.lines(swap, snapshot)));
    return status();
  }

  private Swap prepareDisk(HotswapTarget target, HardwareSnapshot snapshot, String reason,
      boolean wipe) throws Refused {
    int bay = target.number();
    List<Disk> disks = snapshot.disks().value() == null ? List.of() : snapshot.disks().value();
    Disk disk = disks.stream().filter(d -> d.device() != null && Integer.valueOf(bay)
        .equals(d.bay())).findFirst().orElseThrow(() -> new Refused("there is no disk in bay "
            + bay + " to pull", Optional.empty()));
    List<MdArray> arrays = snapshot.arrays().value() == null ? List.of()
        : snapshot.arrays().value();
    List<Swap.Member> members = new ArrayList<>();
    for (MdArray array : arrays) {
      for (MdArray.MdMember member : array.members()) {
        if (member.device() != null
            && HardwareConditions.wholeDisk(member.device()).equals(disk.device())) {
          members.add(new Swap.Member(array.name(), member.device()));
        }
      }
    }
    try {
      for (String step : kit.md().failAndRemove(disk.device(), arrays)) {
        LOG.info("Hot-swap of bay {}: {}", bay, step);
      }
      kit.leds().locate(Leds.Bay.of(bay, disk.device()), true);
    } catch (HardwareException e) {
      throw new Refused("bay " + bay + " could not be prepared: " + e.getMessage(),
          Optional.empty());
    }
    Map<Integer, String> bays = new HashMap<>();
    for (Disk each : disks) {
      if (each.device() != null && each.bay() != null) {
        bays.put(each.bay(), each.serial());
      }
    }
    return new Swap(HotswapTarget.disk(bay), SwapState.PREPARED, disk.serial(), members, bays,
        "", "", reason, clock.instant(), disk.sizeBytes(), wipe);
  }

  /** Each hardware snapshot (the monitor's thread): the swap's next step, carried out. */
  public synchronized void onSnapshot(HardwareSnapshot snapshot) {
    if (swap == null || swap.state() == SwapState.DONE) {
      return;
    }
    SwapMachine.Step step = SwapMachine.advance(swap, snapshot);
    Swap before = swap;
    swap = step.swap();
    for (SwapAction action : step.actions()) {
      carryOut(action, snapshot);
    }
    if (!swap.equals(before)) {
      LOG.warn("Hot-swap of {}: {}{}", swap.target().word(), swap.state().word(),
          swap.problem().isEmpty() ? "" : " (" + swap.problem() + ")");
      save();
    }
  }

  private void carryOut(SwapAction action, HardwareSnapshot snapshot) {
    if (action instanceof SwapAction.Raise raise) {
      alerts.raise(raise.key(), raise.severity(), "hotswap", raise.message());
    } else if (action instanceof SwapAction.Clear clear) {
      alerts.clear(clear.key());
    } else if (action instanceof SwapAction.LedOff off) {
      try {
        kit.leds().locate(new Leds.Bay(off.bay(), Optional.empty()), false);
      } catch (HardwareException e) {
        LOG.warn("The locate LED of bay {} could not be turned off: {}", off.bay(),
            e.getMessage());
      }
      alerts.clear(FORCED);
    } else if (action instanceof SwapAction.AddNewDisk add) {
      addNewDisk(add, snapshot);
    }
  }

  /** Checks the new disk, wipes it if allowed, partitions it like its partner, adds it. */
  private void addNewDisk(SwapAction.AddNewDisk add, HardwareSnapshot snapshot) {
    try {
      Disk disk = snapshot.disks().value().stream()
          .filter(d -> add.device().equals(d.device())).findFirst().orElseThrow();
      DiskCheck.Result check = DiskCheck.check(
          new DiskCheck.NewDisk(add.device(), disk.serial(), disk.sizeBytes()),
          new DiskCheck.Requirement(swap.sizeBytes(), "the disk it replaces (serial "
              + swap.serial() + ")"),
          kit.smart().read(add.device()), kit.preparation().examineAll(add.device()),
          List.of(), otherSerials(snapshot, add.bay()), swap.wipe());
      if (!check.ok()) {
        apply(SwapMachine.refused(swap, String.join("; ", check.refusals())), snapshot);
        return;
      }
      if (swap.wipe()) {
        kit.preparation().wipe(add.device());
      }
      List<String> partitions = partitionsFor(add.device(), snapshot);
      for (int i = 0; i < swap.members().size(); i++) {
        Swap.Member member = swap.members().get(i);
        kit.md().add(member.array(), partitions.get(i));
        LOG.info("Hot-swap of bay {}: /dev/{} added to /dev/{}", add.bay(), partitions.get(i),
            member.array());
      }
      swap = SwapMachine.added(swap);
    } catch (HardwareException | RuntimeException e) {
      apply(SwapMachine.refused(swap, e.getMessage()), snapshot);
    }
  }

  /**
   * The new disk's device for each old member: the whole disk where the member was a whole
   * disk, else its partitions after copying the partner's table.
   */
  private List<String> partitionsFor(String device, HardwareSnapshot snapshot)
      throws HardwareException {
    List<String> out = new ArrayList<>();
    boolean partitioned = swap.members().stream().anyMatch(m -> !m.device().equals(
        HardwareConditions.wholeDisk(m.device())));
    if (partitioned) {
      kit.preparation().copyPartitions(device, partner(snapshot));
    }
    for (Swap.Member member : swap.members()) {
      String whole = HardwareConditions.wholeDisk(member.device());
      if (member.device().equals(whole)) {
        out.add(device);
      } else {
        String number = member.device().substring(whole.length()).replace("p", "");
        out.add(device + (Character.isDigit(device.charAt(device.length() - 1)) ? "p" : "")
            + number);
      }
    }
    return out;
  }

  /** A disk still in sync in the first array the old disk was in: its table is copied. */
  private String partner(HardwareSnapshot snapshot) throws HardwareException {
    String array = swap.members().get(0).array();
    return snapshot.arrays().value().stream().filter(a -> a.name().equals(array))
        .flatMap(a -> a.members().stream())
        .filter(m -> m.state() == MemberState.IN_SYNC && m.device() != null)
        .map(m -> HardwareConditions.wholeDisk(m.device())).findFirst()
        .orElseThrow(() -> new HardwareException("no in-sync member of /dev/" + array
            + " to copy the partition table from"));
  }

  private static List<String> otherSerials(HardwareSnapshot snapshot, int bay) {
    return snapshot.disks().value().stream().filter(d -> d.device() != null
        && !Integer.valueOf(bay).equals(d.bay())).map(Disk::serial).toList();
  }

  private void apply(SwapMachine.Step step, HardwareSnapshot snapshot) {
    swap = step.swap();
    for (SwapAction action : step.actions()) {
      carryOut(action, snapshot);
    }
  }

  /** {@code prepare --wipe} on a refused disk: tries it again now. */
  private void retryNewDisk() {
    HardwareSnapshot snapshot = snapshots.get();
    Disk disk = snapshot.disks().value() == null ? null : snapshot.disks().value().stream()
        .filter(d -> d.device() != null && Integer.valueOf(swap.target().number())
            .equals(d.bay())).findFirst().orElse(null);
    if (disk != null) {
      addNewDisk(new SwapAction.AddNewDisk(swap.target().number(), disk.device()), snapshot);
      save();
    }
  }

  /**
   * {@code tandem hotswap done}: closes a finished swap; calls off one still prepared whose disk
   * was not pulled (its members are added back to their arrays); refuses otherwise, saying
   * where the swap stands.
   */
  public synchronized Map<String, Object> done(HotswapTarget target) throws Refused, IOException {
    if (swap == null || !swap.target().equals(target)) {
      throw new Refused("no swap of " + target.word() + " is under way", Optional.empty());
    }
    if (swap.state() == SwapState.PREPARED && swap.isDisk()) {
      callOff();
    } else if (swap.state() != SwapState.DONE && swap.state() != SwapState.PREPARED) {
      throw new Refused("the swap of " + target.word() + " is " + swap.state().word()
          + (swap.problem().isEmpty() ? "" : " (" + swap.problem() + ")") + "; it ends by"
          + " itself once its arrays are rebuilt", Optional.empty());
    }
    Map<String, Object> last = status();
    last.put("state", swap.state() == SwapState.DONE ? "done" : "called off");
    alerts.clear(FORCED);
    alerts.clear(SwapMachine.WRONG_PART);
    alerts.clear(SwapMachine.NEW_PART);
    swap = null;
    store.clear();
    return last;
  }

  private void callOff() throws Refused {
    String device = null;
    for (Disk disk : snapshots.get().disks().value()) {
      if (disk.serial().equals(swap.serial()) && disk.device() != null) {
        device = disk.device();
      }
    }
    if (device == null) {
      throw new Refused("the disk of bay " + swap.target().number() + " is not in its bay;"
          + " put it back before calling the swap off", Optional.empty());
    }
    try {
      for (Swap.Member member : swap.members()) {
        kit.md().add(member.array(), member.device());
      }
      kit.leds().locate(Leds.Bay.of(swap.target().number(), device), false);
    } catch (HardwareException e) {
      throw new Refused("calling the swap off failed: " + e.getMessage(), Optional.empty());
    }
    LOG.warn("Hot-swap of {} called off: its members were added back", swap.target().word());
  }

  private void save() {
    try {
      store.save(swap);
    } catch (IOException e) {
      LOG.error("The hot-swap record could not be written ({}); a restart would not resume"
          + " it", e.getMessage());
    }
  }

  /** The {@code hotswap} object of the status, or null when no swap is recorded. */
  public Map<String, Object> status() {
    Swap swap = this.swap;
    if (swap == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", swap.target().word());
    out.put("state", swap.state().word());
    out.put("serial", swap.serial());
    out.put("new_serial", swap.newSerial());
    out.put("problem", swap.problem());
    out.put("prompt", SwapPrompts.lines(swap, snapshots.get()));
    out.put("forced_reason", swap.forcedReason());
    out.put("started", swap.started().toString());
    return out;
  }

  /** The front panel's prompt lines now (empty without a swap). */
  public List<String> prompt() {
    Swap swap = this.swap;
    return swap == null ? List.of() : SwapPrompts.lines(swap, snapshots.get());
  }
}
