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
    frameAndDecode(data, ImapLimits.notAuthenticated());
  }

  /**
   * Feeds {@code data} to the framer as a client would send it (lines ending in CRLF, literals
   * after their headers); every command it completes must decode or be BAD.
   */
  private void frameAndDecode(byte[] data, ImapLimits limits) {
    ImapCommandFramer framer = new ImapCommandFramer();
    int pos = 0;
    boolean open = false;
    while (pos < data.length || open) {
      int end = indexOfCrlf(data, pos);
      byte[] line = java.util.Arrays.copyOfRange(data, pos, end);
      pos = Math.min(data.length, end + 2);
      try {
        ImapCommandFramer.Step step = framer.line(line, limits);
        if (step instanceof ImapCommandFramer.NeedLiteral) {
          int size = ((ImapCommandFramer.NeedLiteral) step).size();
          if (size > data.length - pos) {
            return;
          }
          framer.literal(java.util.Arrays.copyOfRange(data, pos, pos + size));
          pos += size;
          open = true;
        } else {
          open = false;
          decode(((ImapCommandFramer.Complete) step).command(), limits);
        }
      } catch (ImapSyntaxException expected) {
        // refused; the framer starts afresh
        open = false;
      }
    }
  }

  private static int indexOfCrlf(byte[] data, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n') {
        return i;
      }
    }
    return data.length;
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
