package io.tandem.hardware.md;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tandem.hardware.HardwareException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Whatever text /proc/mdstat holds, parsing ends in a result (with warnings) or a {@link
 * HardwareException}, and what parses also fuses into arrays: any other exception or error is a
 * finding. A plain build replays the seeds in {@code
 * MdstatParserFuzzTestInputs/parseNeverThrowsUnexpected/} (the recorded mdstat of every
 * situation in test-hardware/md, kept equal by {@link MdSeedsTest}); {@code JAZZER_FUZZ=1}
 * fuzzes from them.
 */
class MdstatParserFuzzTest {
  @FuzzTest
  void parseNeverThrowsUnexpected(byte[] data) {
    Mdstat mdstat;
    try {
      mdstat = MdstatParser.parse(new String(data, StandardCharsets.UTF_8));
    } catch (HardwareException expected) {
      return;
    }
    MdFusion.fuse(mdstat, List.of(), Map.of());
  }
}
