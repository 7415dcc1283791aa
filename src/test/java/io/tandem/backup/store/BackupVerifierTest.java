package io.tandem.backup.store;

import static io.tandem.backup.store.ManifestsTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupVerifierTest {
  private static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");

  @TempDir Path store;
  @TempDir Path target;
  private ObjectStore objects;
  private Manifests manifests;
  private BackupVerifier verifier;

  @BeforeEach
  void setUp() {
    objects = new ObjectStore(target);
    manifests = new Manifests(target);
    verifier = new BackupVerifier(target, Retention.DEFAULT_DELETED,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private MessageEntry backedUp(long uid, String body) throws Exception {
    Path file = Files.writeString(store.resolve("m" + uid), body);
    objects.put(file, Sha256.ofFile(file));
    return entry("alice", "INBOX", uid, body);
  }

  private void writeRun(String id, Manifest.Change... changes) throws Exception {
    manifests.write(new Manifest(id, NOW.minus(Duration.ofHours(1)), Optional.empty(), 0, 5,
        List.of(changes)));
  }

  @Test
  void aSoundBackupHasNoProblems() throws Exception {
    writeRun("r1", Manifest.Change.put(backedUp(1, "a")), Manifest.Change.put(backedUp(2, "b")));

    BackupVerifier.Report report = verifier.verify();

    assertThat(report.ok()).as("%s", report.problems()).isTrue();
    assertThat(report.objects()).isEqualTo(2);
    assertThat(report.manifests()).isEqualTo(1);
  }

  @Test
  void aCorruptedObjectIsNamed() throws Exception {
    MessageEntry good = backedUp(1, "good body\n");
    MessageEntry rotten = backedUp(2, "rotten body\n");
    writeRun("r1", Manifest.Change.put(good), Manifest.Change.put(rotten));
    Path file = objects.pathOf(rotten.sha256());
    Files.writeString(file, "r0tten body\n");

    BackupVerifier.Report report = verifier.verify();

    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BackupVerifier.Kind.CORRUPT_OBJECT);
      assertThat(p.file()).isEqualTo(file);
    });
  }

  @Test
  void aManifestThatNeedsAMissingObjectIsNamed() throws Exception {
    MessageEntry lost = backedUp(2, "lost\n");
    writeRun("r1", Manifest.Change.put(backedUp(1, "kept\n")), Manifest.Change.put(lost));
    objects.delete(lost.sha256());

    BackupVerifier.Report report = verifier.verify();

    assertThat(report.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BackupVerifier.Kind.MISSING_OBJECT);
      assertThat(p.file()).isEqualTo(manifests.pathOf("r1"));
      assertThat(p.detail()).contains(lost.sha256());
    });
  }

  @Test
  void aDeletionPastRetentionNeedsNoObjectButOneWithinDoes() throws Exception {
    long old = NOW.minus(Duration.ofDays(8)).toEpochMilli();
    long recent = NOW.minus(Duration.ofDays(1)).toEpochMilli();
    writeRun("r1", Manifest.Change.remove(entry("alice", "INBOX", 1, "purged"), old),
        Manifest.Change.remove(entry("alice", "INBOX", 2, "needed"), recent));

    BackupVerifier.Report report = verifier.verify();

    assertThat(report.problems()).singleElement()
        .satisfies(p -> assertThat(p.detail()).contains(ManifestsTest.sha("needed")));
  }

  @Test
  void aBaseBeyondRetentionMayListPurgedObjectsButARestorableStateMayNot() throws Exception {
    MessageEntry kept = backedUp(1, "kept\n");
    MessageEntry purged = backedUp(2, "purged\n");
    Instant base = NOW.minus(Duration.ofDays(9));
    manifests.write(new Manifest("f0", base, Optional.empty(), 0, 2,
        List.of(Manifest.Change.put(kept), Manifest.Change.put(purged))));
    manifests.write(new Manifest("d1", NOW.minus(Duration.ofDays(6)), Optional.of("f0"), 2, 3,
        List.of(Manifest.Change.remove(purged, base.plus(Duration.ofHours(1)).toEpochMilli()))));
    objects.delete(purged.sha256());

    assertThat(verifier.verify().problems()).isEmpty();

    // The message still present is in d1's state: its object is required.
    objects.delete(kept.sha256());
    assertThat(verifier.verify().problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BackupVerifier.Kind.MISSING_OBJECT);
      assertThat(p.file()).isEqualTo(manifests.pathOf("d1"));
      assertThat(p.detail()).contains(kept.sha256(), "alice INBOX uid 1", "restorable run d1");
    });
  }

  @Test
  void anUnparsableManifestAndABrokenChainAreNamed() throws Exception {
    writeRun("r1");
    Files.writeString(manifests.root().resolve("r2.manifest"), "tandem-backup-manifest 1\nrun");
    manifests.write(new Manifest("r3", NOW, Optional.of("r2"), 5, 6, List.of()));

    BackupVerifier.Report report = verifier.verify();

    assertThat(report.problems()).extracting(BackupVerifier.Problem::kind)
        .containsExactlyInAnyOrder(BackupVerifier.Kind.BAD_MANIFEST,
            BackupVerifier.Kind.BROKEN_CHAIN);
    assertThat(report.problems()).extracting(BackupVerifier.Problem::file)
        .containsExactlyInAnyOrder(manifests.pathOf("r2"), manifests.pathOf("r3"));
  }
}
