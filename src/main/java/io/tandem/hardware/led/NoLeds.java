package io.tandem.hardware.led;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing to light: neither an SES slot nor ledctl. Logs what it would have done, so the
 * technician must go by the front panel and the bay numbers. {@link #describe} says so.
 */
public final class NoLeds implements Leds {
  private static final Logger LOG = LoggerFactory.getLogger(NoLeds.class);
  private final String why;

  /** @param why why there are no LEDs ({@code no SES slot and no ledctl}) */
  public NoLeds(String why) {
    this.why = why;
  }

  @Override
  public void locate(Bay bay, boolean on) {
    LOG.info("Bay {}: locate LED would be {}, but there are no LEDs to drive ({})",
        bay.number(), on ? "on" : "off", why);
  }

  @Override
  public void fault(Bay bay, boolean on) {
    LOG.info("Bay {}: fault LED would be {}, but there are no LEDs to drive ({})",
        bay.number(), on ? "on" : "off", why);
  }

  @Override
  public String describe(Bay bay) {
    return "none: " + why;
  }
}
