package io.tandem.replication;

import io.tandem.util.Sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class MailboxDigestTest {
  private static final String ZEROS = "0".repeat(64);
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  private static DigestRecord record(SplittableRandom random, long uid) {
    List<String> flags = new RandomMessages(random.nextLong()).strings(3);
    byte[] hash = new byte[32];
    random.nextBytes(hash);
    return new DigestRecord(uid, random.nextLong(1, 1L << 40), flags, Sha256.hex(hash));
  }

  private static List<DigestRecord> mailbox(long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    return IntStream.rangeClosed(1, size).mapToObj(uid -> record(random, uid)).toList();
  }

  private static MailboxDigest digestOf(List<DigestRecord> records) {
    MailboxDigest digest = new MailboxDigest();
    records.forEach(digest::add);
    return digest;
  }

  @Test
  void anEmptyMailboxHasTheZeroDigest() {
    assertThat(new MailboxDigest().hex()).isEqualTo(ZEROS);
    assertThat(new MailboxDigest().count()).isZero();
  }

  @RepeatedTest(20)
  void theOrderOfAddingDoesNotMatter(RepetitionInfo repetition) {
    List<DigestRecord> records = mailbox(repetition.getCurrentRepetition(), 60);
    List<DigestRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(repetition.getCurrentRepetition()));
    assertThat(digestOf(shuffled).hex()).isEqualTo(digestOf(records).hex());
  }

  @RepeatedTest(20)
  void itIsTheSumOfTheRecordHashesModulo2To256(RepetitionInfo repetition) {
    List<DigestRecord> records = mailbox(1000 + repetition.getCurrentRepetition(), 40);
    BigInteger sum = BigInteger.ZERO;
    for (DigestRecord record : records) {
      sum = sum.add(new BigInteger(1, Sha256.newDigest().digest(record.canonicalBytes())));
    }
    String expected = String.format("%064x", sum.mod(MODULUS));
    assertThat(digestOf(records).hex()).isEqualTo(expected);
  }

  @RepeatedTest(20)
  void removingUndoesAddingWhateverCameBetween(RepetitionInfo repetition) {
    List<DigestRecord> records = mailbox(2000 + repetition.getCurrentRepetition(), 30);
    MailboxDigest digest = digestOf(records.subList(0, 10));
    String before = digest.hex();
    records.subList(10, 30).forEach(digest::add);
    records.subList(10, 30).forEach(digest::remove);
    assertThat(digest.hex()).isEqualTo(before);
    records.subList(0, 10).forEach(digest::remove);
    assertThat(digest.hex()).isEqualTo(ZEROS);
    assertThat(digest.count()).isZero();
  }

  @Test
  void aChangeOfAnySingleFieldChangesTheDigest() {
    List<DigestRecord> records = mailbox(7, 20);
    DigestRecord one = records.get(5);
    String original = digestOf(records).hex();
    List<DigestRecord> variants = List.of(
        new DigestRecord(one.uid() + 1, one.modseq(), one.flags(), one.sha256()),
        new DigestRecord(one.uid(), one.modseq() + 1, one.flags(), one.sha256()),
        new DigestRecord(one.uid(), one.modseq(), plus(one.flags(), "\\Seen"), one.sha256()),
        new DigestRecord(one.uid(), one.modseq(), minus(one.flags()), one.sha256()),
        new DigestRecord(one.uid(), one.modseq(), one.flags(),
            (one.sha256().charAt(0) == '0' ? "1" : "0") + one.sha256().substring(1)));
    for (DigestRecord variant : variants) {
      assertThat(variant).isNotEqualTo(one);
      MailboxDigest digest = digestOf(records);
      digest.change(one, variant);
      assertThat(digest.hex()).as("%s", variant).isNotEqualTo(original);
      assertThat(digest.count()).isEqualTo(20);
      digest.change(variant, one);
      assertThat(digest.hex()).isEqualTo(original);
    }
  }

  @Test
  void flagOrderAndRepeatsAreNotAChange() {
    String hash = PeerExamples.HASH;
    DigestRecord a = new DigestRecord(1, 2, List.of("\\Seen", "$Label1"), hash);
    DigestRecord b = new DigestRecord(1, 2, List.of("$Label1", "\\Seen", "\\Seen"), hash);
    assertThat(digestOf(List.of(a)).hex()).isEqualTo(digestOf(List.of(b)).hex());
  }

  @Test
  void flagBoundariesAreNotAmbiguous() {
    String hash = PeerExamples.HASH;
    DigestRecord joined = new DigestRecord(1, 2, List.of("ab"), hash);
    DigestRecord split = new DigestRecord(1, 2, List.of("a", "b"), hash);
    assertThat(digestOf(List.of(joined)).hex()).isNotEqualTo(digestOf(List.of(split)).hex());
  }

  private static List<String> minus(List<String> flags) {
    return flags.isEmpty() ? List.of("\\Draft") : flags.subList(1, flags.size());
  }

  private static List<String> plus(List<String> flags, String flag) {
    List<String> more = new ArrayList<>(flags);
    more.add(flags.contains(flag) ? flag + "x" : flag);
    return more;
  }
}
