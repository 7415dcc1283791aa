package io.tandem.imap.server;

import io.tandem.journal.JournalEntry;
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

  /** A session and how to cut its connection. */
  record Open(ImapSession session, Runnable disconnect) {}

  private final Set<Open> all = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<ImapSession>> byUser = new ConcurrentHashMap<>();
  private final ExecutorService pusher = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imap-notify");
    thread.setDaemon(true);
    return thread;
  });
  private final ExecutorService byes = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imap-bye");
    thread.setDaemon(true);
    return thread;
  });

  void opened(Open open) {
    all.add(open);
  }

  void closed(Open open) {
    all.remove(open);
    String user = open.session().user();
    if (user != null) {
      Set<ImapSession> sessions = byUser.get(user);
      if (sessions != null) {
        sessions.remove(open.session());
      }
    }
  }

  void loggedIn(ImapSession session, String user) {
    byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(session);
  }

  int size() {
    return all.size();
  }

  /**
   * Told by the store after each applied batch (on its writer thread, so it only marks and
   * queues): the users' sessions refresh, and those in IDLE are sent the changes now.
   */
  void applied(List<JournalEntry> entries) {
    Set<String> users = new HashSet<>();
    for (JournalEntry entry : entries) {
      users.add(entry.op().user());
    }
    for (String user : users) {
      Set<ImapSession> sessions = byUser.get(user);
      if (sessions == null) {
        continue;
      }
      for (ImapSession session : sessions) {
        session.markChanged();
        if (session.idling()) {
          pusher.execute(session::pushUpdates);
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
    List<Open> open = new ArrayList<>(all);
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
    pusher.shutdownNow();
    byes.shutdown();
  }
}
