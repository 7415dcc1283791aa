package io.tandem.imap.server;

import io.tandem.imap.protocol.ImapCommand;
import io.tandem.imap.protocol.ImapWire;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.Flags;
import io.tandem.store.StoreException;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.MessageIntents.FlagMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flag change of a STORE (RFC 3501 §6.4.6, UNCHANGEDSINCE of RFC 7162 §3.1.3) and its FETCH
 * responses: the messages whose MODSEQ passed UNCHANGEDSINCE are left out (the MODIFIED code),
 * the rest changed in one intent, and their flags sent from the index rows walked after the
 * change. The session checks read-only, resolves the set, and sends the updates and the reply.
 */
final class StoreCommand {
  /**
   * @param modified the UIDs UNCHANGEDSINCE left out
   * @param told the UIDs whose flags the client was sent (or, with .SILENT, knows already)
   */
  record Result(Set<Long> modified, Set<Long> told) {}

  private final MailAccess mail;
  private final ImapOutput out;
  private final String user;
  private final SelectedMailbox box;

  StoreCommand(MailAccess mail, ImapOutput out, String user, SelectedMailbox box) {
    this.mail = mail;
    this.out = out;
    this.user = user;
    this.box = box;
  }

  /** @param condstore whether CONDSTORE is on (MODSEQ in every response) */
  Result run(ImapCommand.Store store, List<Long> uids, boolean condstore) throws IOException,
      StoreException, SQLException {
    List<String> flags = new ArrayList<>(store.flags());
    flags.removeIf(flag -> flag.equalsIgnoreCase("\\Recent"));
    Set<Long> modified = new TreeSet<>();
    List<Long> target = uids;
    if (store.unchangedSince().isPresent()) {
      long limit = store.unchangedSince().getAsLong();
      List<Long> unchanged = new ArrayList<>();
      MessageRows.each(mail, user, box, box.held(uids), true, (row, seq) -> {
        if (row.modseq() > limit) {
          modified.add(row.uid());
        } else {
          unchanged.add(row.uid());
        }
      });
      target = unchanged;
    }
    Set<Long> changed = Set.of();
    if (!target.isEmpty()) {
      changed = changedUids(mail.write(MessageIntents.setFlags(user, box.name(), target,
          mode(store.mode()), Flags.normalize(flags))));
    }
    Set<Long> told = new TreeSet<>();
    if (!store.silent() || condstore) {
      // Every stored message's flags, changed or not (RFC 3501 §6.4.6); with .SILENT and
      // CONDSTORE, still the ones whose MODSEQ moved (RFC 7162 §3.1.3).
      Set<Long> moved = changed;
      ByteArrayOutputStream lines = new ByteArrayOutputStream();
      MessageRows.each(mail, user, box, box.held(target), true, (row, seq) -> {
        if (!store.silent() || moved.contains(row.uid())) {
          FetchResponder.encode(lines, seq, row, null, List.of(), store.uid() || condstore,
              true, condstore);
          told.add(row.uid());
          if (lines.size() >= FetchCommand.FLUSH_BYTES) {
            out.raw(lines);
          }
        }
      });
      out.raw(lines);
    }
    if (store.silent()) {
      told.addAll(changed);
    }
    return new Result(modified, told);
  }

  /**
   * The MODIFIED response code (with a space after it) naming {@code result}'s left-out messages
   * by UID or by their sequence numbers now, or "" when none was left out.
   */
  String modifiedCode(Result result, boolean byUid) {
    if (result.modified().isEmpty()) {
      return "";
    }
    List<Long> numbers = new ArrayList<>();
    for (long uid : result.modified()) {
      numbers.add(byUid ? uid : box.sequenceOf(uid));
    }
    numbers.sort(null);
    return "[MODIFIED " + ImapWire.sequenceSet(numbers) + "] ";
  }

  /** The UIDs whose flags the journaled changes of a flag intent changed. */
  static Set<Long> changedUids(List<JournalEntry> entries) {
    Set<Long> changed = new TreeSet<>();
    for (JournalEntry entry : entries) {
      if (entry.op() instanceof Operation.SetFlags set) {
        set.changes().forEach(change -> changed.add(change.uid()));
      }
    }
    return changed;
  }

  private static FlagMode mode(ImapCommand.StoreMode mode) {
    return switch (mode) {
      case REPLACE -> FlagMode.REPLACE;
      case ADD -> FlagMode.ADD;
      case REMOVE -> FlagMode.REMOVE;
    };
  }
}
