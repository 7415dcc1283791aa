package io.tandem.imap.server;

import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.UserIndex;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UID arrays of recently selected mailboxes, each as of a MODSEQ, shared by the sessions
 * that select them. Reading 100,000 UIDs through the SQLite driver takes 20-30 ms (a native call
 * per row), which made SELECT of a large mailbox slow; a mailbox selected again is brought from
 * its kept MODSEQ to the reader's with the index's tombstones and the UIDs delivered since, both
 * small. Arrays are never changed once kept ({@link SelectedMailbox} copies before it changes
 * its own). At most {@link #MAX_UIDS} UIDs are kept, least recently used dropped first.
 * Thread-safe.
 *
 * <p>A mailbox is known by user, id and UIDVALIDITY: a mailbox re-created (or an index rebuilt
 * with other ids) has another UIDVALIDITY, always above the user's earlier ones.
 */
final class UidSnapshots {
  /** 8 MiB of UIDs: a handful of very large mailboxes, or hundreds of ordinary ones. */
  static final int MAX_UIDS = 1 << 20;

  private record Key(String user, long mailboxId, long uidValidity) {}

  private record Snapshot(long[] uids, long modseq) {}

  /** In access order; guarded by this. */
  private final Map<Key, Snapshot> kept = new LinkedHashMap<>(16, 0.75f, true);
  private long keptUids;

  /**
   * The UIDs of {@code box}, ascending, as the snapshot {@code index} reads (from which {@code
   * box} was read): not to be changed by the caller.
   */
  long[] uids(UserIndex index, MailboxRow box) throws SQLException {
    Key key = new Key(index.user(), box.id(), box.uidValidity());
    Snapshot known;
    synchronized (this) {
      known = kept.get(key);
    }
    if (known != null && known.modseq() == box.highestModseq()) {
      return known.uids();
    }
    long[] uids = known != null && known.modseq() < box.highestModseq()
        ? advance(index, box.id(), known) : index.uids(box.id());
    keep(key, new Snapshot(uids, box.highestModseq()));
    return uids;
  }

  /** The kept UIDs less those expunged since, plus those delivered since. */
  private static long[] advance(UserIndex index, long mailboxId, Snapshot known)
      throws SQLException {
    long[] gone = index.expungedSince(mailboxId, known.modseq());
    long[] before = known.uids();
    long last = before.length == 0 ? 0 : before[before.length - 1];
    long[] added = index.uidsAbove(mailboxId, last);
    long[] now = new long[before.length + added.length];
    int size = 0;
    for (long uid : before) {
      if (Arrays.binarySearch(gone, uid) < 0) {
        now[size++] = uid;
      }
    }
    System.arraycopy(added, 0, now, size, added.length);
    return Arrays.copyOf(now, size + added.length);
  }

  /** Forgets every kept array. */
  synchronized void clear() {
    kept.clear();
    keptUids = 0;
  }

  private synchronized void keep(Key key, Snapshot snapshot) {
    if (snapshot.uids().length > MAX_UIDS) {
      return;
    }
    Snapshot old = kept.get(key);
    if (old != null && old.modseq() > snapshot.modseq()) {
      return;  // a reader of a newer snapshot kept its array first
    }
    if (old != null) {
      keptUids -= old.uids().length;
    }
    kept.put(key, snapshot);
    keptUids += snapshot.uids().length;
    for (Iterator<Snapshot> it = kept.values().iterator(); keptUids > MAX_UIDS; ) {
      keptUids -= it.next().uids().length;
      it.remove();
    }
  }
}
