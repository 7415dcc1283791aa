package io.tandem.replication;

import io.tandem.replication.PeerProtocolException.Kind;
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
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.StoreResync;
import io.tandem.util.Fsync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's half of a full resync. The first snapshot message empties this store (under a
 * marker, see {@link StoreResync}); each user is then built beside the live data (a staged index
 * and maildir, bodies hard-linked from the checked copies the primary sent), its counts checked
 * at {@link End}, and swapped in by the committer. {@link ResyncDone} restarts the journal where
 * the stream continues. Names from the primary are checked like any input: a name that is not a
 * valid user or mailbox, or a file that is not {@code new/NAME} or {@code cur/NAME}, ends the
 * session. Used by one session thread.
 */
final class ResyncReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(ResyncReceiver.class);
  private static final Pattern FILE = Pattern.compile("(new|cur)/[^/]+");

  private final MailStore store;
  private final BodyInbox inbox;
  private final MaildirLayout layout;
  private final Map<String, Long> through = new HashMap<>();
  private boolean wiped;
  /** The user a {@code ResyncUser} announced: its snapshot replaces it alone, nothing is wiped. */
  private String single;
  private Staged current;
  private long users;
  private ResyncSender.ResyncSkips done;

  /** One user being staged. */
  private static final class Staged {
    final Begin begin;
    final UserIndex index;
    final Path home;
    /** The mailbox folders staged, forced before the swap. */
    final Set<Path> dirs = new LinkedHashSet<>();
    String mailbox;
    long mailboxId;
    Path folder;
    long mailboxes;
    long messages;

    Staged(Begin begin, UserIndex index, Path home) {
      this.begin = begin;
      this.index = index;
      this.home = home;
    }
  }

  ResyncReceiver(MailStore store, BodyInbox inbox) {
    this.store = store;
    this.inbox = inbox;
    this.layout = store.layout();
  }

  /** The skips once {@link ResyncDone} was applied; null before. */
  ResyncSender.ResyncSkips skips() {
    return done;
  }

  /** The primary announced a fresh copy of one user (a repair), not a full resync. */
  void announceSingle(String user) throws PeerProtocolException {
    outsideUser("resync-user");
    single = checkedUser(user);
  }

  void accept(SnapshotMessage message)
      throws IOException, PeerProtocolException, InterruptedException {
    try {
      if (message instanceof Begin begin) {
        begin(begin);
      } else if (message instanceof Mailbox box) {
        mailbox(box);
      } else if (message instanceof Messages batch) {
        messages(batch);
      } else if (message instanceof Expunged expunged) {
        expunged(expunged);
      } else if (message instanceof Subscriptions subscriptions) {
        staged(subscriptions.user());
        for (String name : subscriptions.mailboxes()) {
          current.index.setSubscribed(checkedMailbox(name), true);
        }
      } else if (message instanceof End end) {
        end(end);
      } else if (message instanceof UserAbsent absent) {
        outsideUser("user-absent");
        String user = checkedUser(absent.user());
        if (single != null) {
          if (!single.equals(user)) {
            throw malformed("user-absent for " + user + " after the primary announced "
                + single);
          }
          single = null;
          await(store.removeUserForResync(user));
          return;
        }
        wipeOnce();
        await(store.removeUserForResync(user));
        through.put(absent.user(), absent.consistentSeq());
        users++;
      } else if (message instanceof ResyncDone resyncDone) {
        finish(resyncDone);
      }
    } catch (SQLException e) {
      throw new IOException("staging a user for the resync failed: " + e.getMessage(), e);
    }
  }

  private void begin(Begin begin) throws IOException, SQLException, PeerProtocolException,
      InterruptedException {
    outsideUser("snapshot-begin");
    String user = checkedUser(begin.user());
    if (single == null) {
      wipeOnce();
    } else if (!single.equals(user)) {
      throw malformed("a snapshot of " + user + " after the primary announced " + single);
    }
    StoreResync resync = store.resync();
    Path indexFile = resync.stagedIndex(user);
    Path home = resync.stagedHome(user);
    resync.clearStaged(user);
    Files.createDirectories(indexFile.getParent());
    Files.createDirectories(home);
    current = new Staged(begin, UserIndex.open(indexFile, user), home);
  }

  private void mailbox(Mailbox box) throws IOException, SQLException, PeerProtocolException {
    staged(box.user());
    String name = checkedMailbox(box.mailbox());
    current.index.insertMailbox(name, box.uidValidity(), box.specialUse());
    current.mailboxId = current.index.mailbox(name).orElseThrow().id();
    current.index.setCounters(current.mailboxId, box.uidNext(), box.highestModseq());
    current.mailbox = name;
    Path live = layout.mailbox(box.user(), name);
    current.folder = current.home.resolve(layout.userHome(box.user()).relativize(live));
    for (String sub : new String[] {"cur", "new", "tmp"}) {
      Files.createDirectories(current.folder.resolve(sub));
    }
    if (!name.equals(Names.INBOX)) {
      Path marker = current.folder.resolve("maildirfolder");
      if (!Files.exists(marker)) {
        Files.createFile(marker);
      }
    }
    current.dirs.add(current.folder);
    current.mailboxes++;
  }

  private void messages(Messages batch) throws IOException, SQLException, PeerProtocolException {
    inMailbox(batch.user(), batch.mailbox());
    for (Message m : batch.messages()) {
      if (!FILE.matcher(m.file()).matches() || m.file().endsWith("/.")
          || m.file().endsWith("/..")) {
        throw malformed("message uid " + m.uid() + " has the file '" + m.file() + "', not"
            + " new/NAME or cur/NAME");
      }
      if (!inbox.has(m.sha256())) {
        throw malformed("message uid " + m.uid() + " of " + batch.user() + "/" + batch.mailbox()
            + " came without its body " + m.sha256());
      }
      Path target = current.folder.resolve(m.file());
      inbox.linkTo(m.sha256(), target);
      current.index.insertMessage(current.mailboxId, new MessageRow(m.uid(), m.modseq(),
          m.flags(), m.internalDateMillis(), m.size(), m.sha256(), m.file()));
      current.messages++;
    }
    inbox.commitPlacements();
  }

  private void expunged(Expunged expunged) throws SQLException, PeerProtocolException {
    inMailbox(expunged.user(), expunged.mailbox());
    for (Tombstone t : expunged.tombstones()) {
      current.index.expungeMessage(current.mailboxId, t.uid(), t.modseq(), t.fileBase());
    }
  }

  private void end(End end) throws IOException, SQLException, PeerProtocolException,
      InterruptedException {
    staged(end.user());
    Staged user = current;
    if (end.consistentSeq() != user.begin.consistentSeq() || end.mailboxes() != user.mailboxes
        || end.messages() != user.messages) {
      throw malformed("the snapshot of " + end.user() + " ended with " + end.mailboxes()
          + " mailboxes and " + end.messages() + " messages at seq " + end.consistentSeq()
          + ", but " + user.mailboxes + " and " + user.messages + " arrived for seq "
          + user.begin.consistentSeq());
    }
    user.index.setAppliedSeq(end.consistentSeq());
    user.index.setLastUidValidity(Math.max(user.begin.lastUidValidity(),
        user.index.lastUidValidity()));
    user.index.checkpoint();
    user.index.close();
    for (Path folder : user.dirs) {
      for (String sub : new String[] {"cur", "new", "tmp"}) {
        Fsync.directory(folder.resolve(sub));
      }
      Fsync.directory(folder);
    }
    Fsync.directory(user.home);
    current = null;
    await(store.installStagedUser(end.user(), user.begin.passwordHash()));
    if (single != null) {
      LOG.info("Replaced {} with a fresh copy from the primary (consistent with seq {})",
          single, end.consistentSeq());
      single = null;
      return;
    }
    through.put(end.user(), end.consistentSeq());
    users++;
  }

  private void finish(ResyncDone resyncDone)
      throws IOException, PeerProtocolException, InterruptedException {
    outsideUser("resync-done");
    if (resyncDone.users() != users) {
      throw malformed("the resync named " + resyncDone.users() + " users but " + users
          + " arrived");
    }
    wipeOnce();
    await(store.finishFullResync(resyncDone.streamFromSeq(), resyncDone.unnamedThroughSeq()));
    done = new ResyncSender.ResyncSkips(through, resyncDone.unnamedThroughSeq());
    LOG.info("Full resync received: {} users; the stream continues after seq {}", users,
        resyncDone.streamFromSeq());
  }

  /** Abandons a user being staged (the session ended in the middle). */
  void abandon() {
    if (current != null) {
      try {
        current.index.close();
      } catch (SQLException e) {
        LOG.debug("Closing a staged index failed: {}", e.toString());
      }
      current = null;
    }
  }

  private void wipeOnce() throws IOException, InterruptedException {
    if (!wiped) {
      await(store.beginFullResync());
      wiped = true;
    }
  }

  private void staged(String user) throws PeerProtocolException {
    if (current == null || !current.begin.user().equals(user)) {
      throw malformed("a snapshot message for " + user + " outside its snapshot");
    }
  }

  private void inMailbox(String user, String mailbox) throws PeerProtocolException {
    staged(user);
    if (!mailbox.equals(current.mailbox)) {
      throw malformed("messages for mailbox " + mailbox + " while " + current.mailbox
          + " is being copied");
    }
  }

  private void outsideUser(String what) throws PeerProtocolException {
    if (current != null) {
      throw malformed(what + " inside the snapshot of " + current.begin.user());
    }
  }

  private static String checkedUser(String user) throws PeerProtocolException {
    try {
      return Names.user(user);
    } catch (StoreException e) {
      throw malformed("the primary sent an invalid user name: " + e.getMessage());
    }
  }

  private static String checkedMailbox(String name) throws PeerProtocolException {
    try {
      return Names.mailbox(name);
    } catch (StoreException e) {
      throw malformed("the primary sent an invalid mailbox name: " + e.getMessage());
    }
  }

  private static void await(Future<?> step) throws IOException, InterruptedException {
    try {
      step.get();
    } catch (ExecutionException e) {
      throw new IOException("a resync step failed on this replica: " + e.getCause(),
          e.getCause());
    }
  }

  private static PeerProtocolException malformed(String what) {
    return new PeerProtocolException(Kind.MALFORMED, what);
  }
}
