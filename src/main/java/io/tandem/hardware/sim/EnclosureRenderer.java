package io.tandem.hardware.sim;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The enclosure at a given time as the real machine would show it: the files under the
 * stand-in root ({@link #files}) and what the tools print ({@link #mdadmDetail}, {@link
 * #smartctl}, {@link #ipmiPowerSupplies}). Pure: the same enclosure and time give the same
 * bytes; the time settles the arrays first (a recovery that is over has ended).
 */
public final class EnclosureRenderer {
  private EnclosureRenderer() {}

  /** {@code proc/mdstat}, the sysfs files and the {@code dev} nodes and links. */
  public static RenderedTree files(Enclosure enclosure, Instant now) {
    Enclosure settled = EnclosureChanges.settle(enclosure, now);
    RenderedTree tree = new RenderedTree();
    tree.file("proc/mdstat", MdstatRenderer.render(settled, now));
    SysfsRenderer.render(settled, now, tree);
    return tree;
  }

  /** {@code /proc/mdstat}. */
  public static String mdstat(Enclosure enclosure, Instant now) {
    return MdstatRenderer.render(EnclosureChanges.settle(enclosure, now), now);
  }

  /** {@code mdadm --detail /dev/<array>}; empty when there is no such array. */
  public static Optional<String> mdadmDetail(Enclosure enclosure, String array, Instant now,
      ZoneId zone) {
    Enclosure settled = EnclosureChanges.settle(enclosure, now);
    return settled.array(array).map(a -> MdadmDetailRenderer.render(settled, a, now, zone));
  }

  /** {@code smartctl ARGS} (the words after the program; the device last). */
  public static SmartctlRenderer.Output smartctl(Enclosure enclosure, List<String> args,
      Instant now, ZoneId zone) {
    return SmartctlRenderer.render(enclosure, args, now, zone);
  }

  /** {@code ipmitool sdr type "Power Supply"}. */
  public static String ipmiPowerSupplies(Enclosure enclosure) {
    return IpmitoolRenderer.sdrPowerSupplies(enclosure);
  }
}
