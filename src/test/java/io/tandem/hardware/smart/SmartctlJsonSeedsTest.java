package io.tandem.hardware.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The fuzz seeds are the fixtures: every file of {@code test-hardware/smart/} is a seed of
 * {@link SmartctlJsonFuzzTest}, byte for byte, named {@code recorded-<file>} or {@code
 * published-<file>}. When a fixture is added, copy it there as well.
 */
class SmartctlJsonSeedsTest {
  static final String DIR =
      "/io/tandem/hardware/smart/SmartctlJsonFuzzTestInputs/parseNeverThrowsUnexpected/";

  @Test
  void everyFixtureIsASeed() throws IOException {
    for (String fixture : Fixtures.all()) {
      String seed = DIR + fixture.replace('/', '-');
      try (InputStream in = SmartctlJsonSeedsTest.class.getResourceAsStream(seed)) {
        assertThat(in).as("seed %s", seed).isNotNull();
        assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .as("seed %s", seed).isEqualTo(Fixtures.read(fixture));
      }
    }
  }
}
