package io.tandem.imap.server;

import io.tandem.journal.JournalEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open IMAP sessions: by user, so that a change applied to the store (by any session, LMTP
 * or the partner) reaches that user's sessions at once, pushed to those in IDLE; and all of
 * them, so that they can be ended together when this appliance stops being the primary.
 * Thread-safe.
 */
final class SessionRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  /** How long {@link #byeAll} lets BYEs be written before it cuts every connection. */
  private static final long BYE_WAIT_MILLIS = 2_000;
  /** BYEs written at once: a client that reads nothing holds one writer until the cut. */
  private static final int BYE_WRITERS = 16;

  /** A session, how to cut its connection, and the client's address (for the log). */
  record Open(ImapSession session, Runnable disconnect, String address) {}

  private final Map<ImapSession, Open> all = new ConcurrentHashMap<>();
  private final Map<String, Set<Open>> byUser = new ConcurrentHashMap<>();
  private final IdlePushes pushes;
  private final ExecutorService byes = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imap-bye");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param pushDeadline how long a push to a session in IDLE may take to be written before the
   *     session is ended (its client reads nothing)
   */
  SessionRegistry(Duration pushDeadline) {
    this.pushes = new IdlePushes(pushDeadline);
  }

  void opened(Open open) {
    all.put(open.session(), open);
  }

  void closed(Open open) {
    all.remove(open.session());
    String user = open.session().user();
    if (user != null) {
      Set<Open> sessions = byUser.get(user);
      if (sessions != null) {
        sessions.remove(open);
      }
    }
  }

  void loggedIn(ImapSession session, String user) {
    Open open = all.get(session);
    if (open != null) {
      byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(open);
    }
  }

  int size() {
    return all.size();
  }

  /**
   * Told by the store after each applied batch (on its writer thread, so it only marks and
   * queues): the users' sessions refresh, and those in IDLE are sent the changes now, each
   * without waiting for another ({@link IdlePushes}).
   */
  void applied(List<JournalEntry> entries) {
    Set<String> users = new HashSet<>();
    for (JournalEntry entry : entries) {
      users.add(entry.op().user());
    }
    for (String user : users) {
      Set<Open> sessions = byUser.get(user);
      if (sessions == null) {
        continue;
      }
      for (Open open : sessions) {
        open.session().markChanged();
        if (open.session().idling()) {
          pushes.push(open, user);
        }
      }
    }
  }

  /**
   * Ends every session with an untagged BYE and closes its connection, within about two seconds
   * however many clients there are. A client that reads nothing blocks the write to it (a large
   * FETCH it stopped reading, say), and its BYE waits behind that write: the BYEs are written by
   * a few threads at once, and once the wait is over every connection is cut, which also ends a
   * blocked write. Such a client gets no BYE; it only sees the connection end.
   */
  void byeAll(String text) {
    List<Open> open = new ArrayList<>(all.values());
    if (open.isEmpty()) {
      return;
    }
    ExecutorService writers = Executors.newFixedThreadPool(Math.min(open.size(), BYE_WRITERS),
        runnable -> {
          Thread thread = new Thread(runnable, "imap-bye-writer");
          thread.setDaemon(true);
          return thread;
        });
    try {
      for (Open session : open) {
        writers.execute(() -> {
          session.session().bye(text);
          session.disconnect().run();
        });
      }
      writers.shutdown();
      if (!writers.awaitTermination(BYE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.warn("IMAP: some clients took no BYE within {} ms (they read nothing); their"
            + " connections are cut", BYE_WAIT_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Open session : open) {
        session.disconnect().run();
      }
      writers.shutdownNow();
    }
  }

  /**
   * {@link #byeAll} on a thread of its own, for a caller that must not wait on clients: a role
   * change tells its listeners on the thread that changes the role (the replication link's, in a
   * failover), under the role's lock.
   */
  void byeAllSoon(String text) {
    try {
      byes.execute(() -> byeAll(text));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The service has stopped: its sessions were ended then.
    }
  }

  @Override
  public void close() {
    pushes.close();
    byes.shutdown();
  }
}
