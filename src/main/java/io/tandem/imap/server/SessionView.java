package io.tandem.imap.server;

import io.tandem.imap.protocol.FetchAttribute;
import io.tandem.imap.protocol.ImapCommand;
import io.tandem.imap.protocol.ImapWire;
import io.tandem.imap.protocol.SequenceSet;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.Flags;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.MessageIntents.FlagMode;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The selected state (RFC 3501 §6.4): SELECT/EXAMINE's answer, then FETCH, STORE, SEARCH, COPY,
 * MOVE, EXPUNGE, CLOSE and UNSELECT against a {@link SelectedMailbox}, and the untagged updates
 * (EXISTS, EXPUNGE or VANISHED, FETCH FLAGS) of changes made anywhere. Not thread-safe: guarded
 * by its session.
 */
final class SessionView {
  private static final String SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

  private final ImapContext context;
  private final ImapOutput out;
  private final EnabledExtensions extensions;
  private final String user;
  private final SelectedMailbox box;
  private List<Long> savedSearch = List.of();
  private boolean closed;

  private SessionView(ImapContext context, ImapOutput out, EnabledExtensions extensions,
      String user, SelectedMailbox box) {
    this.context = context;
    this.out = out;
    this.extensions = extensions;
    this.user = user;
    this.box = box;
  }

  /**
   * SELECT or EXAMINE: sends the mailbox's state (and, with QRESYNC, what changed since the
   * client's last visit) and the tagged reply.
   *
   * @return the view, or null when the mailbox does not exist (NO was sent)
   */
  static SessionView open(ImapContext context, ImapOutput out, EnabledExtensions extensions,
      String user, ImapCommand.Select select) throws IOException, StoreException, SQLException {
    String name = Names.mailbox(select.mailbox());
    MailAccess mail = context.mail();
    SessionView view = mail.read(user, index -> {
      MailboxRow row = MailboxCommands.mailbox(index, name);
      SelectedMailbox selected = new SelectedMailbox(row, mail.uidSnapshots().uids(index, row),
          select.readOnly());
      SessionView opened = new SessionView(context, out, extensions, user, selected);
      long firstUnseen = index.firstUnseenUid(row.id());
      out.untagged("FLAGS (" + SYSTEM_FLAGS + ")");
      out.untagged("OK [PERMANENTFLAGS (" + SYSTEM_FLAGS + " \\*)] Flags permitted");
      out.untagged(selected.count() + " EXISTS");
      out.untagged("0 RECENT");
      if (firstUnseen > 0) {
        out.untagged("OK [UNSEEN " + selected.sequenceOf(firstUnseen) + "] First unseen");
      }
      out.untagged("OK [UIDVALIDITY " + row.uidValidity() + "] UIDs valid");
      out.untagged("OK [UIDNEXT " + row.uidNext() + "] Predicted next UID");
      out.untagged("OK [HIGHESTMODSEQ " + row.highestModseq() + "] Highest");
      if (select.qresync().isPresent()
          && select.qresync().get().uidValidity() == row.uidValidity()) {
        opened.resynchronize(index, select.qresync().get());
      }
      return opened;
    });
    out.tagged(select.tag(), "OK", (select.readOnly() ? "[READ-ONLY] EXAMINE" : "[READ-WRITE]"
        + " SELECT") + " completed");
    return view;
  }

  /** QRESYNC (RFC 7162 §3.2.5.1): what vanished and what changed since the client's MODSEQ. */
  private void resynchronize(io.tandem.store.index.UserIndex index, ImapCommand.Qresync qresync)
      throws SQLException, IOException {
    List<Long> vanished = new ArrayList<>();
    for (long uid : index.expungedSince(box.mailboxId(), qresync.modSeq())) {
      if (qresync.knownUids().isEmpty()
          || qresync.knownUids().get().contains(uid, SequenceSet.STAR)) {
        vanished.add(uid);
      }
    }
    if (!vanished.isEmpty()) {
      out.untagged("VANISHED (EARLIER) " + ImapWire.sequenceSet(vanished));
    }
    for (MessageRow row : index.changedSince(box.mailboxId(), qresync.modSeq())) {
      long seq = box.sequenceOf(row.uid());
      if (seq > 0) {
        out.raw(FetchResponder.flagsUpdate(seq, row, true));
      }
    }
  }

  boolean closed() {
    return closed;
  }

  boolean handles(ImapCommand command) {
    return command instanceof ImapCommand.Fetch || command instanceof ImapCommand.Store
        || command instanceof ImapCommand.Search || command instanceof ImapCommand.Copy
        || command instanceof ImapCommand.Move || command instanceof ImapCommand.Expunge
        || command instanceof ImapCommand.Close || command instanceof ImapCommand.Unselect;
  }

  void run(ImapCommand command) throws IOException, StoreException, SQLException {
    try {
      if (command instanceof ImapCommand.Fetch fetch) {
        fetch(fetch);
      } else if (command instanceof ImapCommand.Store store) {
        store(store);
      } else if (command instanceof ImapCommand.Search search) {
        search(search);
      } else if (command instanceof ImapCommand.Copy copy) {
        copy(copy.tag(), copy.uid(), copy.set(), copy.mailbox(), false);
      } else if (command instanceof ImapCommand.Move move) {
        copy(move.tag(), move.uid(), move.set(), move.mailbox(), true);
      } else if (command instanceof ImapCommand.Expunge expunge) {
        expunge(expunge);
      } else if (command instanceof ImapCommand.Close close) {
        if (!box.readOnly()) {
          List<Long> deleted = deletedUids(Optional.empty());
          if (!deleted.isEmpty()) {
            context.mail().write(MessageIntents.expunge(user, box.name(), deleted));
          }
        }
        closed = true;
        out.tagged(close.tag(), "OK", "CLOSE completed");
      } else if (command instanceof ImapCommand.Unselect unselect) {
        closed = true;
        out.tagged(unselect.tag(), "OK", "UNSELECT completed");
      }
    } catch (IllegalArgumentException e) {
      // A sequence number beyond the mailbox (SelectedMailbox.resolve).
      out.tagged(command.tag(), "BAD", e.getMessage());
    }
  }

  /** Sends the updates of changes made anywhere since the last ones. */
  void sendUpdates(boolean allowExpunge) throws IOException, StoreException, SQLException {
    SelectedMailbox.Updates updates = context.mail().read(user,
        index -> box.refresh(index, allowExpunge, extensions.qresync()));
    send(updates, Set.of());
  }

  private void send(SelectedMailbox.Updates updates, Set<Long> alreadyTold) throws IOException {
    if (updates.deleted()) {
      // The mailbox was deleted (or its user removed) elsewhere: nothing can be done in it.
      out.untagged("OK [CLOSED] The selected mailbox was deleted");
      closed = true;
      return;
    }
    for (long seq : updates.expungedSequences()) {
      out.untagged(seq + " EXPUNGE");
    }
    if (!updates.vanishedUids().isEmpty()) {
      out.untagged("VANISHED " + ImapWire.sequenceSet(updates.vanishedUids()));
    }
    if (updates.existsChanged()) {
      out.untagged(updates.exists() + " EXISTS");
    }
    for (MessageRow row : updates.changed()) {
      if (!alreadyTold.contains(row.uid())) {
        out.raw(FetchResponder.flagsUpdate(box.sequenceOf(row.uid()), row,
            extensions.condstore()));
      }
    }
  }

  private void fetch(ImapCommand.Fetch fetch) throws IOException, StoreException,
      SQLException {
    if (fetch.changedSince().isPresent() || hasModseq(fetch.attributes())) {
      extensions.enable("CONDSTORE");
    }
    if (fetch.vanished() && !extensions.qresync()) {
      out.tagged(fetch.tag(), "BAD", "VANISHED needs QRESYNC enabled");
      return;
    }
    UidRanges selected = box.select(fetch.set(), fetch.uid(), savedSearch);
    Set<Long> seenNow = new TreeSet<>();
    if (FetchResponder.setsSeen(fetch.attributes()) && !box.readOnly() && !selected.isEmpty()) {
      seenNow.addAll(markSeen(box.uidsIn(selected)));
    }
    sendUpdatesWithin(fetch.uid(), seenNow);
    if (fetch.vanished()) {
      sendVanished(fetch);
    }
    new FetchCommand(context.mail(), out, user, box).send(fetch, selected, seenNow,
        extensions.condstore());
    out.tagged(fetch.tag(), "OK", (fetch.uid() ? "UID FETCH" : "FETCH") + " completed");
  }

  /** Sets \Seen on the messages that lack it; returns their UIDs. */
  private Set<Long> markSeen(List<Long> uids) throws IOException, StoreException {
    List<JournalEntry> entries = context.mail().write(MessageIntents.setFlags(user, box.name(),
        uids, FlagMode.ADD, List.of(Flags.SEEN)));
    return StoreCommand.changedUids(entries);
  }

  /** VANISHED (EARLIER) for UID FETCH ... (CHANGEDSINCE m VANISHED), RFC 7162 §3.2.6. */
  private void sendVanished(ImapCommand.Fetch fetch) throws IOException, StoreException,
      SQLException {
    long since = fetch.changedSince().getAsLong();
    long[] gone = context.mail().read(user,
        index -> index.expungedSince(box.mailboxId(), since));
    List<Long> named = new ArrayList<>();
    long last = Math.max(box.lastUid(), 1);
    for (long uid : gone) {
      if (fetch.set().contains(uid, last)) {
        named.add(uid);
      }
    }
    if (!named.isEmpty()) {
      out.untagged("VANISHED (EARLIER) " + ImapWire.sequenceSet(named));
    }
  }

  private void store(ImapCommand.Store store) throws IOException, StoreException,
      SQLException {
    if (box.readOnly()) {
      out.tagged(store.tag(), "NO", "[READ-ONLY] The mailbox is open read-only (EXAMINE)");
      return;
    }
    if (store.unchangedSince().isPresent()) {
      extensions.enable("CONDSTORE");
    }
    List<Long> uids = box.resolve(store.set(), store.uid(), savedSearch);
    StoreCommand command = new StoreCommand(context.mail(), out, user, box);
    StoreCommand.Result result = command.run(store, uids, extensions.condstore());
    sendUpdatesWithin(store.uid(), result.told());
    out.tagged(store.tag(), "OK", command.modifiedCode(result, store.uid())
        + (store.uid() ? "UID STORE" : "STORE") + " completed");
  }

  private void search(ImapCommand.Search search) throws IOException, StoreException,
      SQLException {
    if (!SearchCommand.knowsCharset(search.charset())) {
      out.tagged(search.tag(), "NO", "[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
      return;
    }
    boolean modseqKey = SearchCommand.usesModseq(search.key());
    if (modseqKey) {
      extensions.enable("CONDSTORE");
    }
    SearchCommand.Result result = new SearchCommand(context.mail(), context.zone(), user, box)
        .run(search, savedSearch);
    savedSearch = result.uids();
    sendUpdatesWithin(search.uid(), Set.of());
    out.untagged(result.reply(modseqKey));
    out.tagged(search.tag(), "OK", (search.uid() ? "UID SEARCH" : "SEARCH") + " completed");
  }

  private static boolean hasModseq(List<FetchAttribute> attributes) {
    for (FetchAttribute attribute : attributes) {
      if (attribute instanceof FetchAttribute.Simple simple
          && simple.kind() == FetchAttribute.Kind.MODSEQ) {
        return true;
      }
    }
    return false;
  }

  /** COPY or MOVE (RFC 6851), with COPYUID (RFC 4315). */
  private void copy(String tag, boolean byUid, SequenceSet set, String target, boolean move)
      throws IOException, StoreException, SQLException {
    if (move && box.readOnly()) {
      out.tagged(tag, "NO", "[READ-ONLY] The mailbox is open read-only (EXAMINE)");
      return;
    }
    List<Long> uids = box.resolve(set, byUid, savedSearch);
    String name = Names.mailbox(target);
    MailboxRow targetBox = context.mail().read(user,
        index -> MailboxCommands.mailbox(index, name));
    String verb = (byUid ? "UID " : "") + (move ? "MOVE" : "COPY");
    if (uids.isEmpty()) {
      sendUpdatesWithin(byUid, Set.of());
      out.tagged(tag, "OK", verb + " completed (no messages)");
      return;
    }
    List<JournalEntry> entries = context.mail().write(MessageIntents.copy(user, box.name(), uids,
        name, move));
    List<Long> sources = new ArrayList<>();
    List<Long> targets = new ArrayList<>();
    for (JournalEntry entry : entries) {
      List<Operation.CopiedMessage> copied = entry.op() instanceof Operation.Move moved
          ? moved.messages() : entry.op() instanceof Operation.Copy copiedOp
          ? copiedOp.messages() : List.of();
      for (Operation.CopiedMessage message : copied) {
        sources.add(message.sourceUid());
        targets.add(message.targetUid());
      }
    }
    String copyUid = sources.isEmpty() ? "" : "[COPYUID " + targetBox.uidValidity() + " "
        + uidList(sources) + " " + uidList(targets) + "] ";
    if (move) {
      if (!copyUid.isEmpty()) {
        out.untagged("OK " + copyUid + "Moved");
      }
      sendUpdates(true);
      out.tagged(tag, "OK", verb + " completed");
    } else {
      sendUpdatesWithin(byUid, Set.of());
      out.tagged(tag, "OK", copyUid + verb + " completed");
    }
  }

  /** UIDs in the order given (COPYUID pairs source and target by position). */
  private static String uidList(List<Long> uids) {
    StringBuilder text = new StringBuilder();
    for (long uid : uids) {
      text.append(text.length() == 0 ? "" : ",").append(uid);
    }
    return text.toString();
  }

  private void expunge(ImapCommand.Expunge expunge) throws IOException, StoreException,
      SQLException {
    if (box.readOnly()) {
      out.tagged(expunge.tag(), "NO", "[READ-ONLY] The mailbox is open read-only (EXAMINE)");
      return;
    }
    List<Long> deleted = deletedUids(expunge.uids());
    if (!deleted.isEmpty()) {
      context.mail().write(MessageIntents.expunge(user, box.name(), deleted));
    }
    sendUpdates(true);
    out.tagged(expunge.tag(), "OK", (expunge.uids().isPresent() ? "UID EXPUNGE" : "EXPUNGE")
        + " completed");
  }

  /** The messages flagged \Deleted, within {@code uids} when given (UID EXPUNGE). */
  private List<Long> deletedUids(Optional<SequenceSet> uids) throws IOException,
      StoreException, SQLException {
    UidRanges within = uids.isPresent() ? box.select(uids.get(), true, savedSearch) : box.all();
    List<Long> deleted = new ArrayList<>();
    MessageRows.each(context.mail(), user, box, within, true, (row, seq) -> {
      if (row.flags().contains(Flags.DELETED)) {
        deleted.add(row.uid());
      }
    });
    return deleted;
  }

  /**
   * Updates after a FETCH, STORE or SEARCH: expunges wait unless the command was by UID (RFC
   * 3501 §7.4.1), and messages already told about in the command are not told twice.
   */
  private void sendUpdatesWithin(boolean byUid, Set<Long> alreadyTold) throws IOException,
      StoreException, SQLException {
    SelectedMailbox.Updates updates = context.mail().read(user,
        index -> box.refresh(index, byUid, extensions.qresync()));
    send(updates, alreadyTold);
  }
}
