package io.tandem.replication;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whatever bytes arrive, decoding ends in a message or a {@link PeerProtocolException}: any
 * other exception or error escaping is a finding. A plain build replays the seeds in {@code
 * PeerCodecFuzzTestInputs/decodeNeverThrowsUnexpected/} (recorded frames, see {@link
 * PeerCodecSeedsTest}); {@code JAZZER_FUZZ=1} fuzzes from them. Runs in its own surefire
 * execution ({@code fuzz-regression}) because Jazzer's agent instruments its whole JVM.
 */
class PeerCodecFuzzTest {
  private final PeerCodec codec = new PeerCodec();

  @FuzzTest
  void decodeNeverThrowsUnexpected(byte[] data) throws IOException {
    decodeAndRoundTrip(data);
    readAll(data);
    // Random bytes almost never carry a valid CRC; resealing lets mutations reach the payload
    // decoders, which are where the grammar is.
    if (data.length >= PeerCodec.HEADER_SIZE + PeerCodec.TRAILER_SIZE) {
      byte[] payload = Arrays.copyOfRange(data, PeerCodec.HEADER_SIZE,
          data.length - PeerCodec.TRAILER_SIZE);
      decodeAndRoundTrip(PeerCodec.seal(data[2] & 0xFF, payload));
    }
  }

  private void decodeAndRoundTrip(byte[] frame) {
    PeerMessage message;
    try {
      message = codec.decode(frame);
    } catch (PeerProtocolException expected) {
      return;
    }
    // What decodes must encode again (no limit the encoder enforces and the decoder forgot)
    // and decode to an equal message.
    try {
      PeerMessage again = codec.decode(codec.encode(message));
      if (!again.equals(message)) {
        throw new IllegalStateException("round trip changed " + message + " into " + again);
      }
    } catch (PeerProtocolException e) {
      throw new IllegalStateException("re-encoded " + message + " does not decode", e);
    }
  }

  private void readAll(byte[] data) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    try {
      Optional<PeerMessage> message;
      do {
        message = codec.read(in);
      } while (message.isPresent());
    } catch (PeerProtocolException expected) {
      // the only way out besides a clean end
    }
  }
}
