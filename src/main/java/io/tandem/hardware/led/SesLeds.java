package io.tandem.hardware.led;

import io.tandem.hardware.HardwareException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's SES enclosure slots: {@code <root>/sys/class/enclosure/<enclosure>/<slot>/locate}
 * and {@code .../fault}, written {@code 1} or {@code 0}. The slot of a bay is the one whose
 * {@code slot} file holds the bay's number (how {@link io.tandem.hardware.ConfiguredBays} places
 * disks), else the one whose {@code device/block/} holds the bay's disk. Works for an empty
 * slot, so a bay's LEDs can be cleared after its disk was pulled.
 */
public final class SesLeds implements Leds {
  private static final Logger LOG = LoggerFactory.getLogger(SesLeds.class);
  private final Path root;

  /** @param root {@code hardware.root} */
  public SesLeds(Path root) {
    this.root = root;
  }

  /** The slot folder of {@code bay}, if an enclosure shows one. */
  public Optional<Path> slot(Bay bay) {
    Path enclosures = root.resolve("sys/class/enclosure");
    if (!Files.isDirectory(enclosures)) {
      return Optional.empty();
    }
    Path byDevice = null;
    try (DirectoryStream<Path> each = Files.newDirectoryStream(enclosures)) {
      for (Path enclosure : each) {
        try (DirectoryStream<Path> slots = Files.newDirectoryStream(enclosure)) {
          for (Path slot : slots) {
            Path number = slot.resolve("slot");
            if (Files.isRegularFile(number) && Files.readString(number,
                StandardCharsets.US_ASCII).strip().equals(String.valueOf(bay.number()))) {
              return Optional.of(slot);
            }
            if (bay.device().isPresent()
                && Files.isDirectory(slot.resolve("device/block").resolve(bay.device().get()))) {
              byDevice = slot;
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("The enclosure slots under {} could not be read: {}", enclosures, e.toString());
      return Optional.empty();
    }
    return Optional.ofNullable(byDevice);
  }

  @Override
  public void locate(Bay bay, boolean on) throws HardwareException {
    write(bay, "locate", on);
  }

  @Override
  public void fault(Bay bay, boolean on) throws HardwareException {
    write(bay, "fault", on);
  }

  /** The LED's state as the slot reads back; empty when there is no such slot or file. */
  public Optional<Boolean> read(Bay bay, String led) {
    return slot(bay).map(s -> s.resolve(led)).filter(Files::isRegularFile).map(file -> {
      try {
        return !Files.readString(file, StandardCharsets.US_ASCII).strip().equals("0");
      } catch (IOException e) {
        return null;
      }
    });
  }

  private void write(Bay bay, String led, boolean on) throws HardwareException {
    Path slot = slot(bay).orElseThrow(() -> new HardwareException("bay " + bay.number()
        + " has no SES slot under " + root.resolve("sys/class/enclosure")));
    Path file = slot.resolve(led);
    try {
      Files.writeString(file, on ? "1" : "0", StandardCharsets.US_ASCII,
          StandardOpenOption.WRITE, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new HardwareException("bay " + bay.number() + ": " + led + " LED could not be set"
          + " through " + file + ": " + e.getMessage(), e);
    }
    LOG.info("Bay {}: {} LED {} (SES slot {})", bay.number(), led, on ? "on" : "off", file);
  }

  @Override
  public String describe(Bay bay) {
    return slot(bay).map(s -> "SES slot " + s).orElse("no SES slot");
  }
}
