package io.tandem.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  @Test
  void readsCrlfAndBareLfLines() throws IOException {
    BoundedLineReader reader = reader("one\r\ntwo\nthree\r\n", 600);
    assertThat(reader.readLine().text()).isEqualTo("one");
    assertThat(reader.readLine().text()).isEqualTo("two");
    assertThat(reader.readLine().text()).isEqualTo("three");
    assertThat(reader.readLine()).isNull();
  }

  @Test
  void dropsAnUnterminatedLastLine() throws IOException {
    BoundedLineReader reader = reader("half", 600);
    assertThat(reader.readLine()).isNull();
  }

  @Test
  void limitCountsContentWithoutTheLineEnding() throws IOException {
    String fits = "x".repeat(512);
    BoundedLineReader reader = reader(fits + "\r\n" + fits + "\n" + fits + "y\n" + fits
        + "y\r\nnext\r\n", 512);
    assertThat(reader.readLine().text()).isEqualTo(fits);
    assertThat(reader.readLine().text()).isEqualTo(fits);
    assertThat(reader.readLine().tooLong()).isTrue();
    assertThat(reader.readLine().tooLong()).isTrue();
    assertThat(reader.readLine().text()).isEqualTo("next");
  }

  @Test
  void skipsAVeryLongLineWithBoundedMemory() throws IOException {
    BoundedLineReader reader = reader("z".repeat(100_000) + "\r\nNOOP\r\n", 512);
    assertThat(reader.readLine()).isEqualTo(new BoundedLineReader.Line("", true));
    assertThat(reader.readLine().text()).isEqualTo("NOOP");
    assertThat(reader.segment().length).isLessThan(1024);
  }

  @Test
  void keepsEightBitBytesOneCharEach() throws IOException {
    byte[] bytes = {(byte) 0xC3, (byte) 0xA9, (byte) 0xFF, '\r', '\n'};
    BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(bytes), 600);
    String text = reader.readLine().text();
    assertThat(text.getBytes(StandardCharsets.ISO_8859_1)).containsExactly(0xC3, 0xA9, 0xFF);
  }

  @Test
  void segmentsSplitLongLinesAndMarkTheirEnd() throws IOException {
    BoundedLineReader reader = reader("a".repeat(1200) + "\n", 512);
    int total = 0;
    while (reader.readSegment()) {
      total += reader.segmentLength();
      if (reader.segmentEndsLine()) {
        break;
      }
      assertThat(reader.segmentLength()).isEqualTo(513);
    }
    assertThat(total).isEqualTo(1200);
  }

  @Test
  void worksWhenTheClientSendsOneByteAtATime() throws IOException {
    BoundedLineReader reader = new BoundedLineReader(
        trickle("MAIL FROM:<a@example.org>\r\nQUIT\r\n"), 600);
    assertThat(reader.readLine().text()).isEqualTo("MAIL FROM:<a@example.org>");
    assertThat(reader.hasBufferedInput()).isFalse();
    assertThat(reader.readLine().text()).isEqualTo("QUIT");
  }

  @Test
  void reportsBufferedInputForPipelinedCommands() throws IOException {
    BoundedLineReader reader = reader("RSET\r\nNOOP\r\n", 600);
    reader.readLine();
    assertThat(reader.hasBufferedInput()).isTrue();
    reader.readLine();
    assertThat(reader.hasBufferedInput()).isFalse();
  }

  private static BoundedLineReader reader(String text, int max) {
    return new BoundedLineReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), max);
  }

  /** A stream that hands out one byte per read, like a slow network. */
  private static InputStream trickle(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return new InputStream() {
      private int pos;

      @Override
      public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= bytes.length) {
          return -1;
        }
        b[off] = bytes[pos++];
        return 1;
      }
    };
  }
}
