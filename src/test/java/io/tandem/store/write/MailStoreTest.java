package io.tandem.store.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.store.Flags;
import io.tandem.store.StoreException;
import io.tandem.store.StoreException.Reason;
import io.tandem.store.index.MessageRow;
import io.tandem.store.write.MessageIntents.FlagMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation through the real store: journal, index (SQLite) and maildir files. */
class MailStoreTest {
  @TempDir Path dir;
  StoreFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new StoreFixture(dir);
    f.run(UserIntents.add("alice", StoreFixture.HASH));
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    assertThat(f.fatalErrors).isEmpty();
  }

  @Test
  void newUserGetsInboxSpecialFoldersSubscriptionsAndUsersFileLine() throws Exception {
    assertThat(f.maildir("alice").resolve("cur")).isDirectory();
    for (String folder : List.of("Archive", "Drafts", "Junk", "Sent", "Trash")) {
      assertThat(f.maildir("alice").resolve("." + folder).resolve("maildirfolder")).exists();
    }
    assertThat(Files.readString(f.state.resolve("users"))).contains("alice:" + StoreFixture.HASH);
    assertThat(f.indexDump("alice")).contains("INBOX=", "Sent=", "~subscriptions=[Archive,"
        + " Drafts, INBOX, Junk, Sent, Trash]");
  }

  @Test
  void addingAnExistingUserIsRefused() {
    assertThatThrownBy(() -> f.run(UserIntents.add("alice", StoreFixture.HASH)))
        .isInstanceOf(StoreException.class).hasMessageContaining("already exists");
  }

  @Test
  void deliveredMessageIsInNewWithItsBytesAndIndexedWithUidAndHash() throws Exception {
    SpooledMessage spooled = f.deliver("alice", "INBOX", "Subject: hi\n\nhello\n");
    Path file = f.maildir("alice").resolve("new").resolve(spooled.base());
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo("Return-Path: <s@x>\nSubject: hi\n\nhello\n");
    assertThat(spooled.base()).contains(",S=" + Files.size(file) + ",W=" + (Files.size(file) + 4));
    List<MessageRow> rows = f.messages("alice", "INBOX");
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.uid()).isEqualTo(1);
      assertThat(row.sha256()).isEqualTo(spooled.sha256());
      assertThat(row.file()).isEqualTo("new/" + spooled.base());
    });
    assertThat(Files.list(f.store.spool().dir())).isEmpty();
  }

  @Test
  void uidsAndModseqsRiseAcrossDeliveries() throws Exception {
    f.deliver("alice", "INBOX", "a\n");
    f.deliver("alice", "INBOX", "b\n");
    f.deliver("alice", "INBOX", "c\n");
    assertThat(f.messages("alice", "INBOX")).extracting(MessageRow::uid).containsExactly(1L, 2L,
        3L);
    assertThat(f.messages("alice", "INBOX")).extracting(MessageRow::modseq)
        .isSorted().doesNotHaveDuplicates();
  }

  @Test
  void flagsMoveTheFileToCurWithTheInfoSuffix() throws Exception {
    SpooledMessage m = f.deliver("alice", "INBOX", "x\n");
    f.run(MessageIntents.setFlags("alice", "INBOX", List.of(1L), FlagMode.ADD,
        List.of("\\seen", "\\Flagged", "$Label1")));
    assertThat(f.files("alice")).contains("cur/" + m.base() + ":2,FS")
        .noneMatch(name -> name.startsWith("new/"));
    assertThat(f.messages("alice", "INBOX").get(0).flags())
        .containsExactly("$Label1", Flags.FLAGGED, Flags.SEEN);
    f.run(MessageIntents.setFlags("alice", "INBOX", List.of(1L), FlagMode.REMOVE,
        List.of("\\Flagged", "\\Seen")));
    assertThat(f.files("alice")).contains("cur/" + m.base() + ":2,");
  }

  @Test
  void copyHardLinksAndMoveRenamesLeavingTombstones() throws Exception {
    SpooledMessage m = f.deliver("alice", "INBOX", "copy me\n");
    f.run(MessageIntents.copy("alice", "INBOX", List.of(1L), "Archive", false));
    f.run(MessageIntents.copy("alice", "INBOX", List.of(1L), "Trash", true));
    assertThat(f.messages("alice", "INBOX")).isEmpty();
    assertThat(f.messages("alice", "Archive")).singleElement()
        .satisfies(row -> assertThat(row.sha256()).isEqualTo(m.sha256()));
    assertThat(f.messages("alice", "Trash")).singleElement()
        .satisfies(row -> assertThat(row.uid()).isEqualTo(1));
    assertThat(f.files("alice")).filteredOn(name -> name.startsWith(".Archive/cur/")).hasSize(1);
    assertThat(f.files("alice")).filteredOn(name -> name.startsWith(".Trash/cur/")).hasSize(1);
    assertThat(f.files("alice")).noneMatch(name -> name.startsWith("new/"));
  }

  @Test
  void expungeRemovesTheFileAndNeverReusesTheUid() throws Exception {
    f.deliver("alice", "INBOX", "a\n");
    f.run(MessageIntents.expunge("alice", "INBOX", List.of(1L)));
    assertThat(f.files("alice")).noneMatch(name -> name.startsWith("new/"));
    f.deliver("alice", "INBOX", "b\n");
    assertThat(f.messages("alice", "INBOX")).extracting(MessageRow::uid).containsExactly(2L);
  }

  @Test
  void renameMovesChildrenAndKeepsUidValidity() throws Exception {
    f.run(MailboxIntents.create("alice", "Projects"));
    f.run(MailboxIntents.create("alice", "Projects.2024"));
    f.deliver("alice", "Projects.2024", "x\n");
    String before = f.indexDump("alice");
    f.run(MailboxIntents.rename("alice", "Projects", "Old"));
    assertThat(f.maildir("alice").resolve(".Old.2024/new")).isDirectory();
    assertThat(f.maildir("alice").resolve(".Projects")).doesNotExist();
    String after = f.indexDump("alice");
    String validity = before.substring(before.indexOf("Projects.2024=") + 14).split(" ")[0];
    assertThat(after).contains("Old.2024=" + validity);
  }

  @Test
  void deleteMailboxRemovesItsFolderAndARecreatedOneGetsANewUidValidity() throws Exception {
    f.run(MailboxIntents.create("alice", "Tmp"));
    String first = f.indexDump("alice");
    f.run(MailboxIntents.delete("alice", "Tmp"));
    assertThat(f.maildir("alice").resolve(".Tmp")).doesNotExist();
    f.run(MailboxIntents.create("alice", "Tmp"));
    String v1 = first.substring(first.indexOf("Tmp=") + 4).split(" ")[0];
    String second = f.indexDump("alice");
    String v2 = second.substring(second.indexOf("Tmp=") + 4).split(" ")[0];
    assertThat(Long.parseLong(v2)).isGreaterThan(Long.parseLong(v1));
  }

  @Test
  void refusalsNameTheReason() {
    assertThatThrownBy(() -> f.deliver("alice", "Nope", "x\n"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_MAILBOX));
    assertThatThrownBy(() -> f.run(MailboxIntents.create("alice", "../../etc")))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_NAME));
    assertThatThrownBy(() -> f.run(MailboxIntents.delete("alice", "inbox")))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED));
    assertThatThrownBy(() -> f.run(UserIntents.add("../root", StoreFixture.HASH)))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_NAME));
    assertThatThrownBy(() -> f.run(MailboxIntents.create("bob", "X")))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_USER));
  }

  @Test
  void refusedRequestLeavesNoJournalEntry() throws Exception {
    long before = f.store.journal().lastSeq();
    try {
      f.run(MailboxIntents.create("alice", "Sent"));
    } catch (StoreException expected) {
      // Sent exists already.
    }
    assertThat(f.store.journal().lastSeq()).isEqualTo(before);
  }

  @Test
  void deleteUserRemovesMailIndexAndUsersLine() throws Exception {
    f.deliver("alice", "INBOX", "x\n");
    f.run(UserIntents.delete("alice"));
    assertThat(f.root.resolve("alice")).doesNotExist();
    assertThat(f.state.resolve("index/alice.db")).doesNotExist();
    assertThat(Files.readString(f.state.resolve("users"))).doesNotContain("alice:");
    f.run(UserIntents.add("alice", StoreFixture.HASH));
    assertThat(f.files("alice")).contains(".Sent/maildirfolder");
  }

  @Test
  void passwordChangeRewritesTheUsersFile() throws Exception {
    String other = "pbkdf2-sha256$1000$c2FsdA$b3RoZXI";
    f.run(UserIntents.changePassword("alice", other));
    assertThat(f.store.users().passwordHash("alice")).contains(other);
    f.reopen();
    assertThat(f.store.users().passwordHash("alice")).contains(other);
  }
}
