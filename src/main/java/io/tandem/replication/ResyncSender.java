package io.tandem.replication;

import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.replication.SnapshotMessage.Begin;
import io.tandem.replication.SnapshotMessage.End;
import io.tandem.replication.SnapshotMessage.Expunged;
import io.tandem.replication.SnapshotMessage.Mailbox;
import io.tandem.replication.SnapshotMessage.Message;
import io.tandem.replication.SnapshotMessage.Messages;
import io.tandem.replication.SnapshotMessage.ResyncDone;
import io.tandem.replication.SnapshotMessage.Subscriptions;
import io.tandem.replication.SnapshotMessage.Tombstone;
import io.tandem.replication.SnapshotMessage.UserAbsent;
import io.tandem.store.UsersFile;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's half of a full resync: every user's state, read from one read-only index
 * transaction each (so it is exactly the state after the index's {@code applied_seq}), with the
 * bodies checked against their hashes, then {@link ResyncDone}. Streaming goes on afterwards
 * from the oldest entry the journal still holds; the replica journals without applying what
 * each snapshot already holds.
 */
final class ResyncSender {
  private static final Logger LOG = LoggerFactory.getLogger(ResyncSender.class);
  private static final int MESSAGES_PER_FRAME = 512;
  private static final int TOMBSTONES_PER_FRAME = 4096;
  private static final long FLUSH_BYTES = 8L << 20;

  private final PeerLink link;
  private final MailStore store;
  private final BodyLocator bodies;
  private final List<PeerMessage> pending = new ArrayList<>();
  private long pendingBytes;

  ResyncSender(PeerLink link, MailStore store, BodyLocator bodies) {
    this.link = link;
    this.store = store;
    this.bodies = bodies;
  }

  /**
   * Sends every user, then {@link ResyncDone}.
   *
   * @param streamFrom the seq streaming continues after (the journal's oldest entry - 1)
   * @return the seq up to which each user's streamed entries are already in its snapshot, with
   *     the entry under key {@code ""} for users no snapshot named
   */
  ResyncSkips sendAll(long streamFrom) throws IOException {
    UsersFile.Listing listing = store.users().listing();
    Map<String, Long> through = new HashMap<>();
    for (String user : listing.names()) {
      through.put(user, sendUser(user));
    }
    long unnamed = listing.throughSeq();
    queue(new ResyncDone(streamFrom, listing.names().size(), unnamed));
    flush();
    LOG.info("Full resync sent {} users; streaming continues after seq {}",
        listing.names().size(), streamFrom);
    return new ResyncSkips(through, unnamed);
  }

  /**
   * Replaces one user's copy on the replica while streaming goes on: {@code ResyncUser} and the
   * snapshot. The caller makes sure this primary's index holds every entry sent so far, so the
   * snapshot covers them all.
   *
   * @return the seq the snapshot is consistent with
   */
  long sendOne(String user) throws IOException {
    queue(new PeerMessage.ResyncUser(user));
    long consistent = sendUser(user);
    flush();
    return consistent;
  }

  /** Sends one user's snapshot; returns the seq it is consistent with. */
  private long sendUser(String user) throws IOException {
    Path file = store.indexPool().file(user);
    Optional<String> hash = store.users().passwordHash(user);
    if (!Files.exists(file) || hash.isEmpty()) {
      return absent(user);
    }
    try (UserIndex index = UserIndex.openReadOnly(file, user)) {
      long consistent = index.appliedSeq();
      queue(new Begin(user, consistent, hash.get(), index.lastUidValidity()));
      long messages = 0;
      List<MailboxRow> boxes = index.mailboxes();
      for (MailboxRow box : boxes) {
        queue(new Mailbox(user, box.name(), box.uidValidity(), box.uidNext(),
            box.highestModseq(), box.specialUse()));
        messages += sendMessages(user, box, index.messages(box.id()));
        List<UserIndex.Tombstone> tombstones = index.tombstones(box.id());
        for (int from = 0; from < tombstones.size(); from += TOMBSTONES_PER_FRAME) {
          List<Tombstone> chunk = new ArrayList<>();
          for (UserIndex.Tombstone t : tombstones.subList(from,
              Math.min(tombstones.size(), from + TOMBSTONES_PER_FRAME))) {
            chunk.add(new Tombstone(t.uid(), t.modseq(), t.base()));
          }
          queue(new Expunged(user, box.name(), chunk));
        }
      }
      queue(new Subscriptions(user, index.subscriptions()));
      queue(new End(user, consistent, boxes.size(), messages));
      return consistent;
    } catch (SQLException e) {
      if (!Files.exists(file)) {
        return absent(user); // deleted while being read
      }
      throw new IOException("cannot read the index of " + user + " for a resync: "
          + e.getMessage(), e);
    }
  }

  private long absent(String user) throws IOException {
    long seq = store.journal().lastSeq();
    queue(new UserAbsent(user, seq));
    return seq;
  }

  private long sendMessages(String user, MailboxRow box, List<MessageRow> rows)
      throws IOException {
    for (int from = 0; from < rows.size(); from += MESSAGES_PER_FRAME) {
      List<Message> chunk = new ArrayList<>();
      java.util.Set<String> sent = new java.util.HashSet<>();
      for (MessageRow row : rows.subList(from, Math.min(rows.size(), from + MESSAGES_PER_FRAME))) {
        if (sent.add(row.sha256())) {
          queueBody(user, box.name(), row);
        }
        chunk.add(new Message(row.uid(), row.modseq(), row.flags(), row.internalDateMillis(),
            row.size(), row.sha256(), row.file()));
      }
      queue(new Messages(user, box.name(), chunk));
    }
    return rows.size();
  }

  private void queueBody(String user, String mailbox, MessageRow row) throws IOException {
    BodyLocator.Lookup found = bodies.find(user, mailbox, row.file(), row.sha256());
    if (found.verified().isEmpty()) {
      throw new IOException("the body of message uid " + row.uid() + " in " + user + "/"
          + mailbox + " (SHA-256 " + row.sha256() + ") is " + (found.corrupt().isEmpty()
              ? "missing" : "corrupt in " + found.corrupt()) + " on this appliance; the resync"
          + " cannot copy it faithfully. Restore the file, then the resync starts again");
    }
    try (FileChannel body = found.verified().get()) {
      List<PeerMessage> chunks = new ArrayList<>();
      pendingBytes += BodyChunks.add(chunks, body, row.sha256());
      pending.addAll(chunks);
    }
    if (pendingBytes >= FLUSH_BYTES) {
      flush();
    }
  }

  private void queue(PeerMessage message) throws IOException {
    pending.add(message);
    if (pendingBytes >= FLUSH_BYTES || pending.size() >= 4096) {
      flush();
    }
  }

  private void flush() throws IOException {
    if (!pending.isEmpty()) {
      link.sendAll(pending);
      pending.clear();
      pendingBytes = 0;
    }
  }

  /** What a resync session knows: entries each snapshot already holds. */
  record ResyncSkips(Map<String, Long> through, long unnamedThrough) {
    ResyncSkips {
      through = Map.copyOf(through);
    }

    /** True when the entry of {@code user} at {@code seq} is already in the replica's copy. */
    boolean covers(String user, long seq) {
      return seq <= through.getOrDefault(user, unnamedThrough);
    }

    static ResyncSkips none() {
      return new ResyncSkips(Map.of(), 0);
    }
  }
}
