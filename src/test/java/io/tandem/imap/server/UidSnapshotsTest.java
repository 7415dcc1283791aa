package io.tandem.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link UidSnapshots}: a kept UID array brought up to date equals a fresh read. */
class UidSnapshotsTest {
  @TempDir Path dir;

  private UserIndex index;
  private long box;
  private long modseq = 1;

  @BeforeEach
  void open() throws Exception {
    index = UserIndex.open(dir.resolve("alice.db"), "alice");
    index.insertMailbox("INBOX", 1, null);
    box = index.mailbox("INBOX").orElseThrow().id();
  }

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  private void deliver(long uid) throws Exception {
    index.insertMessage(box, new MessageRow(uid, ++modseq, List.of(), 0, 100,
        "ab".repeat(32), "new/" + uid + ".host"));
    index.setCounters(box, uid + 1, modseq);
  }

  private void expunge(long uid) throws Exception {
    index.expungeMessage(box, uid, ++modseq, uid + ".host");
    index.setCounters(box, 0, modseq);
  }

  private MailboxRow row() throws Exception {
    return index.mailboxById(box).orElseThrow();
  }

  @Test
  void aKeptArrayIsSharedWhileNothingChanged() throws Exception {
    UidSnapshots snapshots = new UidSnapshots();
    for (long uid = 1; uid <= 5; uid++) {
      deliver(uid);
    }

    long[] first = snapshots.uids(index, row());

    assertThat(first).containsExactly(1, 2, 3, 4, 5);
    assertThat(snapshots.uids(index, row())).isSameAs(first);
  }

  @Test
  void expungesAndDeliveriesSinceAreApplied() throws Exception {
    UidSnapshots snapshots = new UidSnapshots();
    for (long uid = 1; uid <= 6; uid++) {
      deliver(uid);
    }
    long[] before = snapshots.uids(index, row());
    expunge(2);
    expunge(6);
    deliver(7);
    deliver(8);
    expunge(8);
    deliver(9);

    long[] now = snapshots.uids(index, row());

    assertThat(now).containsExactly(index.uids(box)).containsExactly(1, 3, 4, 5, 7, 9);
    assertThat(before).as("a kept array is never changed").containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void anotherMailboxOrUidValidityIsNotConfused() throws Exception {
    UidSnapshots snapshots = new UidSnapshots();
    deliver(1);
    snapshots.uids(index, row());
    MailboxRow same = row();
    MailboxRow recreated = new MailboxRow(same.id(), same.name(), same.uidValidity() + 1,
        same.uidNext(), same.highestModseq(), null);
    index.expungeMessage(box, 1, modseq, "1.host");  // the same MODSEQ: only UIDVALIDITY differs

    assertThat(snapshots.uids(index, recreated)).isEmpty();
  }

  @Test
  void clearedArraysAreReadAfreshFromAnIndexRebuiltWithoutTombstones() throws Exception {
    UidSnapshots snapshots = new UidSnapshots();
    for (long uid = 1; uid <= 5; uid++) {
      deliver(uid);
    }
    snapshots.uids(index, row());
    // A full resync rebuilds the index: same mailbox and UIDVALIDITY, a higher MODSEQ, 4 and 5
    // gone without tombstones (they were expunged before the rebuild).
    try (UserIndex rebuilt = UserIndex.open(dir.resolve("rebuilt.db"), "alice")) {
      rebuilt.insertMailbox("INBOX", 1, null);
      for (long uid = 1; uid <= 3; uid++) {
        rebuilt.insertMessage(box, new MessageRow(uid, uid, List.of(), 0, 100,
            "ab".repeat(32), "new/" + uid + ".host"));
      }
      rebuilt.setCounters(box, 6, 20);
      MailboxRow rebuiltRow = rebuilt.mailboxById(box).orElseThrow();

      snapshots.clear();

      assertThat(snapshots.uids(rebuilt, rebuiltRow)).containsExactly(1, 2, 3);
    }
  }
}
