package io.tandem.hardware;

import java.util.Objects;

/**
 * One power supply as the BMC reports it.
 *
 * @param id its number on the chassis label ({@code 1}, {@code 2}), as the operator sees it
 * @param sensor the BMC sensor it was read from ({@code PS1 Status})
 * @param state its state
 * @param detail the BMC's own words for what it asserts ("Presence detected, Power Supply AC
 *     lost")
 */
public record Psu(int id, String sensor, PsuState state, String detail) {
  public Psu {
    Objects.requireNonNull(sensor, "sensor");
    Objects.requireNonNull(state, "state");
    detail = Objects.requireNonNullElse(detail, "");
  }
}
