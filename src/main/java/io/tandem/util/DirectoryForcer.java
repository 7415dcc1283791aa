package io.tandem.util;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Forces several directories at once, on a few threads of its own, and returns when all are
 * forced. Concurrent fsyncs on one filesystem share its journal commits (ext4's jbd2, xfs's
 * log), so forcing a batch's folders together costs about one force instead of one per folder.
 * The threads end after a minute without work, so an instance needs no closing. Thread-safe.
 */
public final class DirectoryForcer {
  private static final long KEEP_ALIVE_SECONDS = 60;

  private final ThreadPoolExecutor threads;

  /** Forces on at most {@code parallel} daemon threads named {@code name}. */
  public DirectoryForcer(String name, int parallel) {
    this.threads = new ThreadPoolExecutor(parallel, parallel, KEEP_ALIVE_SECONDS,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
    threads.allowCoreThreadTimeOut(true);
  }

  /**
   * Forces every directory of {@code dirs} (the calling thread takes one of them); one removed
   * meanwhile is skipped, since it has nothing left to make durable.
   *
   * @throws IOException the first failure, once every force has ended
   */
  public void forceAll(Collection<Path> dirs) throws IOException {
    Iterator<Path> each = dirs.iterator();
    if (!each.hasNext()) {
      return;
    }
    Path mine = each.next();
    List<CompletableFuture<Void>> others = new ArrayList<>();
    while (each.hasNext()) {
      Path dir = each.next();
      others.add(CompletableFuture.runAsync(() -> {
        try {
          force(dir);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, threads));
    }
    IOException failure = null;
    try {
      force(mine);
    } catch (IOException e) {
      failure = e;
    }
    for (CompletableFuture<Void> other : others) {
      try {
        other.join();
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void force(Path dir) throws IOException {
    try {
      Fsync.directory(dir);
    } catch (NoSuchFileException gone) {
      // Removed by a later action of the same batch (a deleted folder or user).
    }
  }
}
