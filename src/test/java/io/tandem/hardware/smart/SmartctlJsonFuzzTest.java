package io.tandem.hardware.smart;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tandem.hardware.HardwareException;
import java.nio.charset.StandardCharsets;

/**
 * Whatever smartctl (or a broken disk, bridge or simulator) prints, parsing ends in a report or
 * a {@link HardwareException}, and every report can be judged: any other exception or error
 * escaping is a finding. A plain build replays the seeds in {@code
 * SmartctlJsonFuzzTestInputs/parseNeverThrowsUnexpected/}, which are the fixtures of {@code
 * test-hardware/smart/} (see {@link SmartctlJsonSeedsTest}); {@code JAZZER_FUZZ=1} fuzzes from
 * them. Runs in its own surefire execution ({@code fuzz-regression}).
 */
class SmartctlJsonFuzzTest {

  @FuzzTest
  void parseNeverThrowsUnexpected(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    int exit = data.length == 0 ? 0 : data[data.length - 1] & 0xFF;
    for (int code : new int[] {0, exit}) {
      try {
        SmartReport report = SmartctlJson.parse(text, code);
        SmartVerdicts.judge(report, report);
        SmartVerdicts.asleep("STANDBY", SmartVerdicts.judge(report));
      } catch (HardwareException expected) {
        // the only way out besides a report
      }
    }
  }
}
