package io.tandem.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.imap.protocol.SequenceSet;
import io.tandem.imap.protocol.SequenceSet.Range;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link UidRanges}: sequence sets resolved over a session's sorted UID array. */
class SequenceSetResolutionTest {
  private static final long STAR = SequenceSet.STAR;
  /** A mailbox with gaps (expunged 4-9, 13-19), as a view holds it. */
  private static final long[] UIDS = {1, 2, 3, 10, 11, 12, 20, 30};

  private static SequenceSet set(long... ends) {
    List<Range> ranges = new ArrayList<>();
    for (int i = 0; i < ends.length; i += 2) {
      ranges.add(new Range(ends[i], ends[i + 1]));
    }
    return SequenceSet.of(ranges);
  }

  private static List<Long> byUid(SequenceSet set) {
    return UidRanges.resolve(UIDS, UIDS.length, set, true).in(UIDS, UIDS.length);
  }

  private static List<Long> bySequence(SequenceSet set) {
    return UidRanges.resolve(UIDS, UIDS.length, set, false).in(UIDS, UIDS.length);
  }

  @Test
  void sequenceNumbersNameThePositions() {
    assertThat(bySequence(set(1, STAR))).containsExactly(1L, 2L, 3L, 10L, 11L, 12L, 20L, 30L);
    assertThat(bySequence(set(4, 4, 2, 2))).containsExactly(2L, 10L);
    assertThat(bySequence(set(STAR, STAR))).containsExactly(30L);
  }

  @Test
  void reversedRangesAndOverlapsAreOneSet() {
    assertThat(bySequence(set(6, 3))).containsExactly(3L, 10L, 11L, 12L);
    assertThat(bySequence(set(STAR, 7, 2, 3, 3, 4))).containsExactly(2L, 3L, 10L, 20L, 30L);
    assertThat(byUid(set(12, 2, 10, 11))).containsExactly(2L, 3L, 10L, 11L, 12L);
  }

  @Test
  void uidsTheMailboxDoesNotHoldAreLeftOut() {
    assertThat(byUid(set(4, 9))).isEmpty();
    assertThat(byUid(set(5, 15))).containsExactly(10L, 11L, 12L);
    assertThat(byUid(set(31, 40))).isEmpty();
    assertThat(byUid(set(7, 7, 20, 20))).containsExactly(20L);
  }

  @Test
  void starIsTheLastUidEvenBelowTheOtherEnd() {
    assertThat(byUid(set(21, STAR))).containsExactly(30L);
    assertThat(byUid(set(100, STAR))).containsExactly(30L);
    assertThat(byUid(set(1, STAR))).hasSize(UIDS.length);
  }

  @Test
  void aSequenceNumberBeyondTheMailboxIsRefused() {
    assertThatThrownBy(() -> bySequence(set(9, 9)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 8 messages");
    assertThatThrownBy(() -> UidRanges.resolve(new long[0], 0, set(1, STAR), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 0 messages");
    assertThat(UidRanges.resolve(new long[0], 0, set(1, STAR), true).isEmpty()).isTrue();
  }

  @Test
  void onlyTheHeldPartOfAnArrayCounts() {
    long[] grown = Arrays.copyOf(UIDS, 16);  // a view's array has room beyond its count
    assertThat(UidRanges.resolve(grown, 3, set(1, STAR), true).in(grown, 3))
        .containsExactly(1L, 2L, 3L);
    assertThat(UidRanges.all(grown, 3).highest()).isEqualTo(3);
  }

  @Test
  void heldUidsAreTheGivenOnesTheViewHolds() {
    UidRanges held = UidRanges.held(UIDS, UIDS.length, List.of(30L, 2L, 5L, 3L, 10L));
    assertThat(held.in(UIDS, UIDS.length)).containsExactly(2L, 3L, 10L, 30L);
    // 3 and 10 are neighbours in the view: one range, so gaps between them are not walked twice.
    assertThat(held.contains(5)).isTrue();
    assertThat(held.contains(11)).isFalse();
  }

  @Test
  void containsAndNextFromWalkTheRanges() {
    UidRanges ranges = UidRanges.resolve(UIDS, UIDS.length, set(2, 3, 11, 12, 30, 30), true);
    assertThat(ranges.lowest()).isEqualTo(2);
    assertThat(ranges.highest()).isEqualTo(30);
    assertThat(ranges.contains(1)).isFalse();
    assertThat(ranges.contains(3)).isTrue();
    assertThat(ranges.contains(10)).isFalse();
    assertThat(ranges.nextFrom(1)).isEqualTo(2);
    assertThat(ranges.nextFrom(4)).isEqualTo(11);
    assertThat(ranges.nextFrom(12)).isEqualTo(12);
    assertThat(ranges.nextFrom(13)).isEqualTo(30);
    assertThat(ranges.nextFrom(31)).isEqualTo(-1);
  }

  @Test
  void randomSetsMatchANaiveResolution() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      TreeSet<Long> mailbox = new TreeSet<>();
      int size = random.nextInt(40);
      while (mailbox.size() < size) {
        mailbox.add(1L + random.nextInt(100));
      }
      long[] uids = mailbox.stream().mapToLong(Long::longValue).toArray();
      List<Range> ranges = new ArrayList<>();
      for (int i = random.nextInt(4) + 1; i > 0; i--) {
        ranges.add(new Range(end(random, 110), end(random, 110)));
      }
      SequenceSet set = SequenceSet.of(ranges);
      long last = uids.length == 0 ? 0 : uids[uids.length - 1];
      List<Long> expected = mailbox.stream().filter(uid -> set.contains(uid, last)).toList();
      assertThat(UidRanges.resolve(uids, uids.length, set, true).in(uids, uids.length))
          .as("%s over %s", ranges, mailbox).isEqualTo(expected);
      UidRanges ranged = UidRanges.resolve(uids, uids.length, set, true);
      for (long uid = 1; uid <= 110; uid++) {
        if (mailbox.contains(uid)) {
          assertThat(ranged.contains(uid)).as("%d in %s", uid, ranges)
              .isEqualTo(expected.contains(uid));
        }
      }
    }
  }

  private static long end(Random random, int bound) {
    return random.nextInt(8) == 0 ? STAR : 1 + random.nextInt(bound);
  }
}
