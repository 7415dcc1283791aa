package io.tandem.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replication.PeerProtocolException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fuzz seeds are recorded frames: one valid frame per {@link PeerExamples} entry and a few
 * broken ones. This test fails when the encoding drifts from the committed seeds; regenerate
 * them from the project folder with {@code mvn -Dtest='PeerCodecSeedsTest#writeSeeds'
 * -Dreplication.writeSeeds=true test} and commit the result.
 */
class PeerCodecSeedsTest {
  static final String DIR =
      "io/tandem/replication/PeerCodecFuzzTestInputs/decodeNeverThrowsUnexpected/";

  private final PeerCodec codec = new PeerCodec();

  /** Broken frames worth starting mutations from, and how each must be refused. */
  Map<String, Broken> broken() {
    byte[] hello = codec.encode(PeerExamples.all().get("hello"));
    byte[] ack = codec.encode(PeerExamples.all().get("ack"));
    ack[ack.length - 1] ^= 1;
    Map<String, Broken> broken = new LinkedHashMap<>();
    broken.put("broken-truncated-hello", new Broken(Arrays.copyOf(hello, hello.length / 2),
        Kind.TRUNCATED));
    broken.put("broken-bad-crc-ack", new Broken(ack, Kind.BAD_CHECKSUM));
    broken.put("broken-huge-length", new Broken(ByteBuffer.allocate(PeerCodec.HEADER_SIZE)
        .putShort((short) PeerCodec.MAGIC).put((byte) 3).putInt(Integer.MAX_VALUE).array(),
        Kind.TOO_LARGE));
    broken.put("broken-unknown-type", new Broken(PeerCodec.seal(99, new byte[] {1, 2, 3}),
        Kind.UNKNOWN_TYPE));
    return broken;
  }

  record Broken(byte[] frame, Kind kind) {}

  @Test
  void everyExampleHasItsRecordedFrameAsASeed() throws Exception {
    for (Map.Entry<String, PeerMessage> example : PeerExamples.all().entrySet()) {
      byte[] seed = seed(example.getKey());
      assertThat(seed).as("seed %s (regenerate, see the class comment)", example.getKey())
          .isEqualTo(codec.encode(example.getValue()));
      assertThat(codec.decode(seed)).isEqualTo(example.getValue());
    }
  }

  @Test
  void everyBrokenSeedIsRefusedForItsReason() throws Exception {
    for (Map.Entry<String, Broken> entry : broken().entrySet()) {
      byte[] seed = seed(entry.getKey());
      assertThat(seed).isEqualTo(entry.getValue().frame());
      assertThatThrownBy(() -> codec.decode(seed))
          .isInstanceOf(PeerProtocolException.class)
          .extracting(e -> ((PeerProtocolException) e).kind())
          .isEqualTo(entry.getValue().kind());
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "replication.writeSeeds", matches = "true")
  void writeSeeds() throws IOException {
    Path dir = Files.createDirectories(Path.of("src/test/resources").resolve(DIR));
    for (Map.Entry<String, PeerMessage> example : PeerExamples.all().entrySet()) {
      Files.write(dir.resolve(example.getKey()), codec.encode(example.getValue()));
    }
    for (Map.Entry<String, Broken> entry : broken().entrySet()) {
      Files.write(dir.resolve(entry.getKey()), entry.getValue().frame());
    }
  }

  private static byte[] seed(String name) throws IOException {
    try (InputStream in = PeerCodecSeedsTest.class.getResourceAsStream("/" + DIR + name)) {
      if (in == null) {
        throw new IOException("seed missing: " + DIR + name + " (regenerate, see the class"
            + " comment)");
      }
      return in.readAllBytes();
    }
  }
}
