package io.tandem.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Users whose copy on the replica must be replaced by a fresh snapshot (a repair after
 * {@code verify-peer} found a difference). The verifier asks; the sender session sends each
 * between two batches, in order with the entries, and completes the future once it is out.
 * Thread-safe.
 */
final class UserResyncs {
  /** One request: the user and the seq its snapshot turned out to be consistent with. */
  record Request(String user, CompletableFuture<Long> sent) {}

  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();

  CompletableFuture<Long> request(String user) {
    Request request = new Request(user, new CompletableFuture<>());
    queue.add(request);
    return request.sent();
  }

  Request next() {
    return queue.poll();
  }

  /** The link went down: the requests are answered with the reason. */
  void linkLost(String why) {
    for (Request request = queue.poll(); request != null; request = queue.poll()) {
      request.sent().completeExceptionally(new IllegalStateException(why));
    }
  }
}
