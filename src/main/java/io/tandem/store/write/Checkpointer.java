package io.tandem.store.write;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records checkpoints: runs a checkpoint's forces ({@link DurabilityWork}) on a thread of its
 * own, then writes the journal position to the checkpoint file, so the committer goes on
 * applying meanwhile (a replica's apply must not pause for dozens of fsyncs). One checkpoint at
 * a time. Recovery starts from the last recorded checkpoint, so a checkpoint that fails or has
 * not finished only means a longer replay; failed work is redone with the next one. Driven by
 * the committer thread; {@link #checkpointedSeq} may be read from any thread.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

  private final CheckpointFile file;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    Thread checkpointer = new Thread(runnable, "checkpointer");
    checkpointer.setDaemon(true);
    return checkpointer;
  });
  private final AtomicReference<DurabilityWork> failed = new AtomicReference<>();
  private CompletableFuture<Void> inFlight;
  private volatile long checkpointedSeq;

  Checkpointer(CheckpointFile file) {
    this.file = file;
    try {
      this.checkpointedSeq = file.read();
    } catch (IOException e) {
      this.checkpointedSeq = 0; // nothing may be pruned until the next checkpoint is written
    }
  }

  /** Everything up to this seq is on disk in the indexes and maildirs. */
  long checkpointedSeq() {
    return checkpointedSeq;
  }

  /** Whether a checkpoint is still running. */
  boolean busy() {
    return inFlight != null && !inFlight.isDone();
  }

  /** Whether a failed checkpoint's work waits to be redone. */
  boolean hasFailedWork() {
    return failed.get() != null;
  }

  /** Starts recording a checkpoint at {@code seq} once {@code work} is done, on its thread. */
  void start(long seq, DurabilityWork work) {
    DurabilityWork all = withFailed(work);
    inFlight = CompletableFuture.runAsync(() -> record(seq, all), thread);
  }

  /** Records a checkpoint at {@code seq} on this thread, after the one still running. */
  void runNow(long seq, DurabilityWork work) {
    await();
    record(seq, withFailed(work));
  }

  /** Waits for the checkpoint still running, if any. */
  void await() {
    if (inFlight != null) {
      inFlight.join();
    }
  }

  /**
   * The journal was reset to continue after {@code seq} (a full resync), and the caller wrote
   * that checkpoint: no older position may be recorded after it.
   */
  void reset(long seq) {
    await();
    checkpointedSeq = seq;
  }

  private DurabilityWork withFailed(DurabilityWork work) {
    DurabilityWork retry = failed.getAndSet(null);
    return retry == null ? work : work.plus(retry);
  }

  private void record(long seq, DurabilityWork work) {
    try {
      work.run();
      file.write(seq);
      checkpointedSeq = seq;
    } catch (IOException | SQLException | RuntimeException e) {
      failed.accumulateAndGet(work, (a, b) -> a == null ? b : a.plus(b));
      // Not fatal: the journal still holds everything; recovery replays from the older point.
      LOG.warn("Checkpoint failed ({}); the journal keeps every change, recovery will replay"
          + " from the previous checkpoint", e.toString());
    }
  }

  /** Waits for the checkpoint still running and stops the thread. */
  @Override
  public void close() {
    await();
    thread.shutdown();
  }
}
