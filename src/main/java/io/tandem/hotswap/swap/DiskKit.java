package io.tandem.hotswap.swap;

import io.tandem.hardware.Sources;
import io.tandem.hardware.disk.DiskPreparation;
import io.tandem.hardware.disk.MdMembership;
import io.tandem.hardware.led.Leds;
import java.nio.file.Path;

/**
 * What a disk swap acts with: md membership, the new disk's preparation, its SMART, the bays'
 * LEDs, and {@code hardware.root} (the machine's, or the simulated enclosure's).
 */
public record DiskKit(MdMembership md, DiskPreparation preparation, Sources.Smart smart,
    Leds leds, Path root) {}
