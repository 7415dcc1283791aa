package io.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several user changes applied with one rewrite, in order, all or nothing. */
class UsersFileBatchTest {
  static final String HASH_A = "pbkdf2-sha256$1000$c2FsdA$YQ";
  static final String HASH_B = "pbkdf2-sha256$1000$c2FsdA$Yg";

  @TempDir Path dir;

  @Test
  void laterChangesInABatchWinAndRemovalsApply() throws Exception {
    UsersFile users = UsersFile.load(dir.resolve("users"));
    users.put("carol", HASH_A);
    Map<String, String> batch = new LinkedHashMap<>();
    batch.put("alice", HASH_A);
    batch.put("bob", HASH_A);
    batch.put("alice", HASH_B);
    batch.put("carol", null);
    users.apply(batch);
    UsersFile reloaded = UsersFile.load(dir.resolve("users"));
    assertThat(reloaded.names()).containsExactly("alice", "bob");
    assertThat(reloaded.passwordHash("alice")).contains(HASH_B);
  }

  @Test
  void aBadChangeRefusesTheWholeBatchAndLeavesTheFileAsItWas() throws Exception {
    UsersFile users = UsersFile.load(dir.resolve("users"));
    users.put("carol", HASH_A);
    String before = Files.readString(dir.resolve("users"));
    Map<String, String> batch = new LinkedHashMap<>();
    batch.put("alice", HASH_A);
    batch.put("bad\nname", HASH_A);
    assertThatThrownBy(() -> users.apply(batch)).isInstanceOf(UsersFile.UsersFileException.class);
    assertThat(Files.readString(dir.resolve("users"))).isEqualTo(before);
    assertThat(users.contains("alice")).isFalse();
  }
}
