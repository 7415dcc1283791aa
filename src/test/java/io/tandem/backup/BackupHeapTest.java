package io.tandem.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 0021: the backup's memory does not grow with the store. {@link BackupBench} (a store of
 * 60,000 messages over 60 users and one of 3,000, a full run, a night of changes and its run with
 * retention, verify, list, the restore of a user, a disaster restore of it all into a second,
 * empty store) runs in a JVM of its own with a 24 MiB heap, which exits at the first
 * OutOfMemoryError. Before ADR 0021 the run held every message several
 * times over: 30,000 messages already ran out of a 20 MiB heap (the same code fitted 40 MiB),
 * and the need grew with each message. The limit is the JVM's, so the outcome is exit code 0 or
 * an OutOfMemoryError, never a matter of timing.
 */
class BackupHeapTest {
  static final String HEAP = "-Xmx24m";

  @TempDir
  Path dir;

  @Test
  void aFullBackupAndEverythingAfterItFitASmallHeap() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = dir.resolve("out.txt");
    Files.createDirectories(dir.resolve("run"));
    Process process = new ProcessBuilder(java.toString(), HEAP, "-XX:+ExitOnOutOfMemoryError",
        "-cp",
        System.getProperty("java.class.path"), BackupBench.class.getName(),
        dir.resolve("run").toString(), "60000", "60", "3000")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    // A guard against a hung child, not a measure: the run takes a few minutes on 2 loaded cores.
    boolean ended = process.waitFor(20, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(ended).as(output).isTrue();
    assertThat(output).doesNotContain("OutOfMemoryError");
    assertThat(process.exitValue()).as(output).isZero();
    List<String> steps = output.lines().filter(l -> !l.startsWith("20")).toList();
    assertThat(steps).anyMatch(l -> l.startsWith("full backup") && l.contains("puts=60000"))
        .anyMatch(l -> l.startsWith("verify") && l.contains("problems=0"))
        .anyMatch(l -> l.startsWith("restore of user big") && l.contains("messages=3000"))
        // Every user's folders, flags and bodies as in the first store; before the disaster
        // restore streamed from a scratch file, its replayed state of 60,000 messages did not
        // fit this heap.
        .anyMatch(l -> l.startsWith("disaster restore") && l.contains("users=61")
            && l.contains("users_equal=61"));
  }
}
