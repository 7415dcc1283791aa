package io.tandem.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipient mapping and the trace headers, the parts of delivery that are pure. */
class StoreMailDropTest {
  @TempDir Path dir;

  @Test
  void detailDomainQuotesAndCaseAreStrippedFromTheUser() {
    assertThat(StoreMailDrop.userOf("alice@example.test")).isEqualTo("alice");
    assertThat(StoreMailDrop.userOf("Alice+Lists@Example.Test")).isEqualTo("alice");
    assertThat(StoreMailDrop.userOf("\"bob\"@example.test")).isEqualTo("bob");
    assertThat(StoreMailDrop.userOf("carol")).isEqualTo("carol");
    assertThat(StoreMailDrop.userOf("a@b@c.test")).isEqualTo("a@b");
  }

  @Test
  void traceHeadersComeFirstWithLfEndings() {
    assertThat(new String(StoreMailDrop.prefix("s@x.test", "alice+tag@y.test"),
        StandardCharsets.UTF_8))
        .isEqualTo("Return-Path: <s@x.test>\nDelivered-To: alice+tag@y.test\n");
    assertThat(new String(StoreMailDrop.prefix("", "a@y.test"), StandardCharsets.UTF_8))
        .startsWith("Return-Path: <>\n");
  }

  @Test
  void incomingMessageSpillsToDiskBeyondItsMemoryLimitAndCountsLines() throws Exception {
    Path spill = dir.resolve("incoming-1");
    byte[] line = "0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (IncomingMessage message = new IncomingMessage(spill, 100)) {
      for (int i = 0; i < 20; i++) {
        message.body().write(line);
        expected.write(line);
      }
      assertThat(spill).exists();
      assertThat(message.length()).isEqualTo(20L * line.length);
      assertThat(message.lines()).isEqualTo(20);
      try (InputStream in = message.open()) {
        assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
      }
    }
    assertThat(Files.exists(spill)).isFalse();
  }
}
