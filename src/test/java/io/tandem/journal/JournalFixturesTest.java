package io.tandem.journal;

import static io.tandem.journal.TestEntries.RECORD_HEADER;
import static io.tandem.journal.TestEntries.copyFixture;
import static io.tandem.journal.TestEntries.deliveries;
import static io.tandem.journal.TestEntries.recordOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the committed journal fixtures under {@code src/test/resources/journal/}: segment files as
 * an older build wrote them, damaged in the ways a crash (torn tail) or a bad disk (corruption)
 * damages them. Each folder has a README.txt saying how it was made; {@link #writeFixtures}
 * regenerates them (run with {@code -Dtandem.journal.fixtures=src/test/resources/journal}).
 */
class JournalFixturesTest {
  static final String FIRST = "00000000000000000001.journal";
  static final String SECOND = "00000000000000000008.journal";
  private static final long SMALL_SEGMENT = 1024;
  private static final long LARGE_SEGMENT = 64L * 1024 * 1024;

  @TempDir Path tmp;

  private static Journal open(Path dir, long segmentSize)
      throws IOException, JournalCorruptException {
    return Journal.open(dir, segmentSize, Duration.ofHours(1));
  }

  private static List<JournalEntry> readAll(Journal journal) throws IOException {
    List<JournalEntry> entries = new ArrayList<>();
    journal.read(0, entries::add);
    return entries;
  }

  @Test
  void cleanTwoSegmentFixtureReadsBackEveryEntry() throws Exception {
    Path dir = copyFixture("clean-two-segments", List.of(FIRST, SECOND), tmp);

    try (Journal journal = open(dir, SMALL_SEGMENT)) {
      assertThat(journal.segments()).extracting(p -> p.getFileName().toString())
          .containsExactly(FIRST, SECOND);
      assertThat(journal.lastSeq()).isEqualTo(8);
      assertThat(readAll(journal)).isEqualTo(deliveries(1, 8));
    }
  }

  @Test
  void truncatedTailFixtureLosesOnlyItsCutRecord() throws Exception {
    Path dir = copyFixture("truncated-tail", List.of(FIRST), tmp);
    long fifth = recordOffsets(dir.resolve(FIRST)).get(4);

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(4);
      assertThat(readAll(journal)).isEqualTo(deliveries(1, 4));
    }
    assertThat(Files.size(dir.resolve(FIRST))).isEqualTo(fifth);
  }

  @Test
  void badChecksumLastFixtureIsTreatedAsTornTail() throws Exception {
    Path dir = copyFixture("bad-checksum-last", List.of(FIRST), tmp);
    long fifth = recordOffsets(dir.resolve(FIRST)).get(4);

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(4);
      assertThat(readAll(journal)).isEqualTo(deliveries(1, 4));
    }
    assertThat(Files.size(dir.resolve(FIRST))).isEqualTo(fifth);
  }

  @Test
  void zeroTailFixtureKeepsEveryRecord() throws Exception {
    Path dir = copyFixture("zero-tail", List.of(FIRST), tmp);
    long size = Files.size(dir.resolve(FIRST));

    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      assertThat(journal.lastSeq()).isEqualTo(5);
      assertThat(readAll(journal)).isEqualTo(deliveries(1, 5));
    }
    assertThat(Files.size(dir.resolve(FIRST))).isEqualTo(size - 4096);
  }

  @Test
  void badChecksumMiddleFixtureRefusesToOpen() throws Exception {
    Path dir = copyFixture("bad-checksum-middle", List.of(FIRST), tmp);
    Path segment = dir.resolve(FIRST);
    long third = recordOffsets(segment).get(2);
    byte[] before = Files.readAllBytes(segment);

    assertThatThrownBy(() -> open(dir, LARGE_SEGMENT))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageStartingWith(segment + ": at offset " + third + " (after seq 2): bad checksum");
    assertThat(Files.readAllBytes(segment)).isEqualTo(before);
  }

  @Test
  void inspectorReportsEachFixtureWithoutChangingIt() throws Exception {
    record Expected(String fixture, List<String> files, List<String> states, long entries) {}
    List<Expected> cases = List.of(
        new Expected("clean-two-segments", List.of(FIRST, SECOND), List.of("ok", "ok"), 8),
        new Expected("truncated-tail", List.of(FIRST), List.of("torn-tail"), 4),
        new Expected("bad-checksum-last", List.of(FIRST), List.of("torn-tail"), 4),
        new Expected("zero-tail", List.of(FIRST), List.of("torn-tail"), 5),
        new Expected("bad-checksum-middle", List.of(FIRST), List.of("corrupt"), 2));
    for (Expected c : cases) {
      Path dir = copyFixture(c.fixture(), c.files(), tmp);
      List<byte[]> before = new ArrayList<>();
      for (String file : c.files()) {
        before.add(Files.readAllBytes(dir.resolve(file)));
      }
      List<JournalEntry> seen = new ArrayList<>();

      List<JournalInspector.SegmentReport> reports = new JournalInspector().inspect(dir, seen::add);

      assertThat(reports).as(c.fixture()).extracting(JournalInspector.SegmentReport::state)
          .isEqualTo(c.states());
      assertThat(seen).as(c.fixture()).isEqualTo(deliveries(1, c.entries()));
      for (int i = 0; i < c.files().size(); i++) {
        assertThat(Files.readAllBytes(dir.resolve(c.files().get(i))))
            .as("%s/%s after inspection", c.fixture(), c.files().get(i))
            .isEqualTo(before.get(i));
      }
    }
  }

  @Test
  void everyFixtureHasAReadme() throws Exception {
    for (String fixture : List.of("clean-two-segments", "truncated-tail", "bad-checksum-last",
        "zero-tail", "bad-checksum-middle")) {
      try (InputStream in = getClass().getResourceAsStream(
          "/journal/" + fixture + "/README.txt")) {
        assertThat(in).as(fixture).isNotNull();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isNotBlank();
      }
    }
  }

  @Test
  void todaysWriterStillProducesTheCommittedBytes() throws Exception {
    // The undamaged fixture is what Journal writes for these entries; a difference means the
    // on-disk format changed, which older appliances (and their journals) would not follow.
    Path generated = tmp.resolve("generated");
    writeFixtures(generated);
    Path committed = copyFixture("clean-two-segments", List.of(FIRST, SECOND), tmp);

    for (String file : List.of(FIRST, SECOND)) {
      assertThat(Files.readAllBytes(generated.resolve("clean-two-segments").resolve(file)))
          .as(file).isEqualTo(Files.readAllBytes(committed.resolve(file)));
    }
  }

  /** Regenerates the fixtures into the folder named by {@code -Dtandem.journal.fixtures}. */
  @Test
  @EnabledIfSystemProperty(named = "tandem.journal.fixtures", matches = ".+")
  void regenerateFixtures() throws Exception {
    writeFixtures(Paths.get(System.getProperty("tandem.journal.fixtures")));
  }

  static void writeFixtures(Path root) throws Exception {
    Path clean = fresh(root.resolve("clean-two-segments"));
    try (Journal journal = open(clean, SMALL_SEGMENT)) {
      for (long seq = 1; seq <= 8; seq++) {
        journal.append(deliveries(seq, seq));
      }
    }
    readme(clean, "TestEntries.deliver(1..8) appended one at a time with 1 KiB segments"
        + " (JournalFixturesTest.writeFixtures); undamaged.");

    Path truncated = fiveEntries(root.resolve("truncated-tail"));
    TestEntries.cutBytes(truncated.resolve(FIRST), 3);
    readme(truncated, "TestEntries.deliver(1..5) in one segment, then the last 3 bytes of the"
        + " file cut off (a crash during the append of entry 5).");

    Path badLast = fiveEntries(root.resolve("bad-checksum-last"));
    long fifth = recordOffsets(badLast.resolve(FIRST)).get(4);
    TestEntries.flipByte(badLast.resolve(FIRST), fifth + RECORD_HEADER + 40);
    readme(badLast, "TestEntries.deliver(1..5) in one segment, then byte 40 of the payload of"
        + " the last record (entry 5) XORed with 0x40: its checksum fails, nothing follows.");

    Path badMiddle = fiveEntries(root.resolve("bad-checksum-middle"));
    long third = recordOffsets(badMiddle.resolve(FIRST)).get(2);
    TestEntries.flipByte(badMiddle.resolve(FIRST), third + RECORD_HEADER + 40);
    readme(badMiddle, "TestEntries.deliver(1..5) in one segment, then byte 40 of the payload of"
        + " record 3 (entry 3) XORed with 0x40: its checksum fails and entries 4 and 5 follow"
        + " intact (corruption, not a torn tail).");

    Path zeros = fiveEntries(root.resolve("zero-tail"));
    TestEntries.appendBytes(zeros.resolve(FIRST), new byte[4096]);
    readme(zeros, "TestEntries.deliver(1..5) in one segment, then 4096 zero bytes appended"
        + " (what a crash can leave after a file was extended but not written).");
  }

  private static Path fiveEntries(Path dir) throws Exception {
    fresh(dir);
    try (Journal journal = open(dir, LARGE_SEGMENT)) {
      journal.append(deliveries(1, 5));
    }
    return dir;
  }

  private static Path fresh(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".journal")).toList()) {
        Files.delete(file);
      }
    }
    return dir;
  }

  private static void readme(Path dir, String howMade) throws IOException {
    Files.writeString(dir.resolve("README.txt"), howMade + "\n");
  }
}
