package io.tandem.hardware.sim;

import io.tandem.config.ApplianceConfig;
import io.tandem.hardware.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The simulated enclosure of {@code hardware.mode = sim}, kept in {@code hardware.sim.dir}:
 * its model ({@link EnclosureStore}, {@code enclosure.json}), the files the kernel would show
 * under {@link #root()} ({@code <sim.dir>/root/proc/mdstat}, {@code .../sys/block/...}, {@code
 * .../dev/disk/by-path/...}), and {@link #tools} that answer the tool runs the real sources
 * make. The service reads with {@code hardware.root} replaced by {@link #root()} and calls
 * {@link #refresh()} before each poll, so rebuilds progress and end on time. Thread-safe; safe
 * next to {@code tandem sim} working on the same folder (see {@link EnclosureStore}).
 */
public final class SimEnclosure {
  /** The stand-in root's name in the folder. */
  public static final String ROOT = "root";

  private final EnclosureStore store;
  private final Clock clock;
  private final ZoneId zone;

  /**
   * @param dir {@code hardware.sim.dir}
   * @param clock the time rebuilds progress by
   * @param zone the time zone mdadm and smartctl print times in
   */
  public SimEnclosure(Path dir, Clock clock, ZoneId zone) {
    this.store = new EnclosureStore(dir);
    this.clock = clock;
    this.zone = zone;
  }

  /** The enclosure of a configuration in sim mode, on the system clock and time zone. */
  public static SimEnclosure of(ApplianceConfig.Hardware hardware) {
    Path dir = hardware.simDir().orElseThrow(() ->
        new IllegalArgumentException("hardware.mode = sim needs hardware.sim.dir"));
    return new SimEnclosure(dir, Clock.systemUTC(), ZoneId.systemDefault());
  }

  /** Where the rendered proc, sys and dev files are: use it as {@code hardware.root}. */
  public Path root() {
    return store.dir().resolve(ROOT);
  }

  /** The folder's model. */
  public EnclosureStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  ZoneId zone() {
    return zone;
  }

  /** The tools of {@code hardware}'s commands ({@code mdadm.command} and the rest). */
  public Tools tools(ApplianceConfig.Hardware hardware) {
    return new SimTools(this, hardware.mdadmCommand(), hardware.smartCommand(),
        hardware.ipmiCommand().orElse(List.of("ipmitool")));
  }

  /** Tools answering runs whose words start with these commands (or name the tools). */
  public Tools tools(List<String> mdadm, List<String> smartctl, List<String> ipmitool) {
    return new SimTools(this, mdadm, smartctl, ipmitool);
  }

  /** The enclosure now (as last written; not settled). */
  public Enclosure read() throws IOException {
    return store.read();
  }

  /**
   * Brings the enclosure up to now (a rebuild that is over ends, and is written so) and
   * renders the files under {@link #root()}.
   */
  public Enclosure refresh() throws IOException {
    return change(UnaryOperator.identity());
  }

  /**
   * Applies {@code change} (to the enclosure settled to now), writes it and the files. LED
   * values written into the rendered SES slots ({@code SlotNN/locate}, {@code fault}) since the
   * last rendering are taken into the model first, as the kernel's SES driver passes such a
   * write on to the enclosure.
   */
  public Enclosure change(UnaryOperator<Enclosure> change) throws IOException {
    return store.locked(() -> {
      java.time.Instant now = clock.instant();
      Enclosure before = store.read();
      Enclosure written = ledsWritten(before);
      Enclosure after = EnclosureChanges.settle(change.apply(
          EnclosureChanges.settle(written, now)), now);
      if (!after.equals(before)) {
        store.write(after);
      }
      TreeWriter.write(EnclosureRenderer.files(after, now), root());
      return after;
    });
  }

  /** {@code enclosure} with the LED values found in the rendered slot files. */
  private Enclosure ledsWritten(Enclosure enclosure) {
    Enclosure out = enclosure;
    for (Enclosure.Bay bay : enclosure.bays()) {
      java.nio.file.Path slot = root().resolve(SysfsRenderer.slotPath(bay.number()));
      boolean locate = lit(slot.resolve("locate"), bay.locate());
      boolean fault = lit(slot.resolve("fault"), bay.fault());
      if (locate != bay.locate() || fault != bay.fault()) {
        out = EnclosureChanges.setLeds(out, bay.number(), locate, fault);
      }
    }
    return out;
  }

  private static boolean lit(java.nio.file.Path file, boolean otherwise) {
    try {
      String value = java.nio.file.Files.readString(file).strip();
      return value.isEmpty() ? otherwise : !value.equals("0");
    } catch (IOException e) {
      return otherwise;
    }
  }

  /** Makes a new enclosure (replacing one there) and renders its files. */
  public Enclosure create(Enclosure enclosure) throws IOException {
    return store.locked(() -> {
      store.write(enclosure);
      TreeWriter.write(EnclosureRenderer.files(enclosure, clock.instant()), root());
      return enclosure;
    });
  }
}
