package io.tandem.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeaderReader}: reading a file piece by piece cuts the header exactly where {@link
 * LineEndings#header} cuts the whole file.
 */
class HeaderReaderTest {
  @TempDir Path dir;

  private byte[] readBoth(String text, int chunk) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    Path file = dir.resolve("message");
    Files.write(file, bytes);
    byte[] read = HeaderReader.read(file, chunk);
    assertThat(read).as("chunk %d", chunk).isEqualTo(LineEndings.header(bytes));
    return read;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void stopsAtTheEmptyLineWithoutTheBody() throws Exception {
    String header = "From: a@example.com\nSubject: hi\n\n";
    assertThat(text(readBoth(header + "body\n".repeat(10_000), HeaderReader.CHUNK)))
        .isEqualTo(header);
  }

  @Test
  void aHeaderEndingExactlyAtAChunkBoundary() throws Exception {
    String header = "Subject: x\n\n";  // 12 bytes
    for (int chunk : new int[] {11, 12, 13, 6, 4}) {
      assertThat(text(readBoth(header + "body\n\nmore\n", chunk))).isEqualTo(header);
    }
  }

  @Test
  void theEmptyLineSplitBetweenTwoChunks() throws Exception {
    // The first LF of "\n\n" ends one chunk, the second begins the next.
    String header = "Subject: xy\n\n";
    assertThat(text(readBoth(header + "body\n", 12))).isEqualTo(header);
  }

  @Test
  void noEmptyLineReadsTheWholeFile() throws Exception {
    String all = "Subject: no body\nX-Long: " + "y".repeat(20_000) + "\nlast line";
    assertThat(text(readBoth(all, 1024))).isEqualTo(all);
    assertThat(text(readBoth("", 1024))).isEmpty();
  }

  @Test
  void anEmptyLineFirstIsAnEmptyHeader() throws Exception {
    assertThat(text(readBoth("\nbody\n", 4))).isEqualTo("\n");
  }

  @Test
  void aLineWithACrOfItsOwnDoesNotEndTheHeader() throws Exception {
    // A stored "\r\n" was sent as "\r\r\n": not an empty line (LineEndings.header).
    String header = "Subject: a\n\r\nX-After: b\n\n";
    assertThat(text(readBoth(header + "body\n", 5))).isEqualTo(header);
  }

  @Test
  void aHeaderLongerThanManyChunks() throws Exception {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      header.append("Received: from relay").append(i).append(".example.com\n");
    }
    header.append('\n');
    String body = "x".repeat(100_000) + "\n";
    assertThat(text(readBoth(header + body, HeaderReader.CHUNK))).isEqualTo(header.toString());
    assertThat(text(readBoth(header + body, 7))).isEqualTo(header.toString());
  }
}
