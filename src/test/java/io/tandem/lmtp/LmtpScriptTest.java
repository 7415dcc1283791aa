package io.tandem.lmtp;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every transcript in {@code src/test/resources/scripts/lmtp}. */
class LmtpScriptTest {

  static List<String> scripts() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(dir())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test"))
          .sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void transcript(String script) throws Exception {
    LmtpScriptRunner.run(dir().resolve(script));
  }

  private static Path dir() throws URISyntaxException {
    return Path.of(LmtpScriptTest.class.getResource("/scripts/lmtp").toURI());
  }
}
