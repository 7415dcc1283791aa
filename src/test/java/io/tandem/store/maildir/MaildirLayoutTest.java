package io.tandem.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.store.Names;
import io.tandem.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaildirLayoutTest {
  @TempDir Path root;

  private MaildirLayout layout() {
    return new MaildirLayout(root);
  }

  @Test
  void rootIsAbsoluteAndNormalized() {
    MaildirLayout layout = new MaildirLayout(root.resolve("x/../store"));

    assertThat(layout.root()).isEqualTo(root.resolve("store").toAbsolutePath());
  }

  @Test
  void inboxIsTheMaildirRoot() {
    MaildirLayout layout = layout();

    assertThat(layout.userHome("alice")).isEqualTo(root.resolve("alice"));
    assertThat(layout.maildir("alice")).isEqualTo(root.resolve("alice/Maildir"));
    assertThat(layout.mailbox("alice", "INBOX")).isEqualTo(root.resolve("alice/Maildir"));
    assertThat(layout.cur("alice", "INBOX")).isEqualTo(root.resolve("alice/Maildir/cur"));
    assertThat(layout.newDir("alice", "INBOX")).isEqualTo(root.resolve("alice/Maildir/new"));
  }

  @Test
  void foldersAreMaildirPlusPlusDotNames() {
    MaildirLayout layout = layout();

    assertThat(layout.mailbox("alice", "Archive.2024"))
        .isEqualTo(root.resolve("alice/Maildir/.Archive.2024"));
    assertThat(layout.cur("alice", "Archive.2024"))
        .isEqualTo(root.resolve("alice/Maildir/.Archive.2024/cur"));
    assertThat(layout.newDir("alice", "Sent")).isEqualTo(root.resolve("alice/Maildir/.Sent/new"));
    assertThat(layout.mailbox("alice", "INBOX.child"))
        .isEqualTo(root.resolve("alice/Maildir/.INBOX.child"));
  }

  @Test
  void spoolIsAHiddenFolderOfTheRoot() {
    assertThat(layout().spool()).isEqualTo(root.resolve(".tandem-spool"));
  }

  @Test
  void messageWithoutFlagsThatNeverHadAnyIsInNew() {
    assertThat(MaildirLayout.relativeFile("b1", "", false)).isEqualTo("new/b1");
  }

  @Test
  void flaggedMessageIsInCurWithInfoSuffix() {
    assertThat(MaildirLayout.relativeFile("b1", "FS", false)).isEqualTo("cur/b1:2,FS");
    assertThat(MaildirLayout.relativeFile("b1", "S", true)).isEqualTo("cur/b1:2,S");
  }

  @Test
  void messageThatHadFlagsStaysInCurWhenTheyAreRemoved() {
    assertThat(MaildirLayout.relativeFile("b1", "", true)).isEqualTo("cur/b1:2,");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "..", ".", "", "../../etc", "a/../../x", "/.."})
  void hostileUserNameIsRefusedByTheContainmentCheck(String user) {
    MaildirLayout layout = layout();

    assertThatThrownBy(() -> layout.userHome(user))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("escapes the store root");
    assertThatThrownBy(() -> layout.mailbox(user, "INBOX"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> layout.cur(user, "Sent"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../../../x", "/../../../../etc/passwd"})
  void hostileMailboxNameLeavingTheRootIsRefused(String mailbox) {
    MaildirLayout layout = layout();

    assertThatThrownBy(() -> layout.mailbox("alice", mailbox))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("escapes the store root");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../../bob", "/../../bob/Maildir", "/..", "/../.."})
  void hostileMailboxNameCannotLeaveTheUsersMaildir(String mailbox) {
    // "/../../bob/Maildir" resolves to bob's INBOX: still under the store root, so the root
    // check lets it through, but it is another user's mail.
    MaildirLayout layout = layout();

    assertThatThrownBy(() -> layout.mailbox("alice", mailbox))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyMailboxNameThatNamesAcceptsFitsInAFolderName() throws Exception {
    // Linux (ext4, xfs, tmpfs) allows 255 bytes per file name; the folder adds a leading '.'.
    MaildirLayout layout = layout();
    int accepted = 0;
    for (String unit : new String[] {"a", "ü", "€"}) {
      for (int bytes = 245; bytes <= 260; bytes++) {
        String name = unit.repeat(bytes / unit.getBytes(StandardCharsets.UTF_8).length);
        try {
          name = Names.mailbox(name);
        } catch (StoreException refused) {
          continue;
        }
        accepted++;
        Path folder = layout.mailbox("alice", name);
        String mailbox = name;

        assertThat(folder.getFileName().toString().getBytes(StandardCharsets.UTF_8).length)
            .as("folder name bytes for a %d-byte mailbox name",
                name.getBytes(StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(255);
        assertThatCode(() -> Files.createDirectories(layout.cur("alice", mailbox)))
            .doesNotThrowAnyException();
      }
    }
    assertThat(accepted).as("names near the limit that Names accepts").isGreaterThan(10);
  }

  @Test
  void deepUnicodeMailboxCanBeCreated() throws Exception {
    String name = Names.mailbox("Entwürfe.送信済み.📁");
    MaildirLayout layout = layout();

    Files.createDirectories(layout.cur("alice", name));

    assertThat(root.resolve("alice/Maildir/.Entwürfe.送信済み.📁/cur")).isDirectory();
  }
}
