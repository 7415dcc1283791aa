package io.tandem.imap.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes changes to sessions in IDLE so that no client holds up another's pushes. A push
 * writes to a socket, and a client that stopped reading blocks that write once its buffers are
 * full; so pushes run on a few threads, each session has at most one push queued or running (a
 * change told meanwhile asks for one more after it, which reads everything new since), and a
 * push still unwritten after the deadline ends its session by cutting the connection, which
 * also ends the blocked write. Ordering with the session's own commands is the session's
 * business: a push takes the session's lock ({@link ImapSession#pushUpdates}). Thread-safe.
 */
final class IdlePushes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IdlePushes.class);
  /** Sessions pushed to at once: one stuck client holds one of them until its deadline. */
  private static final int THREADS = 16;

  private final Duration deadline;
  private final ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 60,
      TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
        Thread thread = new Thread(runnable, "imap-notify");
        thread.setDaemon(true);
        return thread;
      });
  private final ScheduledExecutorService deadlines =
      io.tandem.util.BackgroundThreads.single("imap-push-deadline");
  /** Sessions with a push queued or running; true once another push was asked for meanwhile. */
  private final Map<ImapSession, Boolean> scheduled = new ConcurrentHashMap<>();

  IdlePushes(Duration deadline) {
    this.deadline = deadline;
    threads.allowCoreThreadTimeOut(true);
  }

  /**
   * Pushes {@code open}'s changes soon, unless a push of it is already queued or running, in
   * which case one more follows that one. Never blocks (the store's writer thread calls it).
   *
   * @param user the session's user, named in the log if its connection has to be cut (the
   *     session's own lock may be held by the blocked push, so it is not asked)
   */
  void push(SessionRegistry.Open open, String user) {
    if (scheduled.merge(open.session(), false, (queued, again) -> true) == Boolean.FALSE) {
      submit(open, user);
    }
  }

  private void submit(SessionRegistry.Open open, String user) {
    try {
      threads.execute(() -> run(open, user));
    } catch (RejectedExecutionException e) {
      // The service has stopped: the session is ending anyway.
    }
  }

  private void run(SessionRegistry.Open open, String user) {
    ScheduledFuture<?> cut = deadlines.schedule(() -> cut(open, user), deadline.toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      open.session().pushUpdates();
    } catch (RuntimeException e) {
      LOG.error("IMAP: pushing changes to {} at {} failed", user, open.address(), e);
    } finally {
      cut.cancel(false);
    }
    // Another push was asked for while this one ran: queued behind the other sessions' pushes.
    if (scheduled.computeIfPresent(open.session(), (session, again) -> again ? false : null)
        != null) {
      submit(open, user);
    }
  }

  private void cut(SessionRegistry.Open open, String user) {
    LOG.warn("IMAP: ending the session of {} from {}: changes pushed to it during IDLE could not"
        + " be written for {} (the client reads nothing); its connection is cut and the client"
        + " must reconnect", user, open.address(), deadline.toMillis() % 1000 == 0
            ? deadline.toSeconds() + " s" : deadline.toMillis() + " ms");
    open.disconnect().run();
  }

  @Override
  public void close() {
    threads.shutdownNow();
    deadlines.shutdownNow();
  }
}
