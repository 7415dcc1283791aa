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

/**
 * The open IMAP sessions: by user, so that a change applied to the store (by any session, LMTP
 * or the partner) reaches that user's sessions at once, pushed to those in IDLE; and all of
 * them, so that they can be ended together when this appliance stops being the primary.
 * Thread-safe.
 */
final class SessionRegistry implements AutoCloseable {
  /** A session and how to cut its connection. */
  record Open(ImapSession session, Runnable disconnect) {}

  private final Set<Open> all = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<ImapSession>> byUser = new ConcurrentHashMap<>();
  private final ExecutorService pusher = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imap-notify");
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

  /** Ends every session with an untagged BYE and closes its connection. */
  void byeAll(String text) {
    for (Open open : new ArrayList<>(all)) {
      open.session().bye(text);
      open.disconnect().run();
    }
  }

  @Override
  public void close() {
    pusher.shutdownNow();
  }
}
