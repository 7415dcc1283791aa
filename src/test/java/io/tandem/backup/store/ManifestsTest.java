package io.tandem.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.util.Sha256;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  @TempDir Path target;

  static String sha(String text) {
    return Sha256.hexOf(text.getBytes(StandardCharsets.UTF_8));
  }

  static MessageEntry entry(String user, String mailbox, long uid, String body, String... flags) {
    return new MessageEntry(user, mailbox, uid, List.of(flags), 1_700_000_000_000L + uid,
        body.length(), sha(body));
  }

  static Manifest delta(String id, String time, String parent, Manifest.Change... changes) {
    return new Manifest(id, Instant.parse(time), Optional.of(parent), 10, 20, List.of(changes));
  }

  static Manifest full(String id, String time, MessageEntry... entries) {
    return new Manifest(id, Instant.parse(time), Optional.empty(), 0, 10,
        Arrays.stream(entries).map(Manifest.Change::put).toList());
  }

  @Test
  void aManifestRoundTripsThroughItsFile() throws Exception {
    Manifest run = new Manifest("20261201T021500Z", Instant.parse("2026-12-01T02:15:00Z"),
        Optional.of("20261130T021500Z"), 100, 250, List.of(
            Manifest.Change.put(entry("alice", "INBOX", 7, "a", "\\Seen", "$Label1")),
            Manifest.Change.put(entry("alice", "Odd\tname %09 100%", 1, "b")),
            Manifest.Change.remove(entry("bob", "Archive.2024", 3, "c", "\\Flagged"),
                1_764_000_000_000L)));
    Manifests manifests = new Manifests(target);

    manifests.write(run);

    assertThat(manifests.ids()).containsExactly("20261201T021500Z");
    Manifest back = manifests.read("20261201T021500Z");
    assertThat(back).isEqualTo(run);
    assertThat(back.added().get(0).flags()).containsExactly("$Label1", "\\Seen");
    assertThat(back.deletions()).singleElement()
        .satisfies(d -> assertThat(d.deletedAtMs()).isEqualTo(1_764_000_000_000L));
    assertThat(Files.readString(manifests.pathOf(run.runId())))
        .startsWith("tandem-backup-manifest 1\nrun\t20261201T021500Z\n")
        .contains("put\talice\tOdd%09name %2509 100%25\t1\t\t");
  }

  @Test
  void aRunIsWrittenOnce() throws Exception {
    Manifests manifests = new Manifests(target);
    manifests.write(full("r1", "2026-12-01T02:00:00Z"));

    assertThatThrownBy(() -> manifests.write(full("r1", "2026-12-02T02:00:00Z")))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(manifests.read("r1").time()).isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
  }

  @Test
  void aHalfWrittenTemporaryManifestIsNotARunAndTheLatestRunStaysTheOldOne() throws Exception {
    Manifests manifests = new Manifests(target);
    manifests.write(full("r1", "2026-12-01T02:00:00Z", entry("alice", "INBOX", 1, "a")));
    byte[] next = ManifestCodec.encode(full("r2", "2026-12-02T02:00:00Z",
        entry("alice", "INBOX", 1, "a"), entry("alice", "INBOX", 2, "b")));
    Files.write(manifests.root().resolve(".r2.manifest.tmp"), Arrays.copyOf(next, 60));

    assertThat(manifests.ids()).containsExactly("r1");
    assertThat(manifests.latestComplete()).map(RunInfo::runId).hasValue("r1");
    assertThat(manifests.cleanTemporaries()).isEqualTo(1);
    manifests.write(full("r2", "2026-12-02T02:00:00Z"));
    assertThat(manifests.latestComplete()).map(RunInfo::runId).hasValue("r2");
  }

  @Test
  void aCutOffOrAlteredManifestDoesNotParse() throws Exception {
    byte[] bytes = ManifestCodec.encode(full("r1", "2026-12-01T02:00:00Z",
        entry("alice", "INBOX", 1, "a"), entry("alice", "INBOX", 2, "b")));
    String text = new String(bytes, StandardCharsets.UTF_8);
    String withoutEnd = text.substring(0, text.indexOf("end\t"));
    String altered = text.replace("INBOX\t2", "INBOX\t3");

    for (String bad : List.of(withoutEnd, text.substring(0, text.length() - 5), altered,
        text + "put\textra\n", "hello\n")) {
      assertThatThrownBy(() -> ManifestCodec.read(
          new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(ManifestFormatException.class);
    }
  }

  @Test
  void theLatestCompleteRunSkipsOneWhoseChainIsBroken() throws Exception {
    Manifests manifests = new Manifests(target);
    manifests.write(full("r1", "2026-12-01T02:00:00Z"));
    manifests.write(new Manifest("r3", Instant.parse("2026-12-03T02:00:00Z"),
        Optional.of("r2"), 20, 30, List.of()));

    assertThat(manifests.latestComplete()).map(RunInfo::runId).hasValue("r1");
    assertThatThrownBy(() -> manifests.chain("r3")).hasMessageContaining("r2 missing");
  }

  @Test
  void aChainReplaysToTheStateAsOfEachRun() throws Exception {
    Manifests manifests = new Manifests(target);
    manifests.write(full("r1", "2026-12-01T02:00:00Z",
        entry("alice", "INBOX", 1, "a"), entry("alice", "INBOX", 2, "b")));
    manifests.write(delta("r2", "2026-12-02T02:00:00Z", "r1",
        Manifest.Change.remove(entry("alice", "INBOX", 1, "a"), 1_764_600_000_000L),
        Manifest.Change.put(entry("alice", "INBOX", 2, "b", "\\Seen")),
        Manifest.Change.put(entry("alice", "Archive", 1, "a"))));

    assertThat(RunState.messages(manifests.chain("r1")))
        .containsExactly(entry("alice", "INBOX", 1, "a"), entry("alice", "INBOX", 2, "b"));
    assertThat(RunState.messages(manifests.chain("r2")))
        .containsExactly(entry("alice", "INBOX", 2, "b", "\\Seen"),
            entry("alice", "Archive", 1, "a"));
  }
}
