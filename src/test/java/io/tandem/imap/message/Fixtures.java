package io.tandem.imap.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The test messages in src/test/resources/io/tandem/imap/message/. */
final class Fixtures {
  /** Every fixture; record.py records Dovecot's answers for each. */
  static final List<String> ALL = List.of("plain", "alternative", "mixed", "encoded-headers",
      "eightbit", "broken", "barelf", "noseparator", "digest");

  private Fixtures() {}

  static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] message(String name) {
    return bytes(name + ".eml");
  }

  static ParsedMessage parsed(String name) {
    return ParsedMessage.parse(message(name));
  }
}
