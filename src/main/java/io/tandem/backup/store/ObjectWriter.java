package io.tandem.backup.store;

import io.tandem.util.Fsync;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Writes the new objects of a backup run with their forces overlapped (ADR 0017). One object at
 * a time costs two forced writes (its bytes, then its fan-out folder), a few milliseconds each,
 * so a first full run of a million bodies would take hours. Here the caller copies and hashes
 * each body into {@code .tmp/} ({@link ObjectStore#stage}); {@value #THREADS} threads force the
 * copies and rename each under its hash once its bytes are forced ({@link ObjectStore#install});
 * the filesystem's journal commits concurrent forces together. The fan-out folders that received
 * names are forced once per batch of {@value #BATCH} objects, and at {@link #flush}, which the run
 * calls before writing the manifest that names them: the manifest (the commit point) is never
 * durable before the objects it names.
 *
 * <p>Not thread-safe: one caller (the backup thread) puts and flushes.
 */
public final class ObjectWriter implements AutoCloseable {
  static final int THREADS = 16;
  /** Copies waiting to be forced at most: bounds open files and unforced bytes. */
  static final int IN_FLIGHT = 256;
  static final int BATCH = 8192;

  private final ObjectStore objects;
  private final LongConsumer stored;
  private final ExecutorService forcing;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private final List<Future<?>> pending = new ArrayList<>();
  /** Hashes put since the last flush (renamed or on their way): not copied twice. */
  private final Set<String> batch = new HashSet<>();
  private final Set<Path> folders = ConcurrentHashMap.newKeySet();
  /** Set by a forcing thread that failed, so the caller stops copying at its next put. */
  private volatile boolean failed;

  /**
   * @param stored told the size of each object once it is named (from a forcing thread)
   */
  public ObjectWriter(ObjectStore objects, LongConsumer stored) {
    this.objects = objects;
    this.stored = stored;
    this.forcing = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "backup-fsync");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Copies {@code in} (the caller closes it) as the object {@code sha256} of {@code size} bytes,
   * unless it is stored or already put since the last flush; the source is then not read.
   *
   * @return true when it is being written, false when it was there
   * @throws CorruptSourceException when the bytes do not hash to {@code sha256}; nothing is
   *     stored
   * @throws IOException also when an earlier object of the batch failed to be forced or named
   */
  public boolean put(InputStream in, Path source, String sha256, long size) throws IOException {
    if (batch.contains(sha256) || objects.has(sha256)) {
      return false;
    }
    if (failed || batch.size() >= BATCH) {
      flush();
    }
    acquireSlot();
    ObjectStore.Staged staged;
    try {
      staged = objects.stage(in, source, sha256);
    } catch (IOException | RuntimeException e) {
      slots.release();
      throw e;
    }
    batch.add(sha256);
    pending.add(forcing.submit(() -> {
      try {
        folders.add(objects.install(staged));
        stored.accept(size);
        return null;
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw e;
      } finally {
        slots.release();
      }
    }));
    return true;
  }

  /**
   * Waits until every object put is forced and named, then forces each fan-out folder that
   * received a name, and {@code objects/} (a fan-out folder may be new): from here on the objects
   * survive a power cut, and a manifest may name them.
   *
   * @throws IOException the first failure of any object since the last flush
   */
  public void flush() throws IOException {
    awaitAll(pending);
    List<Future<?>> forced = new ArrayList<>();
    for (Path folder : folders) {
      forced.add(forcing.submit(() -> {
        Fsync.directory(folder);
        return null;
      }));
    }
    awaitAll(forced);
    if (!folders.isEmpty()) {
      Fsync.directory(objects.root());
    }
    folders.clear();
    batch.clear();
  }

  /**
   * Stops the forcing threads once they finish what they hold (a run that failed or was stopped);
   * what was not named stays in {@code .tmp/}, which the next run empties.
   */
  @Override
  public void close() throws IOException {
    forcing.shutdown();
    try {
      if (!forcing.awaitTermination(1, TimeUnit.MINUTES)) {
        forcing.shutdownNow();
      }
    } catch (InterruptedException e) {
      forcing.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void acquireSlot() throws InterruptedIOException {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("the backup run was stopped");
    }
  }

  /** Waits for every task and clears the list; rethrows the first failure as it was. */
  private static void awaitAll(List<Future<?>> tasks) throws IOException {
    IOException first = null;
    try {
      for (Future<?> task : tasks) {
        try {
          task.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof IOException io ? io
                : new IOException("writing a backup object failed: " + e.getCause(),
                    e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("the backup run was stopped");
    } finally {
      tasks.clear();
    }
    if (first != null) {
      throw first;
    }
  }
}
