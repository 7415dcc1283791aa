package io.tandem.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.journal.CorruptRecordException;
import io.tandem.replication.PeerMessage.Entries;
import io.tandem.replication.PeerMessage.Hello;
import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.PeerProtocolException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerCodecTest {
  private final PeerCodec codec = new PeerCodec();

  static Stream<String> examples() {
    return PeerExamples.all().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleSurvivesTheRoundTrip(String name) throws Exception {
    PeerMessage message = PeerExamples.all().get(name);
    assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
  }

  @Test
  void theExamplesCoverEveryType() {
    Set<Integer> types = PeerExamples.all().values().stream()
        .map(m -> codec.encode(m)[2] & 0xFF).collect(Collectors.toSet());
    Set<Integer> known = IntStream.range(0, 256).filter(MessageTypes::isKnown).boxed()
        .collect(Collectors.toSet());
    assertThat(types).isEqualTo(known);
  }

  @RepeatedTest(100)
  void randomMessagesOfEveryTypeSurviveTheRoundTrip(RepetitionInfo repetition) throws Exception {
    RandomMessages random = new RandomMessages(repetition.getCurrentRepetition());
    for (int kind = 0; kind < RandomMessages.KINDS; kind++) {
      PeerMessage message = random.message(kind);
      byte[] frame = codec.encode(message);
      assertThat(codec.decode(frame)).as("kind %d: %s", kind, message).isEqualTo(message);
      assertThat(codec.encode(codec.decode(frame))).isEqualTo(frame);
    }
  }

  @Test
  void aStreamOfFramesIsReadInOrderAndEndsCleanly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (PeerMessage message : PeerExamples.all().values()) {
      codec.write(out, message);
    }
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    for (PeerMessage message : PeerExamples.all().values()) {
      assertThat(codec.read(in)).contains(message);
    }
    assertThat(codec.read(in)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyCutOffFrameIsTruncated(String name) {
    byte[] frame = codec.encode(PeerExamples.all().get(name));
    for (int length = 0; length < frame.length; length++) {
      byte[] cut = Arrays.copyOf(frame, length);
      assertKind(() -> codec.decode(cut), Kind.TRUNCATED);
      if (length > 0) {
        assertKind(() -> codec.read(new ByteArrayInputStream(cut)), Kind.TRUNCATED);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void aFlippedBitAfterTheLengthIsABadChecksum(String name) {
    byte[] frame = codec.encode(PeerExamples.all().get(name));
    for (int at = 2; at < frame.length; at++) {
      if (at >= 3 && at < PeerCodec.HEADER_SIZE) {
        continue; // the length field: covered by the length tests
      }
      byte[] bad = frame.clone();
      bad[at] ^= 0x10;
      assertKind(() -> codec.decode(bad), Kind.BAD_CHECKSUM);
    }
  }

  @Test
  void aFrameThatIsNotOursHasABadMagic() {
    byte[] frame = codec.encode(new PeerMessage.Ack(1));
    frame[0] = 'G'; // what an HTTP or SMTP client would send first
    assertKind(() -> codec.decode(frame), Kind.BAD_MAGIC);
  }

  @ParameterizedTest
  @ValueSource(ints = {PeerLimits.MAX_PAYLOAD + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
  void aLengthOverTheLimitIsRefusedBeforeAnyPayloadIsRead(int length) {
    byte[] header = ByteBuffer.allocate(PeerCodec.HEADER_SIZE).putShort((short) PeerCodec.MAGIC)
        .put((byte) MessageTypes.ENTRIES).putInt(length).array();
    assertKind(() -> codec.read(new ByteArrayInputStream(header)), Kind.TOO_LARGE);
  }

  @Test
  void aLengthAtTheLimitWithoutTheBytesIsTruncatedNotAnAllocation() {
    byte[] header = ByteBuffer.allocate(PeerCodec.HEADER_SIZE).putShort((short) PeerCodec.MAGIC)
        .put((byte) MessageTypes.ENTRIES).putInt(PeerLimits.MAX_PAYLOAD).array();
    assertKind(() -> codec.decode(header), Kind.TRUNCATED);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 33, 100, 255})
  void anIntactFrameOfAnUnknownTypeIsRefused(int type) {
    assertKind(() -> codec.decode(PeerCodec.seal(type, new byte[8])), Kind.UNKNOWN_TYPE);
  }

  @Test
  void bytesAfterTheFrameOrAfterThePayloadAreMalformed() {
    byte[] frame = codec.encode(new PeerMessage.Ack(7));
    assertKind(() -> codec.decode(Arrays.copyOf(frame, frame.length + 1)), Kind.MALFORMED);
    byte[] longPayload = PeerCodec.seal(MessageTypes.ACK, new byte[9]);
    assertKind(() -> codec.decode(longPayload), Kind.MALFORMED);
    byte[] shortPayload = PeerCodec.seal(MessageTypes.ACK, new byte[7]);
    assertKind(() -> codec.decode(shortPayload), Kind.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(ints = {MessageTypes.ENTRIES, MessageTypes.SNAPSHOT_SUBSCRIPTIONS})
  void aCountOverItsLimitIsTooLarge(int type) {
    byte[] user = type == MessageTypes.ENTRIES ? new byte[0] : new byte[] {0, 1, 'a'};
    for (int count : new int[] {65_537, -1}) {
      byte[] payload = ByteBuffer.allocate(user.length + 4).put(user).putInt(count).array();
      assertKind(() -> codec.decode(PeerCodec.seal(type, payload)), Kind.TOO_LARGE);
    }
  }

  @Test
  void aCountTheRemainingBytesCannotHoldIsMalformed() {
    byte[] payload = ByteBuffer.allocate(4).putInt(60_000).array();
    assertKind(() -> codec.decode(PeerCodec.seal(MessageTypes.ENTRIES, payload)), Kind.MALFORMED);
  }

  @Test
  void aDamagedJournalEntryInsideAnIntactFrameIsMalformed() {
    byte[] payload = ByteBuffer.allocate(4 + 4 + 30).putInt(1).putInt(30).array();
    assertThatThrownBy(() -> codec.decode(PeerCodec.seal(MessageTypes.ENTRIES, payload)))
        .isInstanceOf(PeerProtocolException.class)
        .hasCauseInstanceOf(CorruptRecordException.class)
        .extracting(e -> ((PeerProtocolException) e).kind()).isEqualTo(Kind.MALFORMED);
  }

  @Test
  void entriesOutOfOrderAreMalformed() {
    Entries entries = (Entries) PeerExamples.all().get("entries");
    byte[] good = codec.encode(entries);
    byte[] swapped = codec.encode(new Entries(List.of(entries.entries().get(0))));
    // Decode a frame whose two entries are in the wrong order, sealed with a correct CRC.
    byte[] first = Arrays.copyOfRange(swapped, PeerCodec.HEADER_SIZE + 4,
        swapped.length - PeerCodec.TRAILER_SIZE);
    byte[] both = Arrays.copyOfRange(good, PeerCodec.HEADER_SIZE + 4,
        good.length - PeerCodec.TRAILER_SIZE);
    byte[] second = Arrays.copyOfRange(both, first.length, both.length);
    byte[] payload = ByteBuffer.allocate(4 + both.length).putInt(2).put(second).put(first)
        .array();
    assertKind(() -> codec.decode(PeerCodec.seal(MessageTypes.ENTRIES, payload)), Kind.MALFORMED);
  }

  @Test
  void aCapabilityAnnouncedTwiceIsMalformed() {
    Hello hello = new Hello(1, "a", "replica", 1, 0, 0, 1, 0, Set.of("x"));
    byte[] frame = codec.encode(hello);
    byte[] payload = Arrays.copyOfRange(frame, PeerCodec.HEADER_SIZE,
        frame.length - PeerCodec.TRAILER_SIZE);
    ByteBuffer twice = ByteBuffer.allocate(payload.length + 3).put(payload, 0, payload.length - 7)
        .putInt(2).put(new byte[] {0, 1, 'x', 0, 1, 'x'});
    assertKind(() -> codec.decode(PeerCodec.seal(MessageTypes.HELLO, twice.array())),
        Kind.MALFORMED);
  }

  @Test
  void theEncoderRefusesWhatTheDecoderWouldRefuse() {
    byte[] big = new byte[PeerLimits.MAX_BODY_CHUNK + 1];
    assertThatThrownBy(() -> codec.encode(new MessageBody(PeerExamples.HASH, big.length, 0, big)))
        .isInstanceOf(IllegalArgumentException.class);
    Set<String> many = IntStream.range(0, 65).mapToObj(i -> "c" + i).collect(Collectors.toSet());
    assertThatThrownBy(() -> codec.encode(new Hello(1, "a", "replica", 1, 0, 0, 1, 0, many)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.encode(new PeerMessage.Refuse("x".repeat(70_000))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBodyKnowsWhetherItsBytesMatchItsHash() {
    MessageBody body = MessageBody.whole(PeerExamples.BODY);
    assertThat(body.sha256()).isEqualTo(PeerExamples.HASH_OF_BODY);
    assertThat(body.matchesHash()).isTrue();
    byte[] damaged = PeerExamples.BODY.clone();
    damaged[3] ^= 1;
    assertThat(new MessageBody(body.sha256(), body.size(), 0, damaged).matchesHash()).isFalse();
    assertThatThrownBy(() -> new MessageBody(body.sha256(), 2, 0, damaged))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessageBody("ABC", 2, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private interface Decoding {
    Object run() throws Exception;
  }

  private static void assertKind(Decoding decoding, Kind kind) {
    assertThatThrownBy(decoding::run)
        .isInstanceOf(PeerProtocolException.class)
        .extracting(e -> ((PeerProtocolException) e).kind())
        .isEqualTo(kind);
  }
}
