package io.tandem.backup.store;

import static io.tandem.backup.store.ManifestsTest.entry;
import static io.tandem.backup.store.ManifestsTest.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionTest {
  private static final Instant DAY0 = Instant.parse("2026-12-01T02:00:00Z");

  private static Instant day(int n) {
    return DAY0.plus(Duration.ofDays(n));
  }

  private static Manifest run(String id, int day, String parent, Manifest.Change... changes) {
    return new Manifest(id, day(day), Optional.ofNullable(parent), day, day + 1,
        List.of(changes));
  }

  private static Manifest.Change put(long uid, String body) {
    return Manifest.Change.put(entry("alice", "INBOX", uid, body));
  }

  private static Manifest.Change del(long uid, String body, int day) {
    return Manifest.Change.remove(entry("alice", "INBOX", uid, body), day(day).toEpochMilli());
  }

  /**
   * Runs: f0 (full, day 0: a, b), d1 (day 1: delete a), d2 (day 2: put c), f10 (full, day 10: b,
   * c), d11 (day 11: delete c, put d), f20 (full, day 20: b, d). Decided at {@code now}, over the
   * runs taken by then, with a 7-day period. An object is live while a restorable run's state
   * holds it or its deletion is within the period, not because a kept base lists it: on day 19
   * f10 is kept as d11's base but c (deleted day 11) is purged.
   */
  private static final List<Manifest> RUNS = List.of(
      run("f0", 0, null, put(1, "a"), put(2, "b")),
      run("d1", 1, "f0", del(1, "a", 1)),
      run("d2", 2, "d1", put(3, "c")),
      run("f10", 10, null, put(2, "b"), put(3, "c")),
      run("d11", 11, "f10", del(3, "c", 11), put(4, "d")),
      run("f20", 20, null, put(2, "b"), put(4, "d")));

  @ParameterizedTest(name = "day {0}: restorable {1}, dropped {2}, live {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # now | restorable | droppable            | live objects | purgeable
        2   | f0 d1 d2   |                      | a b c        |
        8   | d1 d2      |                      | a b c        |
        9   | d2         |                      | b c          | a
        10  | f10        | f0 d1 d2             | b c          | a
        11  | f10 d11    | f0 d1 d2             | b c d        | a
        17  | f10 d11    | f0 d1 d2             | b c d        | a
        18  | d11        | f0 d1 d2             | b c d        | a
        19  | d11        | f0 d1 d2             | b d          | a c
        20  | f20        | f0 d1 d2 f10 d11     | b d          | a c
        60  | f20        | f0 d1 d2 f10 d11     | b d          | a c
      """)
  void decisions(int now, String restorable, String droppable, String live, String purgeable) {
    List<Manifest> taken = RUNS.stream().filter(r -> !r.time().isAfter(day(now))).toList();
    Retention.Plan plan = Retention.plan(taken, day(now), Retention.DEFAULT_DELETED);

    assertThat(plan.restorable()).containsExactlyInAnyOrder(words(restorable));
    assertThat(plan.droppable()).containsExactlyInAnyOrder(words(droppable));
    assertThat(plan.liveObjects())
        .containsExactlyInAnyOrder(Set.of(words(live)).stream().map(ManifestsTest::sha)
            .toArray(String[]::new));
    assertThat(plan.purgeable()).containsExactlyInAnyOrder(
        Set.of(words(purgeable)).stream().map(ManifestsTest::sha).toArray(String[]::new));
  }

  private static String[] words(String text) {
    return text == null || text.isBlank() ? new String[0] : text.trim().split("\\s+");
  }

  @Test
  void theNewestRunIsAlwaysRestorableAndItsMessagesKept() {
    Retention.Plan plan = Retention.plan(RUNS.subList(0, 5), day(400), Duration.ZERO);

    assertThat(plan.restorable()).containsExactly("d11");
    assertThat(plan.kept()).containsExactlyInAnyOrder("f10", "d11");
    assertThat(plan.liveObjects()).containsExactlyInAnyOrder(sha("b"), sha("d"));
    assertThat(plan.purgeable()).containsExactlyInAnyOrder(sha("a"), sha("c"));
  }

  @Test
  void theNewestCompleteRunIsRestorableWhenANewerOneHasLostItsParent() {
    Manifest orphan = run("d30", 30, "gone", put(5, "e"));
    List<Manifest> runs = List.of(RUNS.get(3), RUNS.get(4), orphan);

    assertThat(Retention.restorable(runs.stream().map(Manifest::info).toList(), day(400),
        Retention.DEFAULT_DELETED))
        .containsExactlyInAnyOrder("d11");
    // A restorable run whose chain is broken keeps what its present runs add.
    Retention.Plan plan = Retention.plan(runs, day(31), Retention.DEFAULT_DELETED);
    assertThat(plan.restorable()).containsExactlyInAnyOrder("d30", "d11");
    assertThat(plan.liveObjects()).containsExactlyInAnyOrder(sha("b"), sha("d"), sha("e"));
  }

  @Test
  void noRunsKeepNothing() {
    Retention.Plan plan = Retention.plan(List.of(), DAY0, Retention.DEFAULT_DELETED);

    assertThat(plan.kept()).isEmpty();
    assertThat(plan.liveObjects()).isEmpty();
    assertThat(plan.purgeable()).isEmpty();
  }
}
