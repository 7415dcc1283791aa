package io.tandem.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.backup.store.AccountsSnapshot;
import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.ManifestCodec;
import io.tandem.backup.store.MessageEntry;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the backup: what the journal touched, the plan, mounts, checks, headers. */
class BackupPartsTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  @Test
  void touchedNamesEachMessageMailboxAndUserWithTheLastTime() {
    Touched touched = new Touched();
    touched.add(new JournalEntry(1, 1, 100, new Operation.Deliver("u", "INBOX", 1, 2, List.of(),
        0, 10, SHA_A, "f1")));
    touched.add(new JournalEntry(2, 1, 200, new Operation.Move("u", "INBOX", 3, "Work", 2,
        List.of(new Operation.CopiedMessage(1, "f1", 7, "f2", List.of())))));
    touched.add(new JournalEntry(3, 1, 300, new Operation.RenameMailbox("u", "Work", "Job")));
    touched.add(new JournalEntry(4, 1, 400, new Operation.DeleteUser("v")));
    assertThat(touched.messages()).containsEntry(new MessageEntry.Key("u", "INBOX", 1), 200L)
        .containsEntry(new MessageEntry.Key("u", "Work", 7), 200L);
    assertThat(touched.mailboxes()).containsOnlyKeys(new Touched.Mailbox("u", "Work", true),
        new Touched.Mailbox("u", "Job", true));
    assertThat(touched.users()).containsEntry("v", 400L);
    assertThat(touched.accountsChanged()).isTrue();
    assertThat(touched.entries()).isEqualTo(4);
  }

  @Test
  void thePlanPutsWhatChangedAndDeletesWhatLeftAtItsTime() throws IOException {
    MessageEntry kept = entry("INBOX", 1, SHA_A, List.of());
    MessageEntry flagged = entry("INBOX", 2, SHA_B, List.of());
    MessageEntry gone = entry("Work", 1, SHA_A, List.of());
    MessageEntry renamed = entry("Job", 1, SHA_A, List.of());
    View before = new View(List.of(kept, flagged, gone));
    View now = new View(List.of(kept, entry("INBOX", 2, SHA_B, List.of("\\Seen")), renamed));
    Touched touched = new Touched();
    touched.add(new JournalEntry(1, 1, 50, new Operation.SetFlags("u", "INBOX", 3,
        List.of(new Operation.FlagChange(2, "f", List.of("\\Seen"))))));
    touched.add(new JournalEntry(2, 1, 60, new Operation.RenameMailbox("u", "Work", "Job")));
    List<Manifest.Change> plan = ChangePlanner.plan(touched, before, now, false);
    assertThat(plan).containsExactly(Manifest.Change.remove(gone, 60),
        Manifest.Change.put(now.all.get(1)), Manifest.Change.put(renamed));
    List<Manifest.Change> full = ChangePlanner.plan(everyone(), before, now, true);
    assertThat(full).hasSize(4).startsWith(Manifest.Change.remove(gone, 1));
  }

  private static Touched everyone() {
    Touched touched = new Touched();
    touched.addUser("u", 1);
    return touched;
  }

  @Test
  void theMountOfAPathIsTheLongestMountPointAbove() {
    String mountinfo = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
        + "40 22 0:50 / /mnt/back\\040up rw - nfs4 srv:/b rw\n"
        + "41 22 8:2 / /srv rw - ext4 /dev/md0 rw\n";
    assertThat(MountTable.mountPointOf(mountinfo, Path.of("/mnt/back up/tandem")))
        .isEqualTo(Path.of("/mnt/back up"));
    assertThat(MountTable.mountPointOf(mountinfo, Path.of("/mnt/backup"))).isEqualTo(
        Path.of("/"));
  }

  @Test
  void theTargetChecksRefuseTheStoresOwnDiskAndAnUnmountedFolder() {
    Path target = Path.of("/mnt/backup");
    assertThat(TargetCheck.problems(target, new TargetCheck.Facts(false, 0, 0, 0, Path.of("/")),
        false)).singleElement().asString().contains("does not exist", "mount");
    assertThat(TargetCheck.problems(target, new TargetCheck.Facts(true, 5, 5, 6,
        Path.of("/mnt/backup")), false)).singleElement().asString()
        .contains("same filesystem as store.root");
    assertThat(TargetCheck.problems(target, new TargetCheck.Facts(true, 7, 5, 6, Path.of("/")),
        false)).singleElement().asString().contains("root filesystem");
    assertThat(TargetCheck.problems(target, new TargetCheck.Facts(true, 7, 5, 6,
        Path.of("/mnt/backup")), false)).isEmpty();
    assertThat(TargetCheck.problems(target, new TargetCheck.Facts(true, 5, 5, 5, Path.of("/")),
        true)).isEmpty();
  }

  @Test
  void theMessageIdIsReadFromTheHeaderOnly() throws IOException {
    assertThat(MessageIdHeader.of(stream("Subject: x\r\nMessage-Id:\r\n <a@b>\r\n\r\n"
        + "Message-ID: <body@x>\r\n"))).isEqualTo("a@b");
    assertThat(MessageIdHeader.of(stream("Subject: x\n\nMessage-ID: <body@x>\n"))).isNull();
  }

  @Test
  void accountsAndTheirManifestLineRoundTrip() throws IOException {
    AccountsSnapshot snapshot = new AccountsSnapshot(
        List.of(new AccountsSnapshot.User("alice", "pbkdf2$1$a\tb")),
        List.of(new AccountsSnapshot.Mailbox("alice", "Sent", "\\Sent"),
            new AccountsSnapshot.Mailbox("alice", "50% off", null)),
        List.of(new AccountsSnapshot.Subscription("alice", "Sent")));
    assertThat(AccountsSnapshot.read(new ByteArrayInputStream(snapshot.encode())))
        .isEqualTo(snapshot);
    Manifest run = new Manifest("r1", Instant.parse("2026-12-01T02:00:00Z"), Optional.empty(), 0,
        5, List.of(Manifest.Change.put(entry("INBOX", 1, SHA_A, List.of()))),
        Optional.of(SHA_B));
    assertThat(ManifestCodec.read(new ByteArrayInputStream(ManifestCodec.encode(run))))
        .isEqualTo(run);
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static MessageEntry entry(String mailbox, long uid, String sha, List<String> flags) {
    return new MessageEntry("u", mailbox, uid, flags, 0, 10, sha);
  }

  /** A state held in a list. */
  private static final class View implements StateView {
    final List<MessageEntry> all;

    View(List<MessageEntry> all) {
      this.all = all;
    }

    @Override
    public Optional<MessageEntry> get(MessageEntry.Key key) {
      return all.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    @Override
    public List<MessageEntry> inMailbox(String user, String mailbox, boolean children) {
      List<MessageEntry> out = new ArrayList<>();
      for (MessageEntry e : all) {
        if (e.user().equals(user) && (e.mailbox().equals(mailbox)
            || (children && e.mailbox().startsWith(mailbox + ".")))) {
          out.add(e);
        }
      }
      return out;
    }

    @Override
    public List<MessageEntry> ofUser(String user) {
      return all.stream().filter(e -> e.user().equals(user)).toList();
    }
  }

}
