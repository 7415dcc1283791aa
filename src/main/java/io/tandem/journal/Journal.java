package io.tandem.journal;

import io.tandem.util.Fsync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's write-ahead journal: a folder of segment files ({@link SegmentFormat}) holding
 * every operation in sequence order.
 *
 * <p>{@link #append} is durable on return (the segment is forced to disk). Appends are made by one
 * thread (the committer); reads ({@link #read}) may run concurrently from any thread, each with
 * its own file handle. Opening a journal truncates a torn last record and refuses a corrupt one.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  /** Entries kept in memory for the replication sender: seconds of traffic at full speed. */
  private static final int FEED_CAPACITY = 16_384;

  private final Path dir;
  private final long segmentSize;
  private final Duration fsyncWarn;
  private final OperationCodec codec = new OperationCodec();
  private final List<Long> segmentStarts;
  private final JournalFeed feed;
  private FileChannel tail;
  private volatile long lastSeq;
  private volatile long lastEpoch;
  private long slowFsyncs;

  private Journal(Path dir, long segmentSize, Duration fsyncWarn, List<Long> starts, long lastSeq,
      long lastEpoch) throws IOException {
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.fsyncWarn = fsyncWarn;
    this.segmentStarts = starts;
    this.lastSeq = lastSeq;
    this.lastEpoch = lastEpoch;
    this.feed = new JournalFeed(FEED_CAPACITY, lastSeq);
    if (starts.isEmpty()) {
      startSegment(1);
    } else {
      Path last = dir.resolve(SegmentFormat.fileName(starts.get(starts.size() - 1)));
      tail = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
  }

  /**
   * Opens (or creates) the journal in {@code dir}, cutting off a torn last record.
   *
   * @throws JournalCorruptException when a record other than the last is damaged
   */
  public static Journal open(Path dir, long segmentSize, Duration fsyncWarn)
      throws IOException, JournalCorruptException {
    Files.createDirectories(dir);
    List<Long> starts = listSegments(dir);
    long lastSeq = 0;
    long[] lastEpoch = {0};
    if (!starts.isEmpty()) {
      long first = starts.get(starts.size() - 1);
      Path last = dir.resolve(SegmentFormat.fileName(first));
      repairHeaderOfNewSegment(last, first);
      SegmentScan.Result result = new SegmentScan().scan(last,
          entry -> lastEpoch[0] = Math.max(lastEpoch[0], entry.epoch()));
      if (result.end() == SegmentScan.End.CORRUPT) {
        throw new JournalCorruptException(last + ": " + result.problem());
      }
      if (result.end() == SegmentScan.End.TORN) {
        LOG.warn("Journal {}: cutting off a torn last record {}; it was never acknowledged",
            last, result.problem());
        truncate(last, result.validEnd());
      }
      lastSeq = result.entries() == 0 ? first - 1 : result.lastSeq();
    }
    return new Journal(dir, segmentSize, fsyncWarn, starts, lastSeq, lastEpoch[0]);
  }

  /** The sequence number of the last durable entry; 0 for an empty journal. */
  public long lastSeq() {
    return lastSeq;
  }

  /**
   * The highest epoch among the entries of the newest segment and every entry appended since
   * (epochs never fall along the journal, so this is the epoch of the latest entry); 0 when
   * empty.
   */
  public long lastEpoch() {
    return lastEpoch;
  }

  /** The first sequence number still in the journal (older entries were pruned). */
  public synchronized long firstSeq() {
    return segmentStarts.isEmpty() ? 1 : segmentStarts.get(0);
  }

  /** How many forces took longer than the configured warning threshold since start. */
  public synchronized long slowFsyncs() {
    return slowFsyncs;
  }

  /**
   * Appends entries, which must continue the sequence without gaps, and forces them to disk.
   * On an I/O error the journal is in an unknown state: the caller must stop the service.
   */
  public synchronized void append(List<JournalEntry> entries) throws IOException {
    if (entries.isEmpty()) {
      return;
    }
    long expected = lastSeq + 1;
    for (JournalEntry entry : entries) {
      if (entry.seq() != expected++) {
        throw new IllegalArgumentException(
            "journal entry " + entry.seq() + " does not follow " + (expected - 2));
      }
    }
    if (tail.size() >= segmentSize) {
      startSegment(entries.get(0).seq());
    }
    ByteBuffer[] records = new ByteBuffer[entries.size()];
    for (int i = 0; i < records.length; i++) {
      records[i] = SegmentFormat.record(codec.encode(entries.get(i)));
    }
    writeAll(records);
    force();
    for (JournalEntry entry : entries) {
      lastEpoch = Math.max(lastEpoch, entry.epoch());
    }
    lastSeq = entries.get(entries.size() - 1).seq();
    feed.publish(entries);
  }

  /** The newest durable entries as they come, for the replication sender. */
  public JournalFeed feed() {
    return feed;
  }

  /**
   * Calls {@code sink} with every entry whose seq is greater than {@code afterSeq}, in order, up
   * to the last durable entry at the time of the call.
   */
  public void read(long afterSeq, Consumer<JournalEntry> sink) throws IOException {
    long until = lastSeq;
    if (afterSeq >= until) {
      return; // nothing to read: spares a scan of the newest segment on every clean start
    }
    List<Long> starts;
    synchronized (this) {
      starts = List.copyOf(segmentStarts);
    }
    for (int i = 0; i < starts.size(); i++) {
      boolean hasLater = i + 1 < starts.size();
      if (hasLater && starts.get(i + 1) <= afterSeq + 1) {
        continue;
      }
      Path file = dir.resolve(SegmentFormat.fileName(starts.get(i)));
      SegmentScan.Result result = new SegmentScan().scan(file, entry -> {
        if (entry.seq() > afterSeq && entry.seq() <= until) {
          sink.accept(entry);
        }
      });
      // The newest segment may end in a record being appended right now; any other must be whole.
      boolean complete = result.end() == SegmentScan.End.CLEAN || (!hasLater
          && result.end() == SegmentScan.End.TORN && result.lastSeq() >= until);
      if (!complete) {
        throw new IOException("journal segment " + file + " is damaged: " + result.problem()
            + "; run 'tandem journal verify'");
      }
    }
  }

  /**
   * Deletes the oldest whole segments whose every entry is at or below {@code seq} and that
   * were last written before {@code writtenBefore}; never the newest segment. Oldest first, so
   * the journal stays one unbroken run of entries.
   *
   * @return the files deleted
   */
  public synchronized List<Path> pruneThrough(long seq, java.time.Instant writtenBefore)
      throws IOException {
    List<Path> deleted = new ArrayList<>();
    while (segmentStarts.size() > 1 && segmentStarts.get(1) - 1 <= seq) {
      Path file = dir.resolve(SegmentFormat.fileName(segmentStarts.get(0)));
      if (!Files.getLastModifiedTime(file).toInstant().isBefore(writtenBefore)) {
        break;
      }
      Files.deleteIfExists(file);
      segmentStarts.remove(0);
      deleted.add(file);
    }
    if (!deleted.isEmpty()) {
      Fsync.directory(dir);
    }
    return deleted;
  }

  /**
   * Discards every entry and continues after {@code seq}: a replica whose store was replaced by
   * a full resync holds none of the primary's older entries, and the next one it journals is
   * {@code seq + 1}.
   */
  public synchronized void resetTo(long seq) throws IOException {
    tail.close();
    tail = null;
    for (long start : segmentStarts) {
      Files.deleteIfExists(dir.resolve(SegmentFormat.fileName(start)));
    }
    segmentStarts.clear();
    lastSeq = seq;
    lastEpoch = 0;
    feed.reset(seq);
    startSegment(seq + 1);
  }

  /** The segment files, oldest first. */
  public synchronized List<Path> segments() {
    List<Path> files = new ArrayList<>();
    for (long start : segmentStarts) {
      files.add(dir.resolve(SegmentFormat.fileName(start)));
    }
    return files;
  }

  @Override
  public synchronized void close() throws IOException {
    tail.close();
  }

  private void writeAll(ByteBuffer[] records) throws IOException {
    long remaining = 0;
    for (ByteBuffer record : records) {
      remaining += record.remaining();
    }
    while (remaining > 0) {
      remaining -= tail.write(records);
    }
  }

  private void force() throws IOException {
    long start = System.nanoTime();
    tail.force(false);
    long took = System.nanoTime() - start;
    if (took > fsyncWarn.toNanos()) {
      slowFsyncs++;
      LOG.warn("Journal fsync took {} ms (warning threshold {} ms): the disk under {} is slow;"
          + " deliveries wait for it", took / 1_000_000, fsyncWarn.toMillis(), dir);
    }
  }

  private void startSegment(long firstSeq) throws IOException {
    Path file = dir.resolve(SegmentFormat.fileName(firstSeq));
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    channel.write(SegmentFormat.header(firstSeq));
    channel.force(true);
    Fsync.directory(dir);
    if (tail != null) {
      tail.close();
    }
    tail = channel;
    segmentStarts.add(firstSeq);
  }

  /**
   * A crash while starting a segment can leave it shorter than its header; nothing in it was
   * ever acknowledged, so the header is written again from the file name.
   */
  private static void repairHeaderOfNewSegment(Path file, long firstSeq) throws IOException {
    if (Files.size(file) >= SegmentFormat.HEADER_SIZE) {
      return;
    }
    LOG.warn("Journal {}: rewriting the header of a segment cut short by a crash", file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
      channel.write(SegmentFormat.header(firstSeq), 0);
      channel.force(true);
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(Math.max(size, SegmentFormat.HEADER_SIZE));
      channel.force(true);
    }
  }

  private static List<Long> listSegments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Long> starts = new ArrayList<>();
      files.map(SegmentFormat::seqOfName).filter(seq -> seq > 0).sorted().forEach(starts::add);
      return starts;
    }
  }
}
