package io.tandem.replication;

import io.tandem.util.Sha256;

/**
 * An order-independent digest of a mailbox's messages, kept up to date in O(1) per change: the
 * sum, modulo 2<sup>256</sup>, of the SHA-256 of each message's {@link DigestRecord} encoding.
 * Two mailboxes with the same set of records have the same digest whatever order the records
 * were added in; removing a record subtracts exactly what adding it added.
 *
 * <p>A sum rather than Cyrus's XOR of CRC32s: with XOR a record added twice cancels out, and 32
 * bits collide after tens of thousands of mailboxes; a 256-bit sum has neither weakness. Not
 * thread-safe: one mailbox's digest is changed by the thread that applies its entries.
 */
public final class MailboxDigest {
  private static final int WORDS = 4;

  /** The sum as four 64-bit words, most significant first. */
  private final long[] sum = new long[WORDS];
  private long count;

  /** Adds a message. */
  public void add(DigestRecord record) {
    long[] term = words(record);
    long carry = 0;
    for (int i = WORDS - 1; i >= 0; i--) {
      long partial = sum[i] + term[i];
      long next = Long.compareUnsigned(partial, sum[i]) < 0 ? 1 : 0;
      long total = partial + carry;
      next |= (carry == 1 && total == 0) ? 1 : 0;
      sum[i] = total;
      carry = next;
    }
    count++;
  }

  /** Removes a message that was added before (the caller knows; the digest cannot tell). */
  public void remove(DigestRecord record) {
    long[] term = words(record);
    long borrow = 0;
    for (int i = WORDS - 1; i >= 0; i--) {
      long partial = sum[i] - term[i];
      long next = Long.compareUnsigned(sum[i], term[i]) < 0 ? 1 : 0;
      long total = partial - borrow;
      next |= (borrow == 1 && partial == 0) ? 1 : 0;
      sum[i] = total;
      borrow = next;
    }
    count--;
  }

  /** Replaces a message's record, as a flag change or a new MODSEQ does. */
  public void change(DigestRecord before, DigestRecord after) {
    remove(before);
    add(after);
  }

  /** How many records the digest holds. */
  public long count() {
    return count;
  }

  /** The digest as 64 lower-case hex digits; all zeros for an empty mailbox. */
  public String hex() {
    return String.format("%016x%016x%016x%016x", sum[0], sum[1], sum[2], sum[3]);
  }

  private static long[] words(DigestRecord record) {
    byte[] hash = Sha256.newDigest().digest(record.canonicalBytes());
    long[] words = new long[WORDS];
    for (int i = 0; i < hash.length; i++) {
      words[i / 8] = (words[i / 8] << 8) | (hash[i] & 0xFF);
    }
    return words;
  }
}
