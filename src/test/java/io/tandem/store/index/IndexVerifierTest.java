package io.tandem.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.store.maildir.MaildirLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexVerifierTest {
  @TempDir Path dir;

  private MaildirLayout layout;
  private UserIndex index;
  private long inbox;
  private long sent;

  @BeforeEach
  void soundStore() throws Exception {
    layout = new MaildirLayout(dir.resolve("store"));
    index = UserIndex.open(dir.resolve("alice.db"), "alice");
    inbox = mailbox("INBOX");
    sent = mailbox("Sent");
    Files.createFile(layout.mailbox("alice", "Sent").resolve("maildirfolder"));
    message(inbox, 1, "new/b1", "first");
    message(inbox, 2, "cur/b2:2,S", "second");
    message(sent, 1, "cur/s1:2,", "sent");
    index.commit();
  }

  @AfterEach
  void closeIndex() throws Exception {
    index.close();
  }

  private long mailbox(String name) throws Exception {
    index.insertMailbox(name, 1, null);
    Files.createDirectories(layout.cur("alice", name));
    Files.createDirectories(layout.newDir("alice", name));
    Files.createDirectories(layout.mailbox("alice", name).resolve("tmp"));
    return index.mailbox(name).orElseThrow().id();
  }

  private void message(long box, long uid, String file, String content) throws Exception {
    String name = box == inbox ? "INBOX" : "Sent";
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    Files.write(layout.mailbox("alice", name).resolve(file), bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    index.insertMessage(box, new MessageRow(uid, 1, List.of(), 0, bytes.length, sha, file));
  }

  private List<String> verify(boolean hashes) throws Exception {
    return new IndexVerifier(layout, hashes).verify(index);
  }

  @Test
  void soundStoreHasNoProblems() throws Exception {
    assertThat(verify(true)).isEmpty();
  }

  @Test
  void missingFileIsReported() throws Exception {
    Files.delete(layout.mailbox("alice", "INBOX").resolve("new/b1"));

    assertThat(verify(false)).containsExactly("alice/INBOX: UID 1: file new/b1 is missing");
  }

  @Test
  void fileTheIndexDoesNotKnowIsReported() throws Exception {
    Files.writeString(layout.cur("alice", "Sent").resolve("x9:2,FS"), "stray");

    assertThat(verify(false))
        .containsExactly("alice/Sent: file cur/x9:2,FS (x9) is not in the index");
  }

  @Test
  void fileInTheWrongFolderIsBothMissingAndUnknown() throws Exception {
    Path maildir = layout.mailbox("alice", "INBOX");
    Files.move(maildir.resolve("new/b1"), maildir.resolve("cur/b1:2,"));

    assertThat(verify(false)).containsExactlyInAnyOrder(
        "alice/INBOX: UID 1: file new/b1 is missing",
        "alice/INBOX: file cur/b1:2, (b1) is not in the index");
  }

  @Test
  void changedContentIsReportedOnlyWhenHashesAreChecked() throws Exception {
    Files.writeString(layout.mailbox("alice", "INBOX").resolve("cur/b2:2,S"), "tampered");

    assertThat(verify(true)).containsExactly(
        "alice/INBOX: UID 2: file cur/b2:2,S does not match its SHA-256 (corrupt)");
    assertThat(verify(false)).isEmpty();
  }

  @Test
  void missingFolderMarkerIsReportedForFoldersOnly() throws Exception {
    Files.delete(layout.mailbox("alice", "Sent").resolve("maildirfolder"));

    assertThat(verify(false)).containsExactly("alice/Sent: maildirfolder marker is missing");
  }

  @Test
  void missingCurFolderIsReported() throws Exception {
    Path cur = layout.cur("alice", "Sent");
    Files.delete(cur.resolve("s1:2,"));
    Files.delete(cur);

    assertThat(verify(false)).containsExactlyInAnyOrder(
        "alice/Sent: UID 1: file cur/s1:2, is missing",
        "alice/Sent: folder " + cur + " is missing");
  }

  @Test
  void verifyingChangesNothing() throws Exception {
    Files.writeString(layout.cur("alice", "Sent").resolve("x9:2,FS"), "stray");

    verify(true);

    assertThat(layout.cur("alice", "Sent").resolve("x9:2,FS")).hasContent("stray");
    assertThat(index.messageCount()).isEqualTo(3);
  }
}
