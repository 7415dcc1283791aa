package io.tandem.journal;

import static io.tandem.journal.TestEntries.RECORD_HEADER;
import static io.tandem.journal.TestEntries.deliveries;
import static io.tandem.journal.TestEntries.recordOffsets;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.journal.JournalInspector.SegmentReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalInspectorTest {
  @TempDir Path dir;

  private List<Path> segments;

  /** 30 entries over several 1 KiB segments. */
  @BeforeEach
  void writeJournal() throws Exception {
    try (Journal journal = Journal.open(dir, 1024, Duration.ofHours(1))) {
      for (long seq = 1; seq <= 30; seq += 2) {
        journal.append(deliveries(seq, seq + 1));
      }
      segments = journal.segments();
    }
    assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
  }

  private Map<Path, byte[]> snapshot() throws Exception {
    Map<Path, byte[]> bytes = new LinkedHashMap<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        bytes.put(file, Files.readAllBytes(file));
      }
    }
    return bytes;
  }

  /** Inspects and checks that no file in the folder changed, appeared or disappeared. */
  private List<SegmentReport> inspectUnchanged(List<JournalEntry> sink) throws Exception {
    Map<Path, byte[]> before = snapshot();
    List<SegmentReport> reports = new JournalInspector().inspect(dir, sink::add);
    Map<Path, byte[]> after = snapshot();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (Path file : before.keySet()) {
      assertThat(after.get(file)).as("%s after inspection", file).isEqualTo(before.get(file));
    }
    return reports;
  }

  private static List<String> states(List<SegmentReport> reports) {
    return reports.stream().map(SegmentReport::state).toList();
  }

  @Test
  void cleanJournalIsOkInEverySegment() throws Exception {
    List<JournalEntry> seen = new ArrayList<>();

    List<SegmentReport> reports = inspectUnchanged(seen);

    assertThat(reports).extracting(SegmentReport::file).isEqualTo(segments);
    assertThat(states(reports)).allMatch("ok"::equals);
    assertThat(reports).allSatisfy(r -> {
      assertThat(r.problem()).isNull();
      assertThat(r.corrupt()).isFalse();
    });
    assertThat(reports.stream().mapToLong(SegmentReport::entries).sum()).isEqualTo(30);
    assertThat(reports.get(reports.size() - 1).lastSeq()).isEqualTo(30);
    assertThat(seen).isEqualTo(deliveries(1, 30));
  }

  @Test
  void lastSeqOfEachSegmentIsOneBeforeTheNextSegmentStarts() throws Exception {
    List<SegmentReport> reports = inspectUnchanged(new ArrayList<>());

    for (int i = 0; i + 1 < reports.size(); i++) {
      long nextStart =
          Long.parseLong(reports.get(i + 1).file().getFileName().toString().substring(0, 20));
      assertThat(reports.get(i).lastSeq()).isEqualTo(nextStart - 1);
    }
  }

  @Test
  void cutNewestSegmentIsTornTailAndLeftAsIs() throws Exception {
    Path newest = segments.get(segments.size() - 1);
    TestEntries.cutBytes(newest, 5);

    List<SegmentReport> reports = inspectUnchanged(new ArrayList<>());

    SegmentReport last = reports.get(reports.size() - 1);
    assertThat(last.state()).isEqualTo("torn-tail");
    assertThat(last.corrupt()).isFalse();
    assertThat(last.lastSeq()).isEqualTo(29);
    assertThat(last.problem()).contains("cut off");
    assertThat(states(reports.subList(0, reports.size() - 1))).allMatch("ok"::equals);
  }

  @Test
  void badChecksumAtEndOfNewestSegmentIsTornTail() throws Exception {
    Path newest = segments.get(segments.size() - 1);
    TestEntries.flipByte(newest, Files.size(newest) - 1);

    List<SegmentReport> reports = inspectUnchanged(new ArrayList<>());

    assertThat(reports.get(reports.size() - 1).state()).isEqualTo("torn-tail");
    assertThat(reports.get(reports.size() - 1).problem()).contains("bad checksum");
  }

  @Test
  void badRecordInsideASegmentIsCorrupt() throws Exception {
    Path middle = segments.get(1);
    long offset = recordOffsets(middle).get(1);
    TestEntries.flipByte(middle, offset + RECORD_HEADER + 40);
    List<JournalEntry> seen = new ArrayList<>();

    List<SegmentReport> reports = inspectUnchanged(seen);

    SegmentReport report = reports.get(1);
    assertThat(report.state()).isEqualTo("corrupt");
    assertThat(report.corrupt()).isTrue();
    assertThat(report.problem()).contains("offset " + offset).contains("bad checksum");
    assertThat(states(reports)).containsOnlyOnce("corrupt");
    // Entries before the damage and those of the later segments are still passed on.
    long resumeAt =
        Long.parseLong(reports.get(2).file().getFileName().toString().substring(0, 20));
    List<JournalEntry> expected = new ArrayList<>(deliveries(1, report.lastSeq()));
    expected.addAll(deliveries(resumeAt, 30));
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void tornEndOfAnOlderSegmentIsCorrupt() throws Exception {
    // Only the newest segment is written to, so only it can have been cut by a crash.
    TestEntries.cutBytes(segments.get(0), 5);

    List<SegmentReport> reports = inspectUnchanged(new ArrayList<>());

    assertThat(reports.get(0).state()).isEqualTo("corrupt");
    assertThat(reports.get(reports.size() - 1).state()).isEqualTo("ok");
  }

  @Test
  void foreignHeaderIsCorrupt() throws Exception {
    TestEntries.flipByte(segments.get(0), 1);

    List<SegmentReport> reports = inspectUnchanged(new ArrayList<>());

    assertThat(reports.get(0).state()).isEqualTo("corrupt");
    assertThat(reports.get(0).problem()).contains("bad header");
    assertThat(reports.get(0).entries()).isZero();
  }

  @Test
  void otherFilesInTheFolderAreIgnored() throws Exception {
    Files.writeString(dir.resolve("README.txt"), "notes");
    Files.writeString(dir.resolve("1.journal"), "short name");
    Files.writeString(dir.resolve("00000000000000000001.journal.tmp"), "temp");

    List<SegmentReport> reports = inspectUnchanged(new ArrayList<>());

    assertThat(reports).extracting(SegmentReport::file).isEqualTo(segments);
  }

  @Test
  void emptyFolderHasNoSegments() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));

    assertThat(new JournalInspector().inspect(empty, entry -> {})).isEmpty();
  }
}
