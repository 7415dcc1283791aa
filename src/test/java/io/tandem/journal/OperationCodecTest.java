package io.tandem.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.journal.Operation.AddUser;
import io.tandem.journal.Operation.ChangePassword;
import io.tandem.journal.Operation.CopiedMessage;
import io.tandem.journal.Operation.Copy;
import io.tandem.journal.Operation.CreateMailbox;
import io.tandem.journal.Operation.DeleteMailbox;
import io.tandem.journal.Operation.DeleteUser;
import io.tandem.journal.Operation.Deliver;
import io.tandem.journal.Operation.Expunge;
import io.tandem.journal.Operation.FlagChange;
import io.tandem.journal.Operation.MessageRef;
import io.tandem.journal.Operation.Move;
import io.tandem.journal.Operation.RenameMailbox;
import io.tandem.journal.Operation.SetFlags;
import io.tandem.journal.Operation.Subscribe;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OperationCodecTest {
  private static final String HASH =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private final OperationCodec codec = new OperationCodec();

  /** One hand-written example of every operation type. */
  static Stream<Operation> examples() {
    return Stream.of(
        new Deliver("alice", "INBOX", 7, 12, List.of("$Label1", "\\Seen"), 1_700_000_000_000L,
            4096, HASH, "1700000000.M1P2Q3.tandem-a,S=4096,W=4200"),
        new SetFlags("alice", "Archive.2024", 13,
            List.of(new FlagChange(7, "base7", List.of("\\Flagged")),
                new FlagChange(8, "base8", List.of()))),
        new Expunge("alice", "INBOX", 14,
            List.of(new MessageRef(7, "base7"), new MessageRef(9, "base9"))),
        new Copy("alice", "INBOX", "Archive", 3,
            List.of(new CopiedMessage(7, "base7", 1, "copy1", List.of("\\Seen")))),
        new Move("alice", "INBOX", 15, "Trash", 4,
            List.of(new CopiedMessage(8, "base8", 2, "moved2", List.of()))),
        new CreateMailbox("alice", "Sent", 1_700_000_001L, "\\Sent"),
        new CreateMailbox("alice", "Stuff", 1_700_000_002L, null),
        new RenameMailbox("alice", "Old", "New"),
        new DeleteMailbox("alice", "New"),
        new Subscribe("alice", "Sent", true),
        new Subscribe("alice", "Sent", false),
        new AddUser("bob", "pbkdf2-sha256$1000$c2FsdA$aGFzaA", 1_700_000_003L),
        new DeleteUser("bob"),
        new ChangePassword("alice", "pbkdf2-sha256$1000$c2FsdDI$aGFzaDI"));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyOperationTypeRoundTrips(Operation op) throws Exception {
    JournalEntry entry = new JournalEntry(42, 7, 1_700_000_000_123L, op);

    JournalEntry decoded = codec.decode(codec.encode(entry));

    assertThat(decoded).isEqualTo(entry);
    assertThat(decoded.op().kind()).isEqualTo(op.kind());
  }

  @Test
  void examplesAndGeneratorCoverEveryOperationType() {
    Set<Class<?>> permitted = Set.of(Operation.class.getPermittedSubclasses());
    Set<Class<?>> fromExamples = new HashSet<>();
    examples().forEach(op -> fromExamples.add(op.getClass()));
    Set<Class<?>> fromGenerator = new HashSet<>();
    new RandomOps(1).allTypes().forEach(op -> fromGenerator.add(op.getClass()));

    assertThat(permitted).hasSize(12);
    assertThat(fromExamples).isEqualTo(permitted);
    assertThat(fromGenerator).isEqualTo(permitted);
  }

  @Test
  void extremeHeaderValuesRoundTrip() throws Exception {
    for (long value : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
      JournalEntry entry = new JournalEntry(value, value, value, new DeleteUser("u"));
      assertThat(codec.decode(codec.encode(entry))).isEqualTo(entry);
    }
  }

  @Test
  void equalEntriesEncodeToEqualBytes() {
    List<Operation> first = examples().toList();
    List<Operation> second = examples().toList();
    for (int i = 0; i < first.size(); i++) {
      assertThat(codec.encode(new JournalEntry(1, 1, 1, first.get(i))))
          .isEqualTo(codec.encode(new JournalEntry(1, 1, 1, second.get(i))));
    }
  }

  @Test
  void emptySpecialUseIsEncodedAsNone() throws Exception {
    JournalEntry entry = new JournalEntry(1, 1, 1, new CreateMailbox("alice", "Box", 5, ""));

    CreateMailbox decoded = (CreateMailbox) codec.decode(codec.encode(entry)).op();

    assertThat(decoded.specialUse()).isNull();
  }

  static LongStream seeds() {
    return LongStream.range(0, 250);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomOperationsRoundTrip(long seed) throws Exception {
    RandomOps random = new RandomOps(seed);
    List<Operation> ops = new ArrayList<>(random.allTypes());
    for (int i = 0; i < 8; i++) {
      ops.add(random.any());
    }
    for (Operation op : ops) {
      JournalEntry entry = random.entry(op);
      byte[] bytes = codec.encode(entry);

      assertThat(codec.decode(bytes)).as("seed %d, %s", seed, op.kind()).isEqualTo(entry);
    }
  }

  @Test
  void largeListsRoundTrip() throws Exception {
    List<String> maxFlags = IntStream.range(0, 65_535).mapToObj(i -> "$k" + i).toList();
    List<FlagChange> changes = LongStream.range(0, 100_000)
        .mapToObj(uid -> new FlagChange(uid, "1700000000.M" + uid + "P1Q1.host", List.of("\\Seen")))
        .toList();
    List<MessageRef> refs =
        LongStream.range(0, 50_000).mapToObj(uid -> new MessageRef(uid, "b" + uid)).toList();
    List<Operation> ops = List.of(
        new Deliver("u", "INBOX", 1, 1, maxFlags, 0, 0, HASH, "f"),
        new SetFlags("u", "INBOX", 9, changes),
        new Expunge("u", "INBOX", 10, refs));

    for (Operation op : ops) {
      JournalEntry entry = new JournalEntry(1, 1, 1, op);
      assertThat(codec.decode(codec.encode(entry))).isEqualTo(entry);
    }
  }

  @Test
  void flagListLongerThanItsU16CountIsRefusedOnEncode() {
    // The grammar counts flags in a u16; 65,536 flags used to be written with count 0 followed by
    // all the strings, a record that can never decode (and would corrupt the journal).
    List<String> tooMany = IntStream.range(0, 65_536).mapToObj(i -> "$k" + i).toList();
    JournalEntry entry =
        new JournalEntry(1, 1, 1, new Deliver("u", "INBOX", 1, 1, tooMany, 0, 0, HASH, "f"));

    assertThatThrownBy(() -> codec.encode(entry)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stringLongerThanItsU16LengthIsRefusedOnEncode() {
    JournalEntry entry = new JournalEntry(1, 1, 1, new DeleteMailbox("u", "x".repeat(65_536)));

    assertThatThrownBy(() -> codec.encode(entry))
        .isInstanceOfAny(IllegalArgumentException.class, UncheckedIOException.class);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyTruncatedPayloadIsCorrupt(Operation op) {
    byte[] bytes = codec.encode(new JournalEntry(5, 1, 1, op));

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> codec.decode(cut))
          .as("payload cut to %d of %d bytes", length, bytes.length)
          .isInstanceOf(CorruptRecordException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void trailingBytesAreCorrupt(Operation op) {
    byte[] bytes = codec.encode(new JournalEntry(5, 1, 1, op));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

    assertThatThrownBy(() -> codec.decode(longer))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("3 trailing bytes");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 13, 99, 255})
  void unknownTypeByteIsCorrupt(int type) {
    byte[] bytes = codec.encode(new JournalEntry(5, 1, 1, new DeleteUser("bob")));
    bytes[24] = (byte) type;

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("unknown operation type " + type);
  }

  /** Operations whose encoding ends with a u32 list count (their list is empty). */
  static Stream<Operation> opsEndingInListCount() {
    return Stream.of(
        new SetFlags("u", "INBOX", 1, List.of()),
        new Expunge("u", "INBOX", 1, List.of()),
        new Copy("u", "INBOX", "B", 1, List.of()),
        new Move("u", "INBOX", 1, "B", 1, List.of()));
  }

  @ParameterizedTest
  @MethodSource("opsEndingInListCount")
  void implausibleListLengthIsCorrupt(Operation op) {
    for (int count : new int[] {-1, Integer.MIN_VALUE, 10_000_001, Integer.MAX_VALUE}) {
      byte[] bytes = codec.encode(new JournalEntry(1, 1, 1, op));
      ByteBuffer.wrap(bytes).putInt(bytes.length - 4, count);

      assertThatThrownBy(() -> codec.decode(bytes))
          .as("count %d", count)
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining("implausible list length " + count);
    }
  }

  @ParameterizedTest
  @MethodSource("opsEndingInListCount")
  void plausibleListLengthWithoutItsElementsIsCorrupt(Operation op) {
    byte[] bytes = codec.encode(new JournalEntry(1, 1, 1, op));
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, 9_999_999);

    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("ends early");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void damagedPayloadOnlyEverThrowsCorruptRecord(long seed) {
    RandomOps random = new RandomOps(seed, false);
    SplittableRandom damage = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (Operation op : random.allTypes()) {
      byte[] bytes = codec.encode(random.entry(op));
      for (int round = 0; round < 20; round++) {
        byte[] damaged = damage(bytes, damage);
        try {
          codec.decode(damaged);
        } catch (CorruptRecordException expected) {
          // The only acceptable failure; anything else escapes and fails the test.
        }
      }
    }
  }

  private static byte[] damage(byte[] bytes, SplittableRandom random) {
    byte[] out = bytes.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
          out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
      default -> {
        // Overwrite four bytes with an extreme value, as a damaged length field would look.
        int at = 24 + random.nextInt(Math.max(1, out.length - 28));
        int value = random.nextBoolean() ? -1 : random.nextInt();
        ByteBuffer.wrap(out).putInt(Math.min(at, out.length - 4), value);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01",
      "zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "0x23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
  void hashMustBe64HexCharacters(String hash) {
    JournalEntry entry =
        new JournalEntry(1, 1, 1, new Deliver("u", "INBOX", 1, 1, List.of(), 0, 0, hash, "f"));

    assertThatThrownBy(() -> codec.encode(entry)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodedHashIsLowerCaseHex() throws Exception {
    String upper = HASH.toUpperCase(java.util.Locale.ROOT);
    JournalEntry entry =
        new JournalEntry(1, 1, 1, new Deliver("u", "INBOX", 1, 1, List.of(), 0, 0, upper, "f"));

    Deliver decoded = (Deliver) codec.decode(codec.encode(entry)).op();

    assertThat(decoded.sha256()).isEqualTo(HASH).matches("[0-9a-f]{64}");
  }

  /** Seeded generator of operations with awkward names and list sizes. */
  static final class RandomOps {
    private final SplittableRandom random;
    private final boolean largeLists;

    RandomOps(long seed) {
      this(seed, true);
    }

    /** {@code largeLists}: whether some lists have thousands of elements (slow to fuzz). */
    RandomOps(long seed, boolean largeLists) {
      this.random = new SplittableRandom(seed);
      this.largeLists = largeLists;
    }

    JournalEntry entry(Operation op) {
      return new JournalEntry(random.nextLong(), random.nextLong(), random.nextLong(), op);
    }

    /** One operation of every type, in type-number order. */
    List<Operation> allTypes() {
      List<Function<RandomOps, Operation>> makers = makers();
      List<Operation> ops = new ArrayList<>();
      for (Function<RandomOps, Operation> maker : makers) {
        ops.add(maker.apply(this));
      }
      return ops;
    }

    Operation any() {
      List<Function<RandomOps, Operation>> makers = makers();
      return makers.get(random.nextInt(makers.size())).apply(this);
    }

    private static List<Function<RandomOps, Operation>> makers() {
      return List.of(
          r -> new Deliver(r.name(), r.name(), r.nextLong(), r.nextLong(), r.flags(),
              r.nextLong(), r.nextLong(), r.hash(), r.name()),
          r -> new SetFlags(r.name(), r.name(), r.nextLong(),
              r.list(() -> new FlagChange(r.nextLong(), r.name(), r.smallFlags()), true)),
          r -> new Expunge(r.name(), r.name(), r.nextLong(),
              r.list(() -> new MessageRef(r.nextLong(), r.name()), true)),
          r -> new Copy(r.name(), r.name(), r.name(), r.nextLong(), r.list(r::copied, true)),
          r -> new Move(r.name(), r.name(), r.nextLong(), r.name(), r.nextLong(),
              r.list(r::copied, true)),
          r -> new CreateMailbox(r.name(), r.name(), r.nextLong(),
              r.random.nextBoolean() ? null : "\\" + r.nonEmptyName()),
          r -> new RenameMailbox(r.name(), r.name(), r.name()),
          r -> new DeleteMailbox(r.name(), r.name()),
          r -> new Subscribe(r.name(), r.name(), r.random.nextBoolean()),
          r -> new AddUser(r.name(), r.name(), r.nextLong()),
          r -> new DeleteUser(r.name()),
          r -> new ChangePassword(r.name(), r.name()));
    }

    private long nextLong() {
      return switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
        default -> random.nextLong();
      };
    }

    private CopiedMessage copied() {
      return new CopiedMessage(nextLong(), name(), nextLong(), name(), smallFlags());
    }

    private String hash() {
      StringBuilder hex = new StringBuilder(64);
      for (int i = 0; i < 64; i++) {
        hex.append("0123456789abcdef".charAt(random.nextInt(16)));
      }
      return hex.toString();
    }

    private List<String> flags() {
      return list(this::name, true);
    }

    /** Flags of an element of a list that may itself be large. */
    private List<String> smallFlags() {
      return list(this::name, false);
    }

    /** Empty, short, or (rarely, when {@code mayBeLarge}) a few thousand elements. */
    private <T> List<T> list(java.util.function.Supplier<T> element, boolean mayBeLarge) {
      int size = switch (random.nextInt(10)) {
        case 0, 1, 2 -> 0;
        case 3 -> mayBeLarge && largeLists ? random.nextInt(2000, 4000) : 6;
        default -> 1 + random.nextInt(5);
      };
      if (size == 0) {
        return random.nextBoolean() ? List.of() : Collections.emptyList();
      }
      List<T> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(element.get());
      }
      return random.nextBoolean() ? List.copyOf(list) : list;
    }

    private String nonEmptyName() {
      String name = name();
      return name.isEmpty() ? "x" : name;
    }

    /** Up to 24 code points from ASCII, Latin-1, CJK, emoji, NUL and other controls. */
    private String name() {
      int length = random.nextInt(25);
      StringBuilder name = new StringBuilder();
      for (int i = 0; i < length; i++) {
        int codePoint = switch (random.nextInt(6)) {
          case 0 -> random.nextInt(0x20, 0x7f);
          case 1 -> random.nextInt(0xa0, 0x100);
          case 2 -> random.nextInt(0x4e00, 0x9fff);
          case 3 -> random.nextInt(0x1f300, 0x1f64f);
          case 4 -> random.nextInt(0, 0x20);
          default -> random.nextInt(0x100, 0xd7ff);
        };
        name.appendCodePoint(codePoint);
      }
      return name.toString();
    }
  }
}
