package io.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.journal.EpochHistory.Start;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommonHistoryTest {

  private static List<Start> h(long... epochAndFirst) {
    List<Start> starts = new java.util.ArrayList<>();
    for (int i = 0; i < epochAndFirst.length; i += 2) {
      starts.add(new Start(epochAndFirst[i], epochAndFirst[i + 1]));
    }
    return starts;
  }

  static List<Arguments> cases() {
    return List.of(
        // The old primary wrote 91..100 in epoch 1; the promoted replica had 90 and wrote on.
        Arguments.of("forced failover", h(1, 1), 100, h(1, 1, 2, 91), 150, 90),
        Arguments.of("promoted replica wrote nothing yet", h(1, 1), 100, h(1, 1), 90, 90),
        Arguments.of("identical", h(1, 1, 2, 50), 80, h(1, 1, 2, 50), 80, 80),
        Arguments.of("one is a prefix of the other", h(1, 1, 2, 50), 60, h(1, 1, 2, 50), 80, 60),
        Arguments.of("parted in an earlier epoch", h(1, 1, 2, 40, 4, 70), 90,
            h(1, 1, 2, 40, 3, 55), 120, 54),
        Arguments.of("the same epoch started at different seqs", h(1, 1, 3, 60), 90,
            h(1, 1, 3, 70), 95, 59),
        Arguments.of("ours reset by a full resync, agrees after it", h(2, 500), 520,
            h(1, 1, 2, 91), 530, 520),
        Arguments.of("ours reset, then parted", h(2, 500, 3, 510), 520, h(1, 1, 2, 91, 4, 515),
            530, 509),
        Arguments.of("empty history after a reset", h(), 500, h(1, 1, 2, 91), 530, 500),
        Arguments.of("parted at the very first entry", h(1, 1), 10, h(2, 1), 12, 0),
        Arguments.of("nothing written anywhere", h(), 0, h(), 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsTheLastSharedSeq(String name, List<Start> ours, long ourLast, List<Start> theirs,
      long theirLast, long expected) {
    assertThat(CommonHistory.lastCommonSeq(ours, ourLast, theirs, theirLast)).isEqualTo(expected);
    assertThat(CommonHistory.lastCommonSeq(theirs, theirLast, ours, ourLast))
        .as("symmetric").isEqualTo(expected);
  }
}
