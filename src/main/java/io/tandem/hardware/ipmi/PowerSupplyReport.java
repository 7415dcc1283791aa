package io.tandem.hardware.ipmi;

import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import java.util.List;
import java.util.Objects;

/**
 * The power supplies as one {@code sdr type "Power Supply"} listing shows them.
 *
 * @param psus each supply's state, by id
 * @param redundancy what the redundancy sensor says (the worst, if there are several)
 * @param redundancySensor the redundancy sensor's name ({@code ""} when there is none)
 * @param redundancyDetail its words as the BMC printed them
 * @param notes what the parser did not understand or had to guess (unknown words, lines it
 *     skipped, ids it could not take from the names), in plain words; empty when none
 */
public record PowerSupplyReport(List<Psu> psus, Redundancy redundancy, String redundancySensor,
    String redundancyDetail, List<String> notes) {
  public PowerSupplyReport {
    psus = List.copyOf(psus);
    Objects.requireNonNull(redundancy, "redundancy");
    redundancySensor = Objects.requireNonNullElse(redundancySensor, "");
    redundancyDetail = Objects.requireNonNullElse(redundancyDetail, "");
    notes = List.copyOf(notes);
  }

  /** How many supplies are present and report no fault at all. */
  public int healthy() {
    return (int) psus.stream().filter(psu -> psu.state() == PsuState.OK).count();
  }
}
