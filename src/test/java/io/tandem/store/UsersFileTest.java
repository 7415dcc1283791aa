package io.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.store.UsersFile.UsersFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
  private static final String HASH_A = "pbkdf2-sha256$1000$c2FsdEE$aGFzaEE";
  private static final String HASH_B = "pbkdf2-sha256$1000$c2FsdEI$aGFzaEI";

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("users.file");
  }

  private void writeLines(String... lines) throws Exception {
    Files.writeString(file(), String.join("\n", lines) + "\n");
  }

  private String[] filesInDir() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void missingFileLoadsEmptyAndIsNotCreated() throws Exception {
    UsersFile users = UsersFile.load(file());

    assertThat(users.size()).isZero();
    assertThat(users.names()).isEmpty();
    assertThat(users.contains("alice")).isFalse();
    assertThat(users.passwordHash("alice")).isEmpty();
    assertThat(users.path()).isEqualTo(file());
    assertThat(file()).doesNotExist();
  }

  @Test
  void putIsPersisted() throws Exception {
    UsersFile users = UsersFile.load(file());

    users.put("bob", HASH_B);
    users.put("alice", HASH_A);

    UsersFile reloaded = UsersFile.load(file());
    assertThat(reloaded.names()).containsExactly("alice", "bob");
    assertThat(reloaded.passwordHash("alice")).contains(HASH_A);
    assertThat(reloaded.passwordHash("bob")).contains(HASH_B);
    assertThat(filesInDir()).containsExactly("users.file");
  }

  @Test
  void putReplacesAHash() throws Exception {
    UsersFile users = UsersFile.load(file());
    users.put("alice", HASH_A);

    users.put("alice", HASH_B);

    assertThat(users.passwordHash("alice")).contains(HASH_B);
    assertThat(UsersFile.load(file()).passwordHash("alice")).contains(HASH_B);
    assertThat(UsersFile.load(file()).size()).isEqualTo(1);
  }

  @Test
  void removeIsPersisted() throws Exception {
    UsersFile users = UsersFile.load(file());
    users.put("alice", HASH_A);
    users.put("bob", HASH_B);

    users.remove("alice");

    assertThat(users.names()).containsExactly("bob");
    assertThat(UsersFile.load(file()).names()).containsExactly("bob");
    assertThat(filesInDir()).containsExactly("users.file");
  }

  @Test
  void removingAnUnknownUserChangesNothing() throws Exception {
    UsersFile users = UsersFile.load(file());

    users.remove("nobody");

    assertThat(file()).doesNotExist();
  }

  @Test
  void writtenFileIsOneLinePerUserUnderAComment() throws Exception {
    UsersFile users = UsersFile.load(file());
    users.put("bob", HASH_B);
    users.put("alice", HASH_A);

    assertThat(Files.readAllLines(file()))
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).startsWith("#"))
        .endsWith("alice:" + HASH_A, "bob:" + HASH_B);
  }

  @Test
  void namesAreACopy() throws Exception {
    UsersFile users = UsersFile.load(file());
    users.put("alice", HASH_A);

    users.names().clear();

    assertThat(users.names()).containsExactly("alice");
  }

  @Test
  void commentsBlankLinesAndSurroundingSpaceAreIgnored() throws Exception {
    writeLines("# users", "", "   ", "  # indented comment", "alice:" + HASH_A,
        "  bob:" + HASH_B + "  \r", "");

    UsersFile users = UsersFile.load(file());

    assertThat(users.names()).containsExactly("alice", "bob");
    assertThat(users.passwordHash("bob")).contains(HASH_B);
  }

  @Test
  void lineWithoutColonIsNamedByFileAndLine() throws Exception {
    writeLines("# users", "alice:" + HASH_A, "bob");

    assertThatThrownBy(() -> UsersFile.load(file()))
        .isInstanceOf(UsersFileException.class)
        .hasMessage(file() + ":3: expected NAME:PASSWORD-HASH");
  }

  @Test
  void badUserNameIsNamedByFileAndLine() throws Exception {
    writeLines("Bob:" + HASH_B);

    assertThatThrownBy(() -> UsersFile.load(file()))
        .isInstanceOf(UsersFileException.class)
        .hasMessageStartingWith(file() + ":1: user name 'Bob' may only hold");
  }

  @Test
  void emptyUserNameIsNamedByFileAndLine() throws Exception {
    writeLines("", ":" + HASH_B);

    assertThatThrownBy(() -> UsersFile.load(file()))
        .hasMessage(file() + ":2: a user name cannot be empty");
  }

  @Test
  void hashThatIsNotPbkdf2IsNamedByFileAndLine() throws Exception {
    writeLines("alice:" + HASH_A, "bob:$6$rounds=5000$salt$hash");

    assertThatThrownBy(() -> UsersFile.load(file()))
        .isInstanceOf(UsersFileException.class)
        .hasMessage(file() + ":2: the password of 'bob' is not a pbkdf2-sha256 hash;"
            + " set it with 'tandem user passwd'");
  }

  @Test
  void plainTextPasswordIsRefused() throws Exception {
    writeLines("bob:hunter2");

    assertThatThrownBy(() -> UsersFile.load(file()))
        .hasMessageStartingWith(file() + ":1: the password of 'bob' is not a pbkdf2-sha256");
  }

  @Test
  void duplicateUserIsNamedByFileAndLine() throws Exception {
    writeLines("alice:" + HASH_A, "# again", "alice:" + HASH_B);

    assertThatThrownBy(() -> UsersFile.load(file()))
        .isInstanceOf(UsersFileException.class)
        .hasMessage(file() + ":3: user 'alice' appears twice");
  }

  @Test
  void controlCharactersInABadLineAreNotEchoed() throws Exception {
    writeLines("bo\u001bb:" + HASH_B);

    assertThatThrownBy(() -> UsersFile.load(file()))
        .hasMessageContaining("'bo?b'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
  }
}
