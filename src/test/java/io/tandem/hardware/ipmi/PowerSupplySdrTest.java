package io.tandem.hardware.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an operator is told about the power supplies for each recorded {@code sdr type "Power
 * Supply"} output (test-hardware/ipmi/recorded/psu, real ipmitool 1.8.19 against ipmi_sim).
 */
class PowerSupplySdrTest {

  private static PowerSupplyReport parse(String fixture) {
    return PowerSupplySdr.parse(Fixtures.read(fixture));
  }

  private static Psu psu(int id, String sensor, PsuState state, String detail) {
    return new Psu(id, sensor, state, detail);
  }

  @Test
  void bothPresentAndFullyRedundant() {
    PowerSupplyReport report = parse("both-ok.stdout");
    assertThat(report.psus()).containsExactly(
        psu(1, "PS1 Status", PsuState.OK, "Presence detected"),
        psu(2, "PS2 Status", PsuState.OK, "Presence detected"));
    assertThat(report.redundancy()).isEqualTo(Redundancy.FULLY_REDUNDANT);
    assertThat(report.redundancySensor()).isEqualTo("PS Redundancy");
    assertThat(report.healthy()).isEqualTo(2);
    assertThat(report.notes()).isEmpty();
  }

  @Test
  void failedSupplyAndLostRedundancy() {
    PowerSupplyReport report = parse("psu2-failed.stdout");
    assertThat(report.psus()).containsExactly(
        psu(1, "PS1 Status", PsuState.OK, "Presence detected"),
        psu(2, "PS2 Status", PsuState.FAILED, "Presence detected, Failure detected"));
    assertThat(report.redundancy()).isEqualTo(Redundancy.LOST);
    assertThat(report.redundancyDetail()).isEqualTo("Redundancy Lost");
    assertThat(report.healthy()).isEqualTo(1);
  }

  @Test
  void acLost() {
    assertThat(parse("psu2-ac-lost.stdout").psus().get(1))
        .isEqualTo(psu(2, "PS2 Status", PsuState.AC_LOST,
            "Presence detected, Power Supply AC lost"));
  }

  @Test
  void acOutOfRangeKeepsItsCommaAndCountsAsAcLost() {
    PowerSupplyReport report = parse("psu2-ac-out-of-range.stdout");
    assertThat(report.psus().get(1)).isEqualTo(psu(2, "PS2 Status", PsuState.AC_LOST,
        "Presence detected, AC out-of-range, but present"));
    assertThat(report.redundancy()).isEqualTo(Redundancy.DEGRADED);
    assertThat(report.notes()).isEmpty();
    assertThat(parse("psu2-ac-lost-or-out-of-range.stdout").psus().get(1).state())
        .isEqualTo(PsuState.AC_LOST);
  }

  @Test
  void predictiveFailureKeepsRedundancy() {
    PowerSupplyReport report = parse("psu2-predictive-failure.stdout");
    assertThat(report.psus().get(1).state()).isEqualTo(PsuState.PREDICTIVE_FAILURE);
    assertThat(report.redundancy()).isEqualTo(Redundancy.FULLY_REDUNDANT);
    assertThat(report.healthy()).isEqualTo(1);
  }

  @Test
  void pulledSupplyAssertsNothingAndIsAbsent() {
    PowerSupplyReport report = parse("psu2-absent.stdout");
    assertThat(report.psus().get(1)).isEqualTo(psu(2, "PS2 Status", PsuState.ABSENT, ""));
    assertThat(report.redundancy()).isEqualTo(Redundancy.LOST);
    PowerSupplyReport none = parse("both-absent.stdout");
    assertThat(none.psus()).extracting(Psu::state)
        .containsExactly(PsuState.ABSENT, PsuState.ABSENT);
    assertThat(none.redundancy()).isEqualTo(Redundancy.INSUFFICIENT);
  }

  @Test
  void redundancyLostWhileBothSuppliesLookFine() {
    PowerSupplyReport report = parse("redundancy-lost.stdout");
    assertThat(report.healthy()).isEqualTo(2);
    assertThat(report.redundancy()).isEqualTo(Redundancy.LOST);
  }

  @Test
  void configErrorIsFailedAndInactiveIsNotHealthy() {
    assertThat(parse("psu2-config-error.stdout").psus().get(1).state())
        .isEqualTo(PsuState.FAILED);
    PowerSupplyReport inactive = parse("psu2-inactive.stdout");
    assertThat(inactive.psus().get(1)).isEqualTo(psu(2, "PS2 Status", PsuState.UNKNOWN,
        "Presence detected, Power Supply Inactive"));
    assertThat(inactive.healthy()).isEqualTo(1);
    assertThat(inactive.redundancy()).isEqualTo(Redundancy.INSUFFICIENT);
  }

  @Test
  void theMostPressingStateWins() {
    assertThat(parse("psu2-failed-and-ac-lost.stdout").psus().get(1).state())
        .isEqualTo(PsuState.FAILED);
    assertThat(parse("psu1-predictive-psu2-ac-lost.stdout").psus()).extracting(Psu::state)
        .containsExactly(PsuState.PREDICTIVE_FAILURE, PsuState.AC_LOST);
  }

  @Test
  void dellNamesEverySupplyStatusSoTheEntityInstanceNumbersThem() {
    PowerSupplyReport report = parse("dell-psu2-ac-lost.stdout");
    assertThat(report.psus()).containsExactly(
        psu(1, "Status #62h", PsuState.OK, "Presence detected"),
        psu(2, "Status #63h", PsuState.AC_LOST, "Presence detected, Power Supply AC lost"));
    assertThat(report.redundancy()).isEqualTo(Redundancy.LOST);
    assertThat(parse("dell-both-ok.stdout").healthy()).isEqualTo(2);
  }

  @Test
  void hpeNamesThemPowerSupplyNAndHasNoRedundancySensor() {
    PowerSupplyReport report = parse("hpe-psu1-failed.stdout");
    assertThat(report.psus()).containsExactly(
        psu(1, "Power Supply 1", PsuState.FAILED, "Presence detected, Failure detected"),
        psu(2, "Power Supply 2", PsuState.OK, "Presence detected"));
    assertThat(report.redundancy()).isEqualTo(Redundancy.NOT_REPORTED);
    assertThat(parse("hpe-both-ok.stdout").healthy()).isEqualTo(2);
  }

  @Test
  void aBmcWithoutSdrsPrintsNoSensorLineAndEverythingIsANote() {
    PowerSupplyReport report = parse("no-psu-sensors.stdout");
    assertThat(report.psus()).isEmpty();
    assertThat(report.notes()).containsExactly(
        "line 1 is not a sensor line: 'SDRR successfully erased'",
        "line 2 is not a sensor line: 'Err in cmd get sensor sdr info'");
  }

  /** Lines quoted in the notes (section 2.7) from real BMCs; not recorded here. */
  @Test
  void linesFromTheNotes() {
    PowerSupplyReport report = parse("notes-variants.txt");
    assertThat(report.psus()).containsExactly(
        psu(1, "PS1 Status", PsuState.OK, "Presence detected"),
        psu(2, "PS2 Status", PsuState.UNKNOWN, "No Reading"),
        psu(3, "PS3 Status", PsuState.FAILED, "Presence detected, Config Error: Vendor Mismatch"),
        psu(4, "PS4 Status", PsuState.AC_LOST, "Presence detected, AC Lost"));
    // Two redundancy sensors: the worse one counts, and that there were two is said.
    assertThat(report.redundancy()).isEqualTo(Redundancy.INSUFFICIENT);
    assertThat(report.redundancySensor()).isEqualTo("PSU Redundancy");
    assertThat(report.notes()).containsExactly(
        "more than one redundancy sensor: 'PS Redundancy' and 'PSU Redundancy'; the worse"
            + " counts",
        "skipped event-only sensor 'PSU Alert' (34h)");
  }

  @Test
  void unknownWordsAreToleratedReportedAndNeverOk() {
    PowerSupplyReport report = PowerSupplySdr.parse(
        "PS1 Status       | C8h | ok  | 10.1 | Presence detected, Output Overvoltage\n"
            + "PS2 Status       | C9h | ok  | 10.2 | Presence detected, Failure detected, Hot\n"
            + "garbage\n"
            + "PS Redundancy    | 77h | ok  |  7.1 | Sparing Active\n");
    assertThat(report.psus()).extracting(Psu::state)
        .containsExactly(PsuState.UNKNOWN, PsuState.FAILED);
    assertThat(report.redundancy()).isEqualTo(Redundancy.UNKNOWN);
    assertThat(report.notes()).containsExactly(
        "unknown state 'Output Overvoltage' on 'PS1 Status' (C8h)",
        "unknown state 'Hot' on 'PS2 Status' (C9h)",
        "line 3 is not a sensor line: 'garbage'",
        "unknown redundancy state 'Sparing Active' on 'PS Redundancy'");
  }

  @Test
  void namesThatTellNothingAreNumberedInOrderAndSaidSo() {
    PowerSupplyReport report = PowerSupplySdr.parse(
        "Status           | 62h | ok  | 10.1 | Presence detected\n"
            + "Status           | 63h | ok  | 10.1 | Presence detected\n");
    assertThat(report.psus()).extracting(Psu::id, Psu::sensor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "Status #62h"),
            org.assertj.core.groups.Tuple.tuple(2, "Status #63h"));
    assertThat(report.notes()).containsExactly("the power supplies' names and entity instances"
        + " do not tell them apart; numbered in the order the BMC lists them");
  }

  @Test
  void everyRecordedListingGivesEachSupplyADistinctId() throws Exception {
    try (Stream<Path> files = Files.list(Fixtures.dir())) {
      List<Path> listings = files
          .filter(f -> f.getFileName().toString().endsWith(".stdout"))
          .filter(f -> !f.getFileName().toString().startsWith("sensor-"))
          .toList();
      assertThat(listings).hasSizeGreaterThan(15);
      for (Path listing : listings) {
        PowerSupplyReport report = PowerSupplySdr.parse(Files.readString(listing));
        assertThat(report.psus()).extracting(Psu::id).doesNotHaveDuplicates();
      }
    }
  }
}
