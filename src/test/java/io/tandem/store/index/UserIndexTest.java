package io.tandem.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserIndexTest {
  private static final String SHA = "ab".repeat(32);

  @TempDir Path dir;

  private Path file;
  private UserIndex index;

  @BeforeEach
  void open() throws Exception {
    file = dir.resolve("alice.db");
    index = UserIndex.open(file, "alice");
  }

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  private void reopen() throws Exception {
    index.close();
    index = UserIndex.open(file, "alice");
  }

  private static MessageRow row(long uid, List<String> flags, String file) {
    return new MessageRow(uid, uid + 10, flags, 1_700_000_000_000L + uid, 100 + uid, SHA, file);
  }

  private long createMailbox(String name, long uidValidity) throws SQLException {
    index.insertMailbox(name, uidValidity, null);
    return index.mailbox(name).orElseThrow().id();
  }

  private List<String> mailboxNames() throws SQLException {
    return index.mailboxes().stream().map(MailboxRow::name).toList();
  }

  /** Rows of a query, read through a second connection (after a commit). */
  private List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void schemaIsCreatedWithItsMetaRows() throws Exception {
    index.commit();

    assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        .contains("expunged", "mailbox", "message", "meta", "subscription");
    assertThat(query("SELECT key || '=' || value FROM meta ORDER BY key"))
        .containsExactly("applied_seq=0", "last_uidvalidity=0", "schema_version=1", "user=alice");
    assertThat(query("PRAGMA journal_mode")).containsExactly("wal");
    assertThat(index.user()).isEqualTo("alice");
    assertThat(index.appliedSeq()).isZero();
    assertThat(index.lastUidValidity()).isZero();
    assertThat(index.mailboxes()).isEmpty();
  }

  @Test
  void reopeningKeepsCommittedDataAndTheMetaRows() throws Exception {
    createMailbox("INBOX", 7);
    index.setAppliedSeq(42);
    index.commit();

    reopen();

    assertThat(index.appliedSeq()).isEqualTo(42);
    assertThat(index.lastUidValidity()).isEqualTo(7);
    assertThat(mailboxNames()).containsExactly("INBOX");
  }

  @Test
  void closeWithoutCommitDiscardsChanges() throws Exception {
    createMailbox("INBOX", 7);
    index.setAppliedSeq(3);

    reopen();

    assertThat(index.mailboxes()).isEmpty();
    assertThat(index.appliedSeq()).isZero();
  }

  @Test
  void insertedMailboxStartsAtUidOneAndModseqOne() throws Exception {
    index.insertMailbox("Sent", 1_700_000_000L, "\\Sent");

    MailboxRow sent = index.mailbox("Sent").orElseThrow();
    assertThat(sent.name()).isEqualTo("Sent");
    assertThat(sent.uidValidity()).isEqualTo(1_700_000_000L);
    assertThat(sent.uidNext()).isEqualTo(1);
    assertThat(sent.highestModseq()).isEqualTo(1);
    assertThat(sent.specialUse()).isEqualTo("\\Sent");
    assertThat(index.mailbox("sent")).as("names are case-sensitive").isEmpty();
    assertThat(index.mailbox("Nope")).isEmpty();
  }

  @Test
  void duplicateMailboxNameIsRefused() throws Exception {
    createMailbox("Sent", 1);

    assertThatThrownBy(() -> index.insertMailbox("Sent", 2, null))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void mailboxesAreListedByName() throws Exception {
    createMailbox("b", 1);
    createMailbox("INBOX", 2);
    createMailbox("a.c", 3);
    createMailbox("a", 4);

    assertThat(mailboxNames()).containsExactly("INBOX", "a", "a.c", "b");
  }

  @Test
  void lastUidValidityRisesButNeverFalls() throws Exception {
    createMailbox("INBOX", 100);
    assertThat(index.lastUidValidity()).isEqualTo(100);

    createMailbox("Old", 50);
    assertThat(index.lastUidValidity()).isEqualTo(100);

    createMailbox("New", 101);
    assertThat(index.lastUidValidity()).isEqualTo(101);

    index.deleteMailbox(index.mailbox("New").orElseThrow().id());
    assertThat(index.lastUidValidity()).isEqualTo(101);
  }

  @Test
  void renameMovesChildrenButNotNamesThatOnlyShareThePrefix() throws Exception {
    long a = createMailbox("A", 1);
    createMailbox("A.B", 2);
    createMailbox("A.B.C", 3);
    createMailbox("AB", 4);
    createMailbox("AB.C", 5);
    createMailbox("B.A", 6);

    index.renameMailbox("A", "X.Y");

    assertThat(mailboxNames()).containsExactly("AB", "AB.C", "B.A", "X.Y", "X.Y.B", "X.Y.B.C");
    assertThat(index.mailbox("X.Y").orElseThrow().id()).isEqualTo(a);
    assertThat(index.mailbox("X.Y.B").orElseThrow().uidValidity()).isEqualTo(2);
  }

  @Test
  void renameOfAChildLeavesItsParent() throws Exception {
    createMailbox("A", 1);
    createMailbox("A.B", 2);
    createMailbox("A.B.C", 3);

    index.renameMailbox("A.B", "Z");

    assertThat(mailboxNames()).containsExactly("A", "Z", "Z.C");
  }

  @Test
  void renameTreatsLikeWildcardsLiterally() throws Exception {
    createMailbox("a_b", 1);
    createMailbox("a_b.c", 2);
    createMailbox("axb.c", 3);
    createMailbox("100%", 4);
    createMailbox("100%.x", 5);
    createMailbox("1000.x", 6);

    index.renameMailbox("a_b", "n");
    index.renameMailbox("100%", "p");

    assertThat(mailboxNames()).containsExactly("1000.x", "axb.c", "n", "n.c", "p", "p.x");
  }

  @Test
  void renameIsCaseSensitiveForChildren() throws Exception {
    // Mailbox names other than INBOX are case-sensitive: "a" and "A" are different mailboxes,
    // and renaming "a" must not take "A.b" along.
    createMailbox("a", 1);
    createMailbox("a.x", 2);
    createMailbox("A", 3);
    createMailbox("A.b", 4);

    index.renameMailbox("a", "z");

    assertThat(mailboxNames()).containsExactly("A", "A.b", "z", "z.x");
  }

  @Test
  void renameKeepsChildNamesWithCharactersOutsideTheBmp() throws Exception {
    createMailbox("📁", 1);
    createMailbox("📁.2024", 2);
    createMailbox("Entwürfe", 3);
    createMailbox("Entwürfe.alt", 4);

    index.renameMailbox("📁", "Box");
    index.renameMailbox("Entwürfe", "Drafts");

    assertThat(mailboxNames()).containsExactly("Box", "Box.2024", "Drafts", "Drafts.alt");
  }

  @Test
  void renamedMailboxKeepsItsMessages() throws Exception {
    long id = createMailbox("A", 1);
    index.insertMessage(id, row(1, List.of(), "new/b1"));

    index.renameMailbox("A", "B");

    assertThat(index.messages(index.mailbox("B").orElseThrow().id())).hasSize(1);
  }

  @Test
  void deleteMailboxCascadesToMessagesAndTombstones() throws Exception {
    long doomed = createMailbox("Doomed", 1);
    long kept = createMailbox("Kept", 2);
    createMailbox("Doomed.child", 3);
    index.insertMessage(doomed, row(1, List.of(), "new/b1"));
    index.insertMessage(doomed, row(2, List.of(), "new/b2"));
    index.expungeMessage(doomed, 2, 20, "b2");
    index.insertMessage(kept, row(1, List.of(), "new/k1"));
    index.expungeMessage(kept, 1, 21, "k1");
    index.insertMessage(kept, row(2, List.of(), "new/k2"));

    index.deleteMailbox(doomed);
    index.commit();

    assertThat(mailboxNames()).containsExactly("Doomed.child", "Kept");
    assertThat(index.messages(doomed)).isEmpty();
    assertThat(index.messageCount()).isEqualTo(1);
    assertThat(query("SELECT mailbox_id || '/' || uid FROM message"))
        .containsExactly(kept + "/2");
    assertThat(query("SELECT mailbox_id || '/' || uid FROM expunged"))
        .containsExactly(kept + "/1");
  }

  @Test
  void insertedMessageIsReadBackAsInserted() throws Exception {
    long id = createMailbox("INBOX", 1);
    MessageRow flagged = row(1, List.of("$Label1", "\\Seen"), "cur/b1:2,S");
    MessageRow plain = row(2, List.of(), "new/b2");

    index.insertMessage(id, flagged);
    index.insertMessage(id, plain);

    assertThat(index.message(id, 1)).contains(flagged);
    assertThat(index.message(id, 2)).contains(plain);
    assertThat(index.message(id, 3)).isEmpty();
    assertThat(index.messages(id)).containsExactly(flagged, plain);
    assertThat(index.message(id, 1).orElseThrow().base()).isEqualTo("b1");
    assertThat(index.messageCount()).isEqualTo(2);
  }

  @Test
  void messagesAreListedInUidOrder() throws Exception {
    long id = createMailbox("INBOX", 1);
    for (long uid : new long[] {5, 1, 300, 20}) {
      index.insertMessage(id, row(uid, List.of(), "new/b" + uid));
    }

    assertThat(index.messages(id)).extracting(MessageRow::uid).containsExactly(1L, 5L, 20L, 300L);
  }

  @Test
  void duplicateUidIsRefused() throws Exception {
    long id = createMailbox("INBOX", 1);
    index.insertMessage(id, row(1, List.of(), "new/b1"));

    assertThatThrownBy(() -> index.insertMessage(id, row(1, List.of(), "new/other")))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void messageInAMissingMailboxIsRefused() {
    assertThatThrownBy(() -> index.insertMessage(999, row(1, List.of(), "new/b1")))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void updateFlagsChangesFlagsModseqAndFile() throws Exception {
    long id = createMailbox("INBOX", 1);
    index.insertMessage(id, row(1, List.of(), "new/b1"));

    index.updateFlags(id, 1, 99, List.of("\\Flagged", "\\Seen"), "cur/b1:2,FS");

    MessageRow updated = index.message(id, 1).orElseThrow();
    assertThat(updated.flags()).containsExactly("\\Flagged", "\\Seen");
    assertThat(updated.modseq()).isEqualTo(99);
    assertThat(updated.file()).isEqualTo("cur/b1:2,FS");
    assertThat(updated.base()).isEqualTo("b1");
    assertThat(updated.size()).isEqualTo(101);

    index.updateFlags(id, 1, 100, List.of(), "cur/b1:2,");
    assertThat(index.message(id, 1).orElseThrow().flags()).isEmpty();
  }

  @Test
  void expungeRemovesTheMessageAndLeavesATombstone() throws Exception {
    long id = createMailbox("INBOX", 1);
    index.insertMessage(id, row(1, List.of(), "new/b1"));
    index.insertMessage(id, row(2, List.of(), "new/b2"));

    index.expungeMessage(id, 1, 77, "b1");
    index.commit();

    assertThat(index.message(id, 1)).isEmpty();
    assertThat(index.messages(id)).extracting(MessageRow::uid).containsExactly(2L);
    assertThat(index.messageCount()).isEqualTo(1);
    assertThat(query("SELECT mailbox_id, uid, modseq, base FROM expunged"))
        .containsExactly(id + "|1|77|b1");
  }

  @Test
  void setCountersNeverLowersValues() throws Exception {
    long id = createMailbox("INBOX", 1);

    index.setCounters(id, 10, 20);
    assertThat(index.mailbox("INBOX").orElseThrow())
        .extracting(MailboxRow::uidNext, MailboxRow::highestModseq).containsExactly(10L, 20L);

    index.setCounters(id, 5, 7);
    assertThat(index.mailbox("INBOX").orElseThrow())
        .extracting(MailboxRow::uidNext, MailboxRow::highestModseq).containsExactly(10L, 20L);

    index.setCounters(id, 11, 19);
    assertThat(index.mailbox("INBOX").orElseThrow())
        .extracting(MailboxRow::uidNext, MailboxRow::highestModseq).containsExactly(11L, 20L);
  }

  @Test
  void subscriptionsAreASetOfNamesIndependentOfMailboxes() throws Exception {
    index.setSubscribed("b", true);
    index.setSubscribed("a", true);
    index.setSubscribed("b", true);
    index.setSubscribed("NoSuchMailbox", true);
    index.setSubscribed("c", false);

    assertThat(index.subscriptions()).containsExactly("NoSuchMailbox", "a", "b");

    index.setSubscribed("b", false);
    assertThat(index.subscriptions()).containsExactly("NoSuchMailbox", "a");
  }

  @Test
  void appliedSeqIsStoredInTheSameTransaction() throws Exception {
    createMailbox("INBOX", 1);
    index.setAppliedSeq(5);
    index.commit();
    createMailbox("Sent", 2);
    index.setAppliedSeq(6);
    index.rollback();

    assertThat(index.appliedSeq()).isEqualTo(5);
    assertThat(mailboxNames()).containsExactly("INBOX");
  }

  @Test
  void rollbackToSavepointUndoesOnlyTheChangesAfterIt() throws Exception {
    long id = createMailbox("INBOX", 1);
    index.setAppliedSeq(1);

    index.savepoint();
    index.insertMessage(id, row(1, List.of(), "new/b1"));
    createMailbox("Sent", 2);
    index.setSubscribed("Sent", true);
    index.setAppliedSeq(2);
    index.rollbackToSavepoint();
    index.commit();

    reopen();
    assertThat(mailboxNames()).containsExactly("INBOX");
    assertThat(index.messageCount()).isZero();
    assertThat(index.subscriptions()).isEmpty();
    assertThat(index.appliedSeq()).isEqualTo(1);
    assertThat(index.lastUidValidity()).isEqualTo(1);
  }

  @Test
  void releasedSavepointKeepsItsChanges() throws Exception {
    long id = createMailbox("INBOX", 1);

    index.savepoint();
    index.insertMessage(id, row(1, List.of(), "new/b1"));
    index.releaseSavepoint();
    index.savepoint();
    index.insertMessage(id, row(2, List.of(), "new/b2"));
    index.rollbackToSavepoint();
    index.commit();

    reopen();
    assertThat(index.messages(index.mailbox("INBOX").orElseThrow().id()))
        .extracting(MessageRow::uid).containsExactly(1L);
  }

  @Test
  void checkpointKeepsCommittedDataAndLeavesTheIndexUsable() throws Exception {
    createMailbox("INBOX", 1);
    index.commit();

    index.checkpoint();
    createMailbox("Sent", 2);
    index.rollback();

    assertThat(mailboxNames()).containsExactly("INBOX");
  }

  @Test
  void integrityCheckOfASoundIndexIsEmpty() throws Exception {
    long id = createMailbox("INBOX", 1);
    index.insertMessage(id, row(1, List.of("\\Seen"), "cur/b1:2,S"));
    index.commit();

    assertThat(index.integrityCheck()).isEmpty();
  }

  @Test
  void narrowRowsCarryTheFullRowsUidModseqAndFlags() throws Exception {
    long box = createMailbox("INBOX", 1);
    for (long uid = 1; uid <= 7; uid++) {
      index.insertMessage(box, row(uid, uid % 2 == 0 ? List.of("\\Seen", "$Work") : List.of(),
          "new/" + uid + ".host,S=101,W=104"));
    }

    List<MessageRow> full = index.messagesBetween(box, 2, 6, 10);
    List<MessageRow> narrow = index.statesBetween(box, 2, 6, 10);

    assertThat(narrow).hasSameSizeAs(full).hasSize(5);
    for (int i = 0; i < full.size(); i++) {
      assertThat(narrow.get(i).uid()).isEqualTo(full.get(i).uid());
      assertThat(narrow.get(i).modseq()).isEqualTo(full.get(i).modseq());
      assertThat(narrow.get(i).flags()).isEqualTo(full.get(i).flags());
      assertThat(narrow.get(i).file()).as("not read").isNull();
    }
    assertThat(index.statesBetween(box, 2, 6, 2)).extracting(MessageRow::uid)
        .containsExactly(2L, 3L);
    assertThat(index.messagesBetween(box, 5, 100, 10)).extracting(MessageRow::uid)
        .containsExactly(5L, 6L, 7L);
    assertThat(index.uidsAbove(box, 5)).containsExactly(6, 7);
  }

  @Test
  void unseenCountAndFirstUnseenComeFromThePartialIndex() throws Exception {
    long box = createMailbox("INBOX", 1);
    long other = createMailbox("Sent", 2);
    index.insertMessage(box, row(1, List.of("\\Seen"), "cur/1.host:2,S"));
    index.insertMessage(box, row(2, List.of("\\Flagged", "\\Seen"), "cur/2.host:2,FS"));
    index.insertMessage(box, row(3, List.of("$Seenish"), "cur/3.host:2,"));
    index.insertMessage(box, row(4, List.of(), "new/4.host"));
    index.insertMessage(other, row(1, List.of(), "new/5.host"));
    index.commit();

    assertThat(index.firstUnseenUid(box)).isEqualTo(3);
    assertThat(index.countUnseen(box)).isEqualTo(2);
    assertThat(index.countUnseen(other)).isEqualTo(1);
    index.updateFlags(box, 3, 20, List.of("\\Seen"), "cur/3.host:2,S");
    index.updateFlags(box, 4, 21, List.of("\\Seen"), "cur/4.host:2,S");
    assertThat(index.firstUnseenUid(box)).isZero();
    assertThat(index.countUnseen(box)).isZero();
  }

  @Test
  void anIndexMadeBeforeTheUnseenIndexGainsItWhenOpened() throws Exception {
    long box = createMailbox("INBOX", 1);
    index.insertMessage(box, row(1, List.of(), "new/1.host"));
    index.commit();
    index.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("DROP INDEX message_unseen");
    }

    try (UserIndex old = UserIndex.openReadOnly(file, "alice")) {
      assertThat(old.firstUnseenUid(box)).as("read without the index").isEqualTo(1);
    }
    index = UserIndex.open(file, "alice");

    assertThat(query("SELECT name FROM sqlite_master WHERE type = 'index'"))
        .contains("message_unseen");
    assertThat(index.firstUnseenUid(box)).isEqualTo(1);
    assertThat(index.countUnseen(box)).isEqualTo(1);
  }
}
