package io.tandem.imap.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever bytes arrive, decoding ends in a command or an {@link ImapSyntaxException}: any other
 * exception or error escaping is a finding. Both limit sets are tried. A plain build replays the
 * seeds in {@code ImapCommandDecoderFuzzTestInputs/decodeNeverThrowsUnexpected/} (client
 * commands from the decoder tests); {@code JAZZER_FUZZ=1} fuzzes from them.
 */
class ImapCommandDecoderFuzzTest {
  private final ImapCommandDecoder decoder = new ImapCommandDecoder();

  @FuzzTest
  void decodeNeverThrowsUnexpected(byte[] data) {
    decode(data, ImapLimits.notAuthenticated());
    decode(data, ImapLimits.authenticated());
  }

  private void decode(byte[] data, ImapLimits limits) {
    try {
      ImapCommand command = decoder.decode(data, limits);
      if (command == null || command.tag().isEmpty()) {
        throw new IllegalStateException("decoded without a tag: " + command);
      }
      command.toString();
    } catch (ImapSyntaxException expected) {
      if (expected.reason() == null || expected.reason().isEmpty()) {
        throw new IllegalStateException("BAD without a reason", expected);
      }
    }
  }
}
