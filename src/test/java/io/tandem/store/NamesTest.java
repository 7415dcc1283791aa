package io.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  /** A refusal is a BAD_NAME StoreException whose message holds no raw control character. */
  private static StoreException refused(ThrowingName call) {
    StoreException e = catchThrowableOfType(StoreException.class, call::run);
    assertThat(e).as("expected the name to be refused").isNotNull();
    assertThat(e.reason()).isEqualTo(StoreException.Reason.BAD_NAME);
    assertThat(e.getMessage()).isNotBlank();
    assertThat(e.getMessage().codePoints().filter(Character::isISOControl).toArray())
        .as("control characters in the message %s", visible(e.getMessage()))
        .isEmpty();
    return e;
  }

  private static String visible(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  @FunctionalInterface
  interface ThrowingName {
    void run() throws StoreException;
  }

  // ---- users

  @ParameterizedTest
  @ValueSource(strings = {"alice", "a", "0", "bob-smith", "bob_smith", "bob.smith", "a.b.c",
      "user42", "4you", "a-", "a_", "x.-", "a234567890123456789012345678901234567890123456789012345678901234"})
  void validUserNamesAreAccepted(String name) throws Exception {
    assertThat(Names.user(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Alice", "ALICE", "aliCe"})
  void upperCaseUserNamesAreRefused(String name) {
    StoreException e = refused(() -> Names.user(name));

    assertThat(e.getMessage()).contains("'" + name + "'").contains("a-z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a..b", ".alice", "alice.", "a/b", "/", "../x", "a\\b",
      "-alice", "_alice", "al ice", "alice@example.com", "jörg", "a:b", "a*"})
  void userNamesThatCouldMisbehaveAsPathsAreRefused(String name) {
    refused(() -> Names.user(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "a\tb", "a\u001b[31mb", "a\u007fb"})
  void controlCharactersInUserNamesAreRefusedAndNotEchoed(String name) {
    StoreException e = refused(() -> Names.user(name));

    assertThat(e.getMessage()).contains("'a?");
  }

  @Test
  void c1ControlCharactersInUserNamesAreNotEchoed() {
    // U+009B is the 8-bit CSI: a terminal that honours it would run the escape sequence.
    refused(() -> Names.user("x\u009b2J"));
    refused(() -> Names.user("x\u0085y"));
  }

  @Test
  void emptyAndNullUserNamesAreRefused() {
    assertThat(refused(() -> Names.user("")).getMessage()).isEqualTo("a user name cannot be empty");
    assertThat(refused(() -> Names.user(null)).getMessage())
        .isEqualTo("a user name cannot be empty");
  }

  @Test
  void overLongUserNameIsRefused() {
    String name = "a".repeat(65);

    assertThat(refused(() -> Names.user(name)).getMessage())
        .isEqualTo("user name longer than 64 characters");
  }

  // ---- mailboxes

  @ParameterizedTest
  @ValueSource(strings = {"INBOX", "inbox", "Inbox", "iNbOx"})
  void inboxInAnyCaseBecomesInbox(String name) throws Exception {
    assertThat(Names.mailbox(name)).isEqualTo("INBOX");
  }

  @ParameterizedTest
  @CsvSource({"inbox.child, INBOX.child", "Inbox.Sent.2024, INBOX.Sent.2024",
      "INBOX.x, INBOX.x", "Inboxes, Inboxes", "inboxes.a, inboxes.a", "My.inbox, My.inbox",
      "Archive.2024, Archive.2024", "Sent, Sent"})
  void mailboxNamesAreCanonical(String name, String canonical) throws Exception {
    assertThat(Names.mailbox(name)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Entwürfe", "Доставленные", "送信済み", "📁 Mail", "Mail.📁.2024",
      "a b", "a&b", "[Gmail]", "a~b", "a:b", "\u00a0"})
  void unicodeAndPunctuationAreAllowedInMailboxNames(String name) throws Exception {
    assertThat(Names.mailbox(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "/etc", "a\\b", "a*", "*", "a%", "%", "../x", "x/.."})
  void forbiddenCharactersAreRefusedInMailboxNames(String name) {
    StoreException e = refused(() -> Names.mailbox(name));

    assertThat(e.getMessage()).contains("forbidden character").contains("'" + name + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "a\tb", "a\u001b[2Jb", "a\u007fb",
      "a\u0001b"})
  void controlCharactersAreRefusedInMailboxNamesAndNotEchoed(String name) {
    StoreException e = refused(() -> Names.mailbox(name));

    assertThat(e.getMessage()).contains("'a?").contains("forbidden character");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0085b", "a\u009bb", "a\u0080b", "a\u009fb"})
  void c1ControlCharactersAreRefusedInMailboxNames(String name) {
    // The refusal message promises "control characters ... are not allowed"; C1 controls
    // (U+0080..U+009F) are control characters too.
    refused(() -> Names.mailbox(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a..b", ".a", "a.", ".", "..", "...", "INBOX.", ".INBOX", "a.b..c",
      "inbox..x"})
  void emptyLevelsAreRefused(String name) {
    StoreException e = refused(() -> Names.mailbox(name));

    assertThat(e.getMessage()).contains("empty level");
  }

  @Test
  void emptyAndNullMailboxNamesAreRefused() {
    assertThat(refused(() -> Names.mailbox("")).getMessage())
        .isEqualTo("a mailbox name cannot be empty");
    assertThat(refused(() -> Names.mailbox(null)).getMessage())
        .isEqualTo("a mailbox name cannot be empty");
  }

  @Test
  void mailboxNameLengthIsCountedInUtf8Bytes() throws Exception {
    // The exact limit (255 today) is checked against real folder names in MaildirLayoutTest.
    assertThat(Names.mailbox("a".repeat(250))).hasSize(250);
    assertThat(Names.mailbox("ü".repeat(125))).hasSize(125);

    assertThat(refused(() -> Names.mailbox("a".repeat(256))).getMessage())
        .matches("mailbox name longer than 25[45] bytes");
    refused(() -> Names.mailbox("ü".repeat(128)));
    refused(() -> Names.mailbox("📁".repeat(64)));
    refused(() -> Names.mailbox("a.".repeat(127) + "ab"));
  }

  @Test
  void mailboxNestingIsLimitedTo16Levels() throws Exception {
    String sixteen = String.join(".", Collections.nCopies(16, "a"));
    String seventeen = sixteen + ".a";

    assertThat(Names.mailbox(sixteen)).isEqualTo(sixteen);
    assertThat(refused(() -> Names.mailbox(seventeen)).getMessage())
        .isEqualTo("mailbox name nested deeper than 16 levels");
  }

  @Test
  void longNamesAreShortenedInMessages() {
    String name = "x".repeat(200) + "/";

    String message = refused(() -> Names.mailbox(name)).getMessage();

    assertThat(message).contains("'" + "x".repeat(80) + "...'").doesNotContain("x".repeat(81));
  }

  @Test
  void parentIsTheNameUpToTheLastSeparator() {
    assertThat(Names.parent("Archive.2024.Q1")).isEqualTo("Archive.2024");
    assertThat(Names.parent("Archive.2024")).isEqualTo("Archive");
    assertThat(Names.parent("Archive")).isNull();
    assertThat(Names.parent("INBOX")).isNull();
  }
}
