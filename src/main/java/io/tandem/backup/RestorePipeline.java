package io.tandem.backup;

import io.tandem.store.StoreException;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Restored messages into the store in the order given, fast: bodies are spooled (read, checked,
 * written and forced) on {@link #SPOOLERS} threads ahead of the committer, and up to
 * {@link #IN_FLIGHT} deliveries wait for their journal write together, so they share its fsync
 * (group commit) as concurrent LMTP deliveries do. Deliveries are submitted in order, so UIDs
 * keep the order of the originals. The first failure stops it. Used by one thread.
 */
final class RestorePipeline implements AutoCloseable {
  static final int SPOOLERS = 4;
  static final int IN_FLIGHT = 64;

  /** Spools one delivery's body. */
  @FunctionalInterface
  interface Spooler {
    SpooledMessage spool(Restorer.Delivery delivery) throws IOException;
  }

  private final MailStore store;
  private final Spooler spooler;
  private final ExecutorService threads = Executors.newFixedThreadPool(SPOOLERS, r -> {
    Thread thread = new Thread(r, "restore-spool");
    thread.setDaemon(true);
    return thread;
  });
  private final Deque<Spooling> spooling = new ArrayDeque<>();
  private final Deque<CompletableFuture<?>> committing = new ArrayDeque<>();

  RestorePipeline(MailStore store, Spooler spooler) {
    this.store = store;
    this.spooler = spooler;
  }

  void add(Restorer.Delivery delivery) throws IOException, InterruptedException {
    spooling.add(new Spooling(delivery, threads.submit(() -> spooler.spool(delivery))));
    while (spooling.size() > IN_FLIGHT) {
      submitNext();
    }
  }

  /** Waits until everything added is delivered. */
  void finish() throws IOException, InterruptedException {
    while (!spooling.isEmpty()) {
      submitNext();
    }
    while (!committing.isEmpty()) {
      await(committing.removeFirst());
    }
  }

  private void submitNext() throws IOException, InterruptedException {
    Spooling next = spooling.removeFirst();
    SpooledMessage spooled = await(next.body());
    Restorer.Delivery d = next.delivery();
    try {
      committing.add(store.submit(MessageIntents.deliver(d.entry().user(), d.mailbox(), spooled,
          d.flags(), d.entry().internalDateMs())));
    } catch (StoreException e) {
      store.spool().discard(spooled);
      throw new IOException("the store refused " + d.mailbox() + ": " + e.getMessage(), e);
    }
    while (committing.size() > IN_FLIGHT) {
      await(committing.removeFirst());
    }
  }

  private static <T> T await(Future<T> future) throws IOException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("the restore failed: " + cause.getMessage(), cause);
    }
  }

  private record Spooling(Restorer.Delivery delivery, Future<SpooledMessage> body) {}

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
