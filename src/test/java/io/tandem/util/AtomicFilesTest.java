package io.tandem.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private String[] namesIn(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void writeCreatesTheFile() throws Exception {
    Path file = dir.resolve("users.file");

    AtomicFiles.write(file, "hello\n".getBytes(StandardCharsets.UTF_8));

    assertThat(file).hasContent("hello");
    assertThat(namesIn(dir)).containsExactly("users.file");
  }

  @Test
  void writeReplacesTheWholeContent() throws Exception {
    Path file = dir.resolve("users.file");
    Files.writeString(file, "a much longer old content that must not survive in part");

    AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readAllBytes(file)).isEqualTo("new".getBytes(StandardCharsets.UTF_8));
    assertThat(namesIn(dir)).containsExactly("users.file");
  }

  @Test
  void writeOfNothingLeavesAnEmptyFile() throws Exception {
    Path file = dir.resolve("f");
    Files.writeString(file, "old");

    AtomicFiles.write(file, new byte[0]);

    assertThat(file).isEmptyFile();
  }

  @Test
  void largeContentIsWrittenCompletely() throws Exception {
    byte[] bytes = new byte[5 * 1024 * 1024 + 17];
    new SplittableRandom(1).nextBytes(bytes);
    Path file = dir.resolve("big");

    AtomicFiles.write(file, bytes);

    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void missingParentFoldersAreCreated() throws Exception {
    Path file = dir.resolve("a/b/c.txt");

    AtomicFiles.write(file, "x".getBytes(StandardCharsets.UTF_8));

    assertThat(file).hasContent("x");
    assertThat(namesIn(dir.resolve("a/b"))).containsExactly("c.txt");
  }

  @Test
  void repeatedWritesLeaveNoTemporaryFileBehind() throws Exception {
    Path file = dir.resolve("state");
    for (int i = 0; i < 20; i++) {
      AtomicFiles.write(file, ("v" + i).getBytes(StandardCharsets.UTF_8));
    }

    assertThat(file).hasContent("v19");
    assertThat(namesIn(dir)).containsExactly("state");
  }

  @Test
  void staleTemporaryFileFromACrashIsReplaced() throws Exception {
    Path file = dir.resolve("state");
    Files.writeString(dir.resolve(".state.tmp"), "half-written garbage from before a crash");

    AtomicFiles.write(file, "ok".getBytes(StandardCharsets.UTF_8));

    assertThat(file).hasContent("ok");
    assertThat(namesIn(dir)).containsExactly("state");
  }

  @Test
  void fsyncOfFileAndDirectoryWorks() throws Exception {
    Path file = dir.resolve("f");
    Files.writeString(file, "x");

    Fsync.file(file);
    Fsync.directory(dir);

    assertThat(file).hasContent("x");
  }
}
