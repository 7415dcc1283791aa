package io.tandem.journal;

import static io.tandem.journal.TestEntries.HEADER;
import static io.tandem.journal.TestEntries.RECORD_HEADER;
import static io.tandem.journal.TestEntries.deliver;
import static io.tandem.journal.TestEntries.deliveries;
import static io.tandem.journal.TestEntries.recordOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalTest {
  private static final long SMALL_SEGMENT = 1024;
  private static final long LARGE_SEGMENT = 64L * 1024 * 1024;
  private static final Duration NEVER_SLOW = Duration.ofHours(1);

  @TempDir Path dir;

  private static Journal open(Path dir, long segmentSize)
      throws IOException, JournalCorruptException {
    return Journal.open(dir, segmentSize, NEVER_SLOW);
  }

  private static List<JournalEntry> readAll(Journal journal, long afterSeq) throws IOException {
    List<JournalEntry> entries = new ArrayList<>();
    journal.read(afterSeq, entries::add);
    return entries;
  }

  /** Writes entries 1..count into a closed journal in {@link #dir}, in batches of 1, 2, 3... */
  private void writeJournal(long count, long segmentSize) throws Exception {
    try (Journal journal = open(dir, segmentSize)) {
      long next = 1;
      for (int batch = 1; next <= count; batch++) {
        long last = Math.min(count, next + batch - 1);
        journal.append(deliveries(next, last));
        next = last + 1;
      }
    }
  }

  private Path onlySegment() throws IOException {
    return dir.resolve("00000000000000000001.journal");
  }

  private Path newestSegment() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".journal")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
  }

  @Test
  void newJournalIsEmpty() throws Exception {
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.lastSeq()).isZero();
      assertThat(journal.firstSeq()).isEqualTo(1);
      assertThat(journal.segments()).containsExactly(onlySegment());
      assertThat(readAll(journal, 0)).isEmpty();
    }
  }

  @Test
  void appendedEntriesAreReadBackAcrossSeveralSegments() throws Exception {
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      long next = 1;
      for (int batch = 1; next <= 40; batch = batch % 4 + 1) {
        long last = Math.min(40, next + batch - 1);
        journal.append(deliveries(next, last));
        assertThat(journal.lastSeq()).isEqualTo(last);
        next = last + 1;
      }

      assertThat(journal.segments()).hasSizeGreaterThan(3);
      assertThat(journal.firstSeq()).isEqualTo(1);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 40));
    }
  }

  @Test
  void eachSegmentIsNamedAfterItsFirstEntry() throws Exception {
    writeJournal(40, SMALL_SEGMENT);

    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      for (Path segment : journal.segments()) {
        long first = Long.parseLong(segment.getFileName().toString().substring(0, 20));
        List<JournalEntry> inSegment = new ArrayList<>();
        new SegmentScan().scan(segment, inSegment::add);
        assertThat(inSegment).isNotEmpty();
        assertThat(inSegment.get(0).seq()).as("first entry of %s", segment).isEqualTo(first);
      }
    }
  }

  @Test
  void appendRefusesAGap() throws Exception {
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      journal.append(deliveries(1, 2));

      assertThatThrownBy(() -> journal.append(List.of(deliver(4))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("4 does not follow 2");
      assertThatThrownBy(() -> journal.append(List.of(deliver(3), deliver(5))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> journal.append(List.of(deliver(2))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(journal.lastSeq()).isEqualTo(2);
    }
    try (Journal reopened = open(dir, SMALL_SEGMENT)) {
      assertThat(reopened.lastSeq()).isEqualTo(2);
      assertThat(readAll(reopened, 0)).isEqualTo(deliveries(1, 2));
    }
  }

  @Test
  void firstAppendMustStartAtOne() throws Exception {
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThatThrownBy(() -> journal.append(List.of(deliver(2))))
          .isInstanceOf(IllegalArgumentException.class);
      journal.append(List.of());
      assertThat(journal.lastSeq()).isZero();
    }
  }

  @Test
  void reopenAfterCloseKeepsEverything() throws Exception {
    writeJournal(25, SMALL_SEGMENT);

    List<Path> segments;
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(25);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 25));
      journal.append(List.of(deliver(26)));
      segments = journal.segments();
    }
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(26);
      assertThat(journal.segments()).isEqualTo(segments);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 26));
    }
  }

  @Test
  void firstSeqIsTheStartOfTheOldestRemainingSegment() throws Exception {
    writeJournal(25, SMALL_SEGMENT);
    List<Path> segments;
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      segments = journal.segments();
    }
    Files.delete(segments.get(0));
    long secondStart = Long.parseLong(segments.get(1).getFileName().toString().substring(0, 20));

    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.firstSeq()).isEqualTo(secondStart);
      assertThat(journal.lastSeq()).isEqualTo(25);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(secondStart, 25));
    }
  }

  @Test
  void readAfterSeqReturnsExactlyTheEntriesAfterIt() throws Exception {
    writeJournal(30, SMALL_SEGMENT);

    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.segments()).hasSizeGreaterThan(3);
      for (long after = 0; after <= 32; after++) {
        List<JournalEntry> expected =
            after >= 30 ? List.of() : deliveries(after + 1, 30);
        assertThat(readAll(journal, after)).as("read after %d", after).isEqualTo(expected);
      }
    }
  }

  @Test
  void readStopsAtTheLastDurableEntryOfTheCall() throws Exception {
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      journal.append(deliveries(1, 3));
      List<JournalEntry> seen = new ArrayList<>();

      journal.read(0, entry -> seen.add(entry));
      journal.append(deliveries(4, 5));

      assertThat(seen).isEqualTo(deliveries(1, 3));
      assertThat(readAll(journal, 3)).isEqualTo(deliveries(4, 5));
    }
  }

  /** Bytes of the last record that survive the cut; the rest of it is gone. */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 8, 9, 50, -1})
  void cutOffLastRecordIsRemovedOnOpen(int keep) throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    Path segment = onlySegment();
    long lastRecord = recordOffsets(segment).get(4);
    long size = Files.size(segment);
    long keptBytes = keep < 0 ? size - lastRecord - 1 : keep;
    TestEntries.cutBytes(segment, Math.toIntExact(size - lastRecord - keptBytes));

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(4);
      assertThat(Files.size(segment)).isEqualTo(lastRecord);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 4));

      journal.append(List.of(deliver(5)));
    }
    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(5);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 5));
    }
  }

  @Test
  void cutOffOnlyRecordOfNewestSegmentFallsBackToThePreviousSegment() throws Exception {
    writeJournal(30, SMALL_SEGMENT);
    Path newest = newestSegment();
    long newestStart = Long.parseLong(newest.getFileName().toString().substring(0, 20));
    // Leave the newest segment with its first record cut in half.
    long firstRecord = recordOffsets(newest).get(0);
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, Math.toIntExact(firstRecord + 20)));

    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(newestStart - 1);
      assertThat(Files.size(newest)).isEqualTo(HEADER);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, newestStart - 1));
      journal.append(deliveries(newestStart, 30));
    }
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 30));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 100, 4096, 70_000})
  void randomGarbageAfterLastRecordIsTreatedAsTornTail(int length) throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    Path segment = onlySegment();
    long end = Files.size(segment);
    byte[] garbage = new byte[length];
    new SplittableRandom(length).nextBytes(garbage);
    TestEntries.appendBytes(segment, garbage);

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(5);
      assertThat(Files.size(segment)).isEqualTo(end);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 5));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 4096})
  void zerosAfterLastRecordAreTreatedAsTornTail(int length) throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    Path segment = onlySegment();
    long end = Files.size(segment);
    TestEntries.appendBytes(segment, new byte[length]);

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(5);
      assertThat(Files.size(segment)).isEqualTo(end);
    }
  }

  /** Where in the last record a byte flips: 4..7 is the checksum, 8.. the payload. */
  @ParameterizedTest
  @ValueSource(ints = {4, 7, 8, 30, 100, -1})
  void flippedByteInLastRecordIsTreatedAsTornTail(int at) throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    Path segment = onlySegment();
    long lastRecord = recordOffsets(segment).get(4);
    TestEntries.flipByte(segment, at < 0 ? Files.size(segment) - 1 : lastRecord + at);

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(4);
      assertThat(Files.size(segment)).isEqualTo(lastRecord);
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 4));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void flippedByteInMiddleRecordMakesOpenFailNamingFileAndOffset(int record) throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    Path segment = onlySegment();
    long offset = recordOffsets(segment).get(record);
    TestEntries.flipByte(segment, offset + RECORD_HEADER + 40);
    byte[] before = Files.readAllBytes(segment);

    assertThatThrownBy(() -> open(dir, LARGE_SEGMENT))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining(segment.toString())
        .hasMessageContaining("offset " + offset)
        .hasMessageContaining("bad checksum");
    assertThat(Files.readAllBytes(segment)).as("a corrupt journal is left as found")
        .isEqualTo(before);
  }

  @Test
  void damagedLengthOfMiddleRecordMakesOpenFail() throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    Path segment = onlySegment();
    long offset = recordOffsets(segment).get(2);
    TestEntries.flipByte(segment, offset + 2);

    assertThatThrownBy(() -> open(dir, LARGE_SEGMENT))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("offset " + offset);
  }

  @Test
  void badRecordFollowedByAMediumSizedValidRecordIsCorrupt() throws Exception {
    assertBadRecordBeforeBigRecordIsCorrupt(5_000);
  }

  @Test
  void badRecordFollowedOnlyByALargeValidRecordIsCorruptNotTorn() throws Exception {
    // A SetFlags on a big mailbox easily exceeds the probe's 1 MiB window; the intact record
    // after the damaged one must still be found, or open truncates acknowledged entries.
    assertBadRecordBeforeBigRecordIsCorrupt(40_000);
  }

  private void assertBadRecordBeforeBigRecordIsCorrupt(int changes) throws Exception {
    List<Operation.FlagChange> flagChanges = LongStream.range(0, changes)
        .mapToObj(uid -> new Operation.FlagChange(uid,
            "1700000000.M" + uid + "P4242Q" + uid + ".tandem-a,S=1000,W=1020",
            List.of("\\Seen")))
        .toList();
    JournalEntry big = new JournalEntry(4, 3, 1_700_000_000_004L,
        new Operation.SetFlags("alice", "INBOX", 99, flagChanges));
    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      journal.append(deliveries(1, 3));
      journal.append(List.of(big));
    }
    Path segment = onlySegment();
    long third = recordOffsets(segment).get(2);
    TestEntries.flipByte(segment, third + RECORD_HEADER + 40);
    long size = Files.size(segment);

    assertThatThrownBy(() -> open(dir, LARGE_SEGMENT))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("offset " + third);
    assertThat(Files.size(segment)).isEqualTo(size);
  }

  @Test
  void emptyNewestSegmentLeftByACrashedRollIsRecovered() throws Exception {
    // startSegment creates the file before it writes the header: a crash in between leaves an
    // empty newest segment. Nothing in it was ever acknowledged.
    writeJournal(5, LARGE_SEGMENT);
    Files.createFile(dir.resolve("00000000000000000006.journal"));

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(5);
      journal.append(List.of(deliver(6)));
    }
    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 6));
    }
  }

  @Test
  void partialHeaderOfNewestSegmentLeftByACrashedRollIsRecovered() throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    byte[] header = new byte[7];
    SegmentFormat.header(6).get(header);
    Files.write(dir.resolve("00000000000000000006.journal"), header);

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(5);
      journal.append(List.of(deliver(6)));
    }
    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(readAll(journal, 0)).isEqualTo(deliveries(1, 6));
    }
  }

  @Test
  void newestSegmentWithForeignHeaderMakesOpenFail() throws Exception {
    writeJournal(5, LARGE_SEGMENT);
    TestEntries.flipByte(onlySegment(), 0);

    assertThatThrownBy(() -> open(dir, LARGE_SEGMENT))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining(onlySegment().toString())
        .hasMessageContaining("bad header");
  }

  @Test
  void readDoesNotSilentlySkipEntriesOfADamagedOlderSegment() throws Exception {
    writeJournal(30, SMALL_SEGMENT);
    Path oldest = onlySegment();
    long third = recordOffsets(oldest).get(2);
    TestEntries.flipByte(oldest, third + RECORD_HEADER + 40);

    // Open only checks the newest segment, so it succeeds; read must then not hand out a
    // sequence with a hole in it as if it were complete.
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      List<Long> seqs = new ArrayList<>();
      assertThatThrownBy(() -> journal.read(0, entry -> seqs.add(entry.seq())))
          .as("read of entries 1..30 where entry 3 is damaged")
          .isInstanceOf(IOException.class);
      assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
    }
  }

  @Test
  void slowFsyncsAreCounted() throws Exception {
    try (Journal journal = Journal.open(dir, SMALL_SEGMENT, Duration.ZERO)) {
      journal.append(deliveries(1, 2));
      journal.append(deliveries(3, 3));
      assertThat(journal.slowFsyncs()).isEqualTo(2);
    }
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      journal.append(deliveries(4, 4));
      assertThat(journal.slowFsyncs()).isZero();
    }
  }

  @Test
  void manyEntriesInOneBatchAreDurableTogether() throws Exception {
    List<JournalEntry> batch = IntStream.rangeClosed(1, 500).mapToObj(i -> deliver(i)).toList();
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      journal.append(batch);
      journal.append(List.of(deliver(501)));
    }
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(501);
      // A batch never splits across segments: the second segment starts after it.
      assertThat(journal.segments()).extracting(p -> p.getFileName().toString())
          .containsExactly("00000000000000000001.journal", "00000000000000000501.journal");
      assertThat(readAll(journal, 0)).hasSize(501);
    }
  }

  @Test
  void pruningDeletesOnlyOldWholeSegmentsEveryConsumerHasAndNeverTheNewest() throws Exception {
    writeJournal(60, SMALL_SEGMENT);
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      List<Path> segments = journal.segments();
      assertThat(segments).hasSizeGreaterThan(3);
      long secondStart = SegmentFormat.seqOfName(segments.get(1));
      long thirdStart = SegmentFormat.seqOfName(segments.get(2));
      java.time.Instant later = java.time.Instant.now().plusSeconds(60);

      // Consumers have not passed the end of the first segment: nothing goes.
      assertThat(journal.pruneThrough(secondStart - 2, later)).isEmpty();
      // Written too recently for the safety window: nothing goes.
      assertThat(journal.pruneThrough(60, java.time.Instant.EPOCH)).isEmpty();

      assertThat(journal.pruneThrough(thirdStart - 1, later)).containsExactly(segments.get(0),
          segments.get(1));
      assertThat(journal.firstSeq()).isEqualTo(thirdStart);
      assertThat(readAll(journal, thirdStart - 1)).hasSize((int) (60 - thirdStart + 1));

      journal.pruneThrough(Long.MAX_VALUE, later);
      assertThat(journal.segments()).hasSize(1);
      assertThat(journal.lastSeq()).isEqualTo(60);
      journal.append(deliveries(61, 61));
    }
    try (Journal reopened = open(dir, SMALL_SEGMENT)) {
      assertThat(reopened.lastSeq()).isEqualTo(61);
      assertThat(readAll(reopened, reopened.firstSeq() - 1).get(0).seq())
          .isEqualTo(reopened.firstSeq());
    }
  }

  @Test
  void thePrunerKeepsEverythingWhileAConsumerIsUnknown() throws Exception {
    writeJournal(60, SMALL_SEGMENT);
    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      int before = journal.segments().size();
      java.time.Clock future = java.time.Clock.offset(java.time.Clock.systemUTC(),
          Duration.ofDays(30));
      new JournalPruner(journal, () -> -1, Duration.ofDays(7), future).run();
      assertThat(journal.segments()).hasSize(before);

      new JournalPruner(journal, () -> 60, Duration.ofDays(7), future).run();
      assertThat(journal.segments()).hasSize(1);
    }
  }
}
