package io.tandem.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataReaderTest {

  @Test
  void unstuffsDotsAndNormalisesLineEndings() throws IOException {
    Read read = read("a\r\n..b\r\nc\n..\r\n.\r\nNOOP\r\n", 1000);
    assertThat(read.body()).isEqualTo("a\n.b\nc\n.\n");
    assertThat(read.result().size()).isEqualTo(9);
    assertThat(read.result().tooBig()).isFalse();
  }

  @Test
  void leavesTheNextCommandUnread() throws IOException {
    BoundedLineReader in = reader(".\r\nQUIT\r\n");
    new DataReader(in, 1000).read(new ByteArrayOutputStream());
    assertThat(in.readLine().text()).isEqualTo("QUIT");
  }

  @Test
  void keepsABareCrThatEndsAFullSegment() throws IOException {
    String a512 = "a".repeat(512);
    Read read = read(a512 + "\rb\r\n" + a512 + "\r\n.\r\n", 100_000);
    assertThat(read.body()).isEqualTo(a512 + "\rb\n" + a512 + "\n");
  }

  @Test
  void unstuffsOnlyAtTheStartOfALongLine() throws IOException {
    String line = ".." + "x".repeat(2000) + ".";
    Read read = read(line + "\r\n.\r\n", 100_000);
    assertThat(read.body()).isEqualTo(line.substring(1) + "\n");
  }

  @Test
  void leavesADotAtTheStartOfALaterSegmentAlone() throws IOException {
    String line = "x".repeat(513) + ".abc";
    Read read = read(line + "\r\n.\r\n", 100_000);
    assertThat(read.body()).isEqualTo(line + "\n");
  }

  @Test
  void countsButStopsWritingOverTheLimit() throws IOException {
    Read read = read("12345\r\n67890\r\nabc\r\n.\r\n", 8);
    assertThat(read.result().tooBig()).isTrue();
    assertThat(read.result().size()).isEqualTo(16);
    assertThat(read.body().length()).isLessThanOrEqualTo(8);
  }

  @Test
  void keepsReadingAfterTheSpoolFails() throws IOException {
    BoundedLineReader in = reader("x".repeat(20_000) + "\r\n.\r\nQUIT\r\n");
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk on fire");
      }
    };
    DataReader.Result result = new DataReader(in, 100_000).read(broken);
    assertThat(result.spoolFailure()).hasMessage("disk on fire");
    assertThat(in.readLine().text()).isEqualTo("QUIT");
  }

  @Test
  void treatsARuntimeExceptionFromTheSpoolAsASpoolFailure() throws IOException {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) {
        throw new UncheckedIOException(new IOException("quota"));
      }
    };
    DataReader.Result result = new DataReader(reader("x\r\n.\r\n"), 100).read(broken);
    assertThat(result.spoolFailure()).hasRootCauseMessage("quota");
  }

  @Test
  void endOfStreamBeforeTheDotIsAnError() {
    assertThatThrownBy(() -> read("half a message\r\n", 1000)).isInstanceOf(EOFException.class);
  }

  private record Read(DataReader.Result result, String body) {}

  private static Read read(String wire, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataReader.Result result = new DataReader(reader(wire), max).read(out);
    return new Read(result, out.toString(StandardCharsets.ISO_8859_1));
  }

  private static BoundedLineReader reader(String wire) {
    return new BoundedLineReader(
        new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), 512);
  }
}
