package io.tandem.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** The answer to a hand-over the failover sent, arriving on the link's reader thread. */
final class Handovers {
  private final AtomicReference<CompletableFuture<Long>> waiting = new AtomicReference<>();

  /** A future for the replica's confirmation; the caller then sends the hand-over. */
  CompletableFuture<Long> expect() {
    CompletableFuture<Long> future = new CompletableFuture<>();
    waiting.set(future);
    return future;
  }

  void complete(long epoch) {
    CompletableFuture<Long> future = waiting.getAndSet(null);
    if (future != null) {
      future.complete(epoch);
    }
  }

  void linkLost(String why) {
    CompletableFuture<Long> future = waiting.getAndSet(null);
    if (future != null) {
      future.completeExceptionally(new IllegalStateException(why));
    }
  }
}
