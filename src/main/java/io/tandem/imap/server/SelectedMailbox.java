package io.tandem.imap.server;

import io.tandem.imap.protocol.SequenceSet;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * What one session knows of its selected mailbox: the UIDs its sequence numbers stand for, and
 * the MODSEQ up to which it has told the client about changes. {@link #refresh} brings it up to
 * date from the index (changes made by this or any other session, LMTP, or the partner) and says
 * what to tell the client. Expunges wait while the command in progress forbids them (FETCH,
 * STORE and SEARCH by sequence number, RFC 3501 §7.4.1). Not thread-safe: guarded by its session.
 */
final class SelectedMailbox {
  /** What the client must be told after a refresh. */
  record Updates(List<Long> expungedSequences, List<Long> vanishedUids, int exists,
      boolean existsChanged, List<MessageRow> changed, boolean deleted) {
    static Updates none(int exists) {
      return new Updates(List.of(), List.of(), exists, false, List.of(), false);
    }
  }

  private final long mailboxId;
  private final long uidValidity;
  private final boolean readOnly;
  private String name;
  private long[] uids;
  /** Whether {@link #uids} is shared with other sessions (a {@link UidSnapshots} array). */
  private boolean shared;
  private int count;
  private long knownModseq;
  private final TreeSet<Long> pendingExpunges = new TreeSet<>();

  /** @param uids ascending; shared, not changed: the view copies it before its first change */
  SelectedMailbox(MailboxRow box, long[] uids, boolean readOnly) {
    this.mailboxId = box.id();
    this.name = box.name();
    this.uidValidity = box.uidValidity();
    this.readOnly = readOnly;
    this.uids = uids;
    this.shared = true;
    this.count = uids.length;
    this.knownModseq = box.highestModseq();
  }

  long mailboxId() {
    return mailboxId;
  }

  String name() {
    return name;
  }

  long uidValidity() {
    return uidValidity;
  }

  boolean readOnly() {
    return readOnly;
  }

  int count() {
    return count;
  }

  long highestModseq() {
    return knownModseq;
  }

  long uidAt(long sequence) {
    return uids[(int) sequence - 1];
  }

  /** The sequence number of a UID, or 0 when the view does not hold it. */
  long sequenceOf(long uid) {
    int at = Arrays.binarySearch(uids, 0, count, uid);
    return at < 0 ? 0 : at + 1;
  }

  boolean isPendingExpunge(long uid) {
    return pendingExpunges.contains(uid);
  }

  /** The highest UID in the view, or 0. */
  long lastUid() {
    return count == 0 ? 0 : uids[count - 1];
  }

  /**
   * The UIDs a set names, ascending: by sequence number, or by UID when {@code byUid} (UIDs the
   * mailbox does not hold are left out, as RFC 3501 §6.4.8 says).
   *
   * @throws IllegalArgumentException for a sequence number beyond the mailbox
   */
  List<Long> resolve(SequenceSet set, boolean byUid, List<Long> savedUids) {
    return uidsIn(select(set, byUid, savedUids));
  }

  /** The UIDs of the view inside {@code ranges}, ascending. */
  List<Long> uidsIn(UidRanges ranges) {
    return ranges.in(uids, count);
  }

  /** As {@link #resolve}, as ranges: for commands that walk the messages rather than list them. */
  UidRanges select(SequenceSet set, boolean byUid, List<Long> savedUids) {
    return set.savedResult() ? UidRanges.held(uids, count, savedUids)
        : UidRanges.resolve(uids, count, set, byUid);
  }

  /** Every message of the view. */
  UidRanges all() {
    return UidRanges.all(uids, count);
  }

  /** The given UIDs that the view holds. */
  UidRanges held(List<Long> wanted) {
    return UidRanges.held(uids, count, wanted);
  }

  /**
   * Reads what changed since {@link #highestModseq} and updates the view.
   *
   * @param allowExpunge whether expunged messages may leave the view now; if not, they stay
   *     (and keep their sequence numbers) until a later refresh that allows it
   * @param vanished whether expunges are reported as UIDs (QRESYNC's VANISHED)
   */
  Updates refresh(UserIndex index, boolean allowExpunge, boolean vanished) throws SQLException {
    MailboxRow box = index.mailboxById(mailboxId).orElse(null);
    if (box == null) {
      return new Updates(List.of(), List.of(), count, false, List.of(), true);
    }
    name = box.name();
    if (box.highestModseq() == knownModseq && (pendingExpunges.isEmpty() || !allowExpunge)) {
      return Updates.none(count);
    }
    for (long uid : index.expungedSince(mailboxId, knownModseq)) {
      if (sequenceOf(uid) > 0) {
        pendingExpunges.add(uid);
      }
    }
    List<MessageRow> changed = new ArrayList<>();
    int before = count;
    for (MessageRow row : index.changedSince(mailboxId, knownModseq)) {
      if (row.uid() > lastUid()) {
        append(row.uid());
      } else if (sequenceOf(row.uid()) > 0 && !pendingExpunges.contains(row.uid())) {
        changed.add(row);
      }
    }
    knownModseq = box.highestModseq();
    List<Long> expungedSequences = new ArrayList<>();
    List<Long> vanishedUids = new ArrayList<>();
    if (allowExpunge && !pendingExpunges.isEmpty()) {
      if (vanished) {
        vanishedUids.addAll(pendingExpunges);
      }
      for (long uid : pendingExpunges.descendingSet()) {
        expungedSequences.add(sequenceOf(uid));
      }
      remove(pendingExpunges);
      pendingExpunges.clear();
      before -= expungedSequences.size();
    }
    return new Updates(vanished ? List.of() : expungedSequences, vanishedUids, count,
        count != before, changed, false);
  }

  private void append(long uid) {
    if (count == uids.length || shared) {
      uids = Arrays.copyOf(uids, Math.max(16, count == uids.length ? count * 2 : uids.length));
      shared = false;
    }
    uids[count++] = uid;
  }

  private void remove(TreeSet<Long> gone) {
    if (shared) {
      uids = Arrays.copyOf(uids, count);
      shared = false;
    }
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (!gone.contains(uids[i])) {
        uids[kept++] = uids[i];
      }
    }
    count = kept;
  }
}
