package io.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.reconcile.DivergentAction.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceRecordsTest {
  @TempDir Path dir;

  private static DivergentAction addUser() {
    return DivergentAction.structural(Kind.ADD_USER, "carol", "", "", "pbkdf2-secret-hash");
  }

  private static DivergentAction deliver() {
    return new DivergentAction(Kind.DELIVER, "alice", "INBOX", "", 0, "a".repeat(64), 12,
        List.of("\\Seen"), 1234, "");
  }

  @Test
  void aRecordSurvivesTheRoundTripWithoutItsPasswordHashes() throws Exception {
    DivergenceRecords records = DivergenceRecords.in(dir);
    DivergenceRecord record = new DivergenceRecord("alpha-14-31", DivergenceRecord.NEW_PRIMARY,
        "alpha", Instant.parse("2026-11-28T10:00:00Z"), 13, 31, true, "2 done",
        List.of(new DivergenceRecord.Item(addUser(), "added"),
            new DivergenceRecord.Item(deliver(), "delivered again as UID 4")));
    records.save(record);

    DivergenceRecord read = records.load("alpha-14-31").orElseThrow();
    assertThat(read.items().get(1)).isEqualTo(record.items().get(1));
    assertThat(read.items().get(0).action().detail()).isEmpty();
    assertThat(Files.readString(dir.resolve("divergence/alpha-14-31.json")))
        .doesNotContain("secret");
    assertThat(records.all()).extracting(DivergenceRecord::result).containsExactly("2 done");
  }

  @Test
  void outcomesNotedOneByOneSurviveACrashAndATornLastLineIsDoneAgain() throws Exception {
    DivergenceRecords records = DivergenceRecords.in(dir);
    records.done("alpha-14-31", 0, "added");
    records.done("alpha-14-31", 2, "delivered again as UID 7");
    Files.writeString(dir.resolve("divergence/alpha-14-31.done"), "3\tdelivered ag",
        java.nio.file.StandardOpenOption.APPEND); // torn: no newline

    assertThat(records.outcomes("alpha-14-31", 5)).containsExactly("added", "",
        "delivered again as UID 7", "", "");
  }
}
