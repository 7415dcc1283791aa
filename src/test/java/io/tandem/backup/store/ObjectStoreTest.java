package io.tandem.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
  @TempDir Path store;
  @TempDir Path target;

  private Path message(String name, String text) throws IOException {
    return Files.writeString(store.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void putStoresUnderTheHashAndReadsBackVerified() throws Exception {
    Path file = message("m1", "Subject: hi\n\nhello\n");
    String sha = Sha256.ofFile(file);
    ObjectStore objects = new ObjectStore(target);

    assertThat(objects.put(file, sha)).isTrue();

    Path stored = target.resolve("objects").resolve(sha.substring(0, 2)).resolve(sha.substring(2));
    assertThat(stored).hasSameBinaryContentAs(file);
    assertThat(objects.has(sha)).isTrue();
    assertThat(objects.verify(sha)).isTrue();
    assertThat(objects.list()).containsExactly(sha);
    try (InputStream in = objects.open(sha)) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void theSameBodyInTwoFoldersIsStoredOnce() throws Exception {
    Path inbox = message("inbox-copy", "same body\n");
    Path archive = message("archive-copy", "same body\n");
    String sha = Sha256.ofFile(inbox);
    ObjectStore objects = new ObjectStore(target);

    assertThat(objects.put(inbox, sha)).isTrue();
    Files.delete(archive); // the second put must not even read its source
    assertThat(objects.put(archive, sha)).isFalse();

    assertThat(objects.list()).containsExactly(sha);
  }

  @Test
  void aSourceThatDoesNotMatchItsHashIsRefusedAndNothingIsStored() throws Exception {
    Path file = message("m1", "original\n");
    String sha = Sha256.ofFile(file);
    Files.writeString(file, "0riginal\n"); // bit rot on the appliance
    ObjectStore objects = new ObjectStore(target);

    assertThatThrownBy(() -> objects.put(file, sha))
        .isInstanceOf(CorruptSourceException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(sha);

    assertThat(objects.has(sha)).isFalse();
    assertThat(objects.list()).isEmpty();
    try (var left = Files.list(target.resolve("objects").resolve(ObjectStore.TMP))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aLeftoverTemporaryFromAnInterruptedWriteIsIgnoredAndCleaned() throws Exception {
    Path file = message("m1", "complete body\n");
    String sha = Sha256.ofFile(file);
    Path tmp = Files.createDirectories(target.resolve("objects").resolve(ObjectStore.TMP));
    Files.writeString(tmp.resolve(sha + "-crashed"), "compl"); // killed half-way
    ObjectStore objects = new ObjectStore(target);

    assertThat(objects.has(sha)).isFalse();
    assertThat(objects.list()).isEmpty();
    assertThat(objects.put(file, sha)).isTrue();
    assertThat(objects.verify(sha)).isTrue();

    assertThat(objects.cleanTemporaries()).isEqualTo(1);
    assertThat(objects.list()).containsExactly(sha);
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aCorruptedObjectFailsVerifyAndItsReadThrowsNamingTheFile() throws Exception {
    Path file = message("m1", "body to rot\n");
    String sha = Sha256.ofFile(file);
    ObjectStore objects = new ObjectStore(target);
    objects.put(file, sha);
    Files.writeString(objects.pathOf(sha), "body to r0t\n");

    assertThat(objects.verify(sha)).isFalse();
    assertThatThrownBy(() -> {
      try (InputStream in = objects.open(sha)) {
        in.readAllBytes();
      }
    }).isInstanceOf(IOException.class).hasMessageContaining(objects.pathOf(sha).toString());
  }

  @Test
  void deleteRemovesAnObject() throws Exception {
    Path file = message("m1", "x\n");
    String sha = Sha256.ofFile(file);
    ObjectStore objects = new ObjectStore(target);
    objects.put(file, sha);

    assertThat(objects.delete(sha)).isTrue();
    assertThat(objects.delete(sha)).isFalse();
    assertThat(objects.list()).isEmpty();
  }
}
