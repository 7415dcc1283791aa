package io.tandem.hardware.md;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fuzz seeds are the recorded fixtures: each /proc/mdstat of test-hardware/md as {@code
 * <situation>}, each mdadm --detail as {@code <situation>-<mdX>}. Re-copy them when a fixture is
 * added (see MdstatParserFuzzTest).
 */
class MdSeedsTest {
  private static final Path SEEDS = Path.of("src/test/resources/io/tandem/hardware/md");

  @Test
  void everyRecordedMdstatIsASeed() {
    Path dir = SEEDS.resolve("MdstatParserFuzzTestInputs/parseNeverThrowsUnexpected");
    for (String situation : MdFixtures.situations()) {
      assertThat(MdFixtures.read(dir.resolve(situation))).as(situation)
          .isEqualTo(MdFixtures.mdstat(situation));
    }
  }

  @Test
  void everyRecordedDetailIsASeed() {
    Path dir = SEEDS.resolve("MdadmDetailParserFuzzTestInputs/parseNeverThrowsUnexpected");
    for (String detail : MdFixtures.details()) {
      assertThat(MdFixtures.read(dir.resolve(detail.replace('/', '-')))).as(detail)
          .isEqualTo(MdFixtures.detail(detail));
    }
  }
}
