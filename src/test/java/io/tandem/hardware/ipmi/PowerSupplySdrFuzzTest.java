package io.tandem.hardware.ipmi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whatever a BMC (or a broken ipmitool) prints, the parser ends in a report: any exception or
 * error escaping is a finding, and so is a report that breaks its promises (duplicate ids, a
 * supply called ok without "Presence detected", more healthy supplies than supplies). A plain
 * build replays the seeds in {@code PowerSupplySdrFuzzTestInputs/parseNeverThrows/} (recorded
 * listings and broken variants); {@code JAZZER_FUZZ=1} fuzzes from them. Runs in the {@code
 * fuzz-regression} surefire execution (Jazzer's agent instruments its whole JVM).
 */
class PowerSupplySdrFuzzTest {

  @FuzzTest
  void parseNeverThrows(byte[] data) {
    PowerSupplyReport report = PowerSupplySdr.parse(new String(data, StandardCharsets.UTF_8));
    Set<Integer> ids = new HashSet<>();
    for (Psu psu : report.psus()) {
      if (!ids.add(psu.id())) {
        throw new IllegalStateException("duplicate id " + psu.id() + " in " + report);
      }
      if (psu.state() == PsuState.OK
          && !psu.detail().toLowerCase(Locale.ROOT).contains("presence detected")) {
        throw new IllegalStateException("ok without presence: " + psu);
      }
    }
    if (report.healthy() > report.psus().size()) {
      throw new IllegalStateException("more healthy than supplies: " + report);
    }
  }
}
