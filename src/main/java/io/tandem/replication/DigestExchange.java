package io.tandem.replication;

import io.tandem.replication.PeerMessage.Digest;
import io.tandem.replication.PeerMessage.Digests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pairs the primary's digest requests with the replica's answers, which arrive on the link's
 * reader thread as a {@link Digests} header and that many {@link Digest} frames. Thread-safe.
 */
final class DigestExchange {
  private final Map<String, CompletableFuture<UserDigest>> waiting = new ConcurrentHashMap<>();
  private Digests header;
  private final List<Digest> collected = new ArrayList<>();

  /** A future for the answer about {@code user}; the caller then sends the request. */
  CompletableFuture<UserDigest> expect(String user) {
    return waiting.computeIfAbsent(user, u -> new CompletableFuture<>());
  }

  /** Called by the reader thread; returns false when the message is not part of an answer. */
  synchronized boolean received(PeerMessage message) throws PeerProtocolException {
    if (message instanceof Digests digests) {
      if (header != null) {
        throw outOfStep("a digests header while " + header.user() + "'s are still coming");
      }
      header = digests;
      collected.clear();
    } else if (message instanceof Digest digest) {
      if (header == null || !digest.user().equals(header.user())) {
        throw outOfStep("a digest of " + digest.user() + " that no header announced");
      }
      collected.add(digest);
    } else {
      return false;
    }
    if (header != null && collected.size() == header.mailboxes()) {
      CompletableFuture<UserDigest> future = waiting.remove(header.user());
      if (future != null) {
        future.complete(new UserDigest(header.user(), header.appliedSeq(), collected));
      }
      header = null;
    }
    return true;
  }

  /** The link went down: nobody will answer the outstanding requests. */
  void linkLost(String why) {
    waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
    waiting.clear();
    synchronized (this) {
      header = null;
    }
  }

  private static PeerProtocolException outOfStep(String what) {
    return new PeerProtocolException(PeerProtocolException.Kind.MALFORMED, what);
  }
}
