package io.tandem.hardware.md;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tandem.hardware.HardwareException;
import java.nio.charset.StandardCharsets;

/**
 * Whatever mdadm --detail prints, parsing ends in a result (with warnings) or a {@link
 * HardwareException}: any other exception or error is a finding. A plain build replays the
 * seeds in {@code MdadmDetailParserFuzzTestInputs/parseNeverThrowsUnexpected/} (every recorded
 * output in test-hardware/md, kept equal by {@link MdSeedsTest}); {@code JAZZER_FUZZ=1} fuzzes
 * from them.
 */
class MdadmDetailParserFuzzTest {
  @FuzzTest
  void parseNeverThrowsUnexpected(byte[] data) {
    try {
      MdadmDetail detail = MdadmDetailParser.parse(new String(data, StandardCharsets.UTF_8));
      detail.devices().forEach(MdadmDetail.Device::state);
    } catch (HardwareException expected) {
      // the only way out besides a result
    }
  }
}
