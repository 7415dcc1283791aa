package io.tandem.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.util.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectWriterTest {
  @TempDir Path target;

  private static byte[] body(int i) {
    return ("Subject: " + i + "\n\nbody " + i + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static boolean put(ObjectWriter writer, byte[] bytes, String sha) throws IOException {
    return writer.put(new ByteArrayInputStream(bytes), Path.of("m"), sha, bytes.length);
  }

  @Test
  void moreObjectsThanFitInFlightAreAllNamedAndVerifiedAfterFlushDuplicatesOnce()
      throws Exception {
    ObjectStore objects = new ObjectStore(target);
    AtomicLong storedBytes = new AtomicLong();
    AtomicLong storedCount = new AtomicLong();
    List<String> shas = new ArrayList<>();
    long expectedBytes = 0;
    try (ObjectWriter writer = new ObjectWriter(objects, size -> {
      storedCount.incrementAndGet();
      storedBytes.addAndGet(size);
    })) {
      for (int i = 0; i < ObjectWriter.IN_FLIGHT * 2 + 7; i++) {
        byte[] bytes = body(i);
        String sha = Sha256.hexOf(bytes);
        shas.add(sha);
        expectedBytes += bytes.length;
        assertThat(put(writer, bytes, sha)).isTrue();
        // The same body again (another folder) in the same batch: not copied twice.
        assertThat(put(writer, bytes, sha)).isFalse();
      }
      writer.flush();
    }
    shas.sort(null);
    assertThat(objects.list()).isEqualTo(shas);
    for (String sha : shas) {
      assertThat(objects.verify(sha)).isTrue();
    }
    assertThat(storedCount.get()).isEqualTo(shas.size());
    assertThat(storedBytes.get()).isEqualTo(expectedBytes);
    try (var left = Files.list(objects.root().resolve(ObjectStore.TMP))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aCorruptSourceIsRefusedAtOnceAndTheOthersAreStored() throws Exception {
    ObjectStore objects = new ObjectStore(target);
    String good = Sha256.hexOf(body(1));
    String claimed = Sha256.hexOf(body(2));
    try (ObjectWriter writer = new ObjectWriter(objects, size -> { })) {
      assertThat(put(writer, body(1), good)).isTrue();
      assertThatThrownBy(() -> put(writer, "0riginal\n".getBytes(StandardCharsets.UTF_8),
          claimed)).isInstanceOf(CorruptSourceException.class).hasMessageContaining(claimed);
      writer.flush();
    }
    assertThat(objects.list()).containsExactly(good);
  }

  @Test
  void anObjectThatCannotBeNamedFailsTheFlushAndLeavesNoTemporary() throws Exception {
    ObjectStore objects = new ObjectStore(target);
    byte[] bytes = body(3);
    String sha = Sha256.hexOf(bytes);
    // Its fan-out folder's name is taken by a file: the rename cannot happen.
    Files.createDirectories(objects.root());
    Files.writeString(objects.root().resolve(sha.substring(0, 2)), "in the way");
    try (ObjectWriter writer = new ObjectWriter(objects, size -> { })) {
      assertThat(put(writer, bytes, sha)).isTrue();
      assertThatThrownBy(writer::flush).isInstanceOf(IOException.class);
    }
    assertThat(objects.has(sha)).isFalse();
    try (var left = Files.list(objects.root().resolve(ObjectStore.TMP))) {
      assertThat(left).isEmpty();
    }
  }
}
