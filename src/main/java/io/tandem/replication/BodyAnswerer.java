package io.tandem.replication;

import io.tandem.store.Names;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the partner's {@link BodyRepairMessage.Request}s on a thread of its own (reading and
 * hashing a body must not hold up the link's reader): finds a copy of the body whose bytes match
 * its hash ({@link BodyLocator#findByHash}) and sends it in chunks, or says there is none. A copy
 * whose hash does not match is never sent. Requests are answered one at a time, in order.
 */
final class BodyAnswerer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BodyAnswerer.class);
  private static final int MAX_QUEUED = 64;

  private final BodyLocator bodies;
  private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(MAX_QUEUED), runnable -> {
        Thread thread = new Thread(runnable, "replication-body-answers");
        thread.setDaemon(true);
        return thread;
      });

  BodyAnswerer(BodyLocator bodies) {
    this.bodies = bodies;
  }

  /** Queues the answer to {@code request} on {@code link}; never blocks the caller. */
  void answer(PeerLink link, BodyRepairMessage.Request request) {
    try {
      worker.execute(() -> send(link, request));
    } catch (RejectedExecutionException e) {
      sendQuietly(link, new BodyRepairMessage.Missing(request.sha256(), "the partner has "
          + MAX_QUEUED + " body requests queued already; ask again later"));
    }
  }

  private void send(PeerLink link, BodyRepairMessage.Request request) {
    if (!Names.isValidUser(request.user())) {
      sendQuietly(link, new BodyRepairMessage.Missing(request.sha256(), "'" + request.user()
          + "' is not a user name"));
      return;
    }
    try {
      BodyLocator.Lookup found = bodies.findByHash(request.user(), request.sha256());
      if (found.verified().isEmpty()) {
        String reason = found.corrupt().isEmpty() ? "it has no copy"
            : "its copies are damaged too (" + found.corrupt() + ")";
        LOG.warn("The partner asked for body {} of {}: {}", request.sha256(), request.user(),
            reason);
        link.send(new BodyRepairMessage.Missing(request.sha256(), reason));
        return;
      }
      try (FileChannel body = found.verified().get()) {
        sendChunks(link, body, request.sha256());
      }
      LOG.info("Sent the partner a good copy of body {} of {} (for a repair)", request.sha256(),
          request.user());
    } catch (IOException e) {
      LOG.warn("Answering the partner's request for body {} failed: {}", request.sha256(),
          Sender.describe(e));
      sendQuietly(link, new BodyRepairMessage.Missing(request.sha256(), "reading it here"
          + " failed: " + Sender.describe(e)));
    }
  }

  /** One chunk at a time, so a large body never sits in memory whole. */
  private static void sendChunks(PeerLink link, FileChannel body, String sha256)
      throws IOException {
    BodyChunks.forEach(body, sha256, chunk -> link.send(new BodyRepairMessage.Reply(chunk)));
  }

  private static void sendQuietly(PeerLink link, PeerMessage message) {
    try {
      link.send(message);
    } catch (IOException e) {
      // The link is gone; the asker sees that and gives up on its request.
      link.close();
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
