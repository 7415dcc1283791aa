package io.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.store.write.UserIntents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot-swap guard end to end: a pair in this JVM with simulated enclosures (the default one:
 * bays 1-4, md0 raid1 on bays 1 and 2 holding the store, md1 raid1 on bays 3 and 4, two power
 * supplies), driven with {@code tandem sim}, asked with {@code tandem hotswap plan}.
 */
class HotswapPairTest {
  private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private PairFixture pair;

  @AfterEach
  void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  /** What one command printed and returned. */
  private record Run(int code, String out) {}

  private static synchronized Run tandem(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      int code = Tandem.run(args);
      return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Run plan(String conf, String kind, int n) {
    return tandem("hotswap", "plan", kind, String.valueOf(n), "--config", conf);
  }

  /** Asks until the answer's exit code is {@code code} (the monitor polls every second). */
  private Run awaitPlan(String conf, String kind, int n, int code) throws Exception {
    AtomicReference<Run> last = new AtomicReference<>();
    PairFixture.awaitCondition(WAIT, () -> {
      last.set(plan(conf, kind, n));
      return last.get().code() == code;
    }, () -> "hotswap plan " + kind + " " + n + " never exited " + code + "; last answer: "
        + last.get());
    return last.get();
  }

  @Test
  void theGuardAnswersFromTheLiveHardwareAndTheReplicasState() throws Exception {
    String sim = "hardware.mode = sim\nhardware.poll = 1s\nhardware.debounce = 1\n";
    pair = new PairFixture(dir, sim + "hardware.sim.dir = " + dir.resolve("alpha-sim") + "\n",
        sim + "hardware.sim.dir = " + dir.resolve("beta-sim") + "\n");
    pair.run(UserIntents.add("alice", HASH));
    pair.deliver("alice", "INBOX", "hello\n");
    pair.awaitInStep(WAIT);
    String alpha = dir.resolve("alpha").resolve("alpha.conf").toString();
    String beta = dir.resolve("beta").resolve("beta.conf").toString();

    // Healthy, replica in sync: a member of the store's md0 may go, and one of md1.
    Run healthy = awaitPlan(alpha, "disk", 1, 0);
    assertThat(healthy.out()).contains("SAFE: disk 1 may be pulled")
        .contains("md0 (raid1) keeps a complete copy").contains("The replica is connected")
        .contains("tandem hotswap prepare disk 1");
    assertThat(plan(alpha, "disk", 3).code()).isZero();
    Run json = tandem("hotswap", "plan", "disk", "3", "--json", "--config", alpha);
    assertThat(json.out()).contains("\"verdict\" : \"SAFE\"").contains("\"target\" : \"disk 3\"")
        .contains("\"reasons\"").contains("\"steps\"");

    // The replica goes away: md0 would hold the only current copy; md1 is not the store's.
    pair.stopReplica();
    Run alone = awaitPlan(alpha, "disk", 1, 3);
    assertThat(alone.out()).contains("UNSAFE: do not pull disk 1")
        .contains("The replica is not connected");
    assertThat(plan(alpha, "disk", 3).code()).isZero();
    Run stopped = plan(beta, "disk", 1);
    assertThat(stopped.code()).isEqualTo(4);
    assertThat(stopped.out()).contains("the service of beta is not running")
        .contains("do not pull anything");
    pair.startReplica();
    pair.awaitInStep(WAIT);
    awaitPlan(alpha, "disk", 1, 0);

    // Bay 2 fails: bay 1 holds md0's last copy and is not the failing disk; bay 2 may go.
    assertThat(tandem("sim", "disk", "fail", "2", "--config", alpha).code()).isZero();
    Run wrongBay = awaitPlan(alpha, "disk", 1, 3);
    assertThat(wrongBay.out()).containsPattern("Bay 2, serial \\S+, is the failing disk"
        + " \\(faulty in md0\\); bay 1 is healthy")
        .contains("holds the last in-sync copy of md0 (raid1)")
        .contains("Replace the failing disk first: 'tandem hotswap plan disk 2'");
    Run failing = plan(alpha, "disk", 2);
    assertThat(failing.code()).as(failing.out()).isZero();
    assertThat(failing.out()).contains("is a faulty member of md0");

    // Power: both ok, then supply 2 loses AC and supply 1 must stay.
    assertThat(plan(alpha, "psu", 1).code()).isZero();
    assertThat(tandem("sim", "psu", "ac-lost", "2", "--config", alpha).code()).isZero();
    Run power = awaitPlan(alpha, "psu", 1, 3);
    assertThat(power.out()).contains("Power supply 2 is without AC power")
        .contains("Restore AC to power supply 2 first");
    assertThat(plan(alpha, "psu", 2).code()).isZero();

    assertThat(tandem("hotswap", "plan", "fan", "1", "--config", alpha).code()).isEqualTo(2);
  }
}
