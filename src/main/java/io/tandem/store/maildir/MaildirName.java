package io.tandem.store.maildir;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Maildir file names: {@code <seconds>.M<micros>P<pid>Q<counter>.<host>,S=<size>,W=<crlf size>}
 * plus {@code :2,<flags>} once the message is in {@code cur/}. This is the form Dovecot writes and
 * mutt, mbsync and Python's {@code mailbox} read; S= lets readers skip a stat, W= is the size with
 * CRLF line endings (what IMAP reports as RFC822.SIZE).
 *
 * <p>Thread-safe: the counter makes names unique within the process, the pid across restarts,
 * the host across appliances.
 */
public final class MaildirName {
  private final String host;
  private final long pid;
  private final AtomicLong counter = new AtomicLong();

  /** {@code host} is the appliance name; '/' and ':' would break the format and are replaced. */
  public MaildirName(String host, long pid) {
    this.host = host.replace('/', '_').replace(':', '_').replace(',', '_');
    this.pid = pid;
  }

  /** A new unique base name for a message of the given sizes, created at {@code epochMicros}. */
  public String next(long epochMicros, long size, long crlfSize) {
    long seconds = epochMicros / 1_000_000;
    long micros = epochMicros % 1_000_000;
    return seconds + ".M" + micros + "P" + pid + "Q" + counter.incrementAndGet() + "." + host
        + ",S=" + size + ",W=" + crlfSize;
  }

  /** The name of the file in {@code cur/} with the given maildir flag letters. */
  public static String withFlags(String baseName, String letters) {
    return baseName + ":2," + letters;
  }

  /** The base name of a file name in {@code new/} or {@code cur/}: everything before ":2,". */
  public static String baseOf(String fileName) {
    int info = fileName.indexOf(":2,");
    return info < 0 ? fileName : fileName.substring(0, info);
  }

  /** The flag letters of a {@code cur/} file name, or "" when it has no info suffix. */
  public static String lettersOf(String fileName) {
    int info = fileName.indexOf(":2,");
    return info < 0 ? "" : fileName.substring(info + 3);
  }

  /**
   * The size with CRLF line ends that a base name's {@code W=} records (IMAP's RFC822.SIZE), or
   * {@code fallback} when the name has none.
   */
  public static long crlfSizeOf(String baseName, long fallback) {
    int at = baseName.indexOf(",W=");
    if (at < 0) {
      return fallback;
    }
    int end = baseName.indexOf(',', at + 3);
    try {
      return Long.parseLong(baseName.substring(at + 3, end < 0 ? baseName.length() : end));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
