package io.tandem.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One answer the primary waits for, arriving on the link's reader thread (the replica's
 * confirmation of a hand-over, its hardware health): the asker takes a future, then sends.
 */
final class Awaited<T> {
  private final AtomicReference<CompletableFuture<T>> waiting = new AtomicReference<>();

  /** A future for the answer; the caller then sends the question. */
  CompletableFuture<T> expect() {
    CompletableFuture<T> future = new CompletableFuture<>();
    waiting.set(future);
    return future;
  }

  void complete(T answer) {
    CompletableFuture<T> future = waiting.getAndSet(null);
    if (future != null) {
      future.complete(answer);
    }
  }

  void linkLost(String why) {
    CompletableFuture<T> future = waiting.getAndSet(null);
    if (future != null) {
      future.completeExceptionally(new IllegalStateException(why));
    }
  }
}
