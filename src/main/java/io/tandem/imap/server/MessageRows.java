package io.tandem.imap.server;

import io.tandem.store.StoreException;
import io.tandem.store.index.MessageRow;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * Walks the index rows of the messages a command names, in UID order, a chunk at a time: memory
 * stays bounded for a FETCH of every message of a large mailbox, and no read transaction is held
 * while the rows are answered (a client that reads slowly does not keep a snapshot open). Each
 * chunk is its own snapshot, so a message expunged meanwhile is simply not visited, as it would
 * not be found in a single read either.
 */
final class MessageRows {
  /** Rows per read: large enough that the per-read cost vanishes, small enough to bound memory. */
  static final int CHUNK = 2_000;

  /** What is done with each row, with the message's sequence number in the view. */
  @FunctionalInterface
  interface Visitor {
    void row(MessageRow row, long sequence) throws IOException, StoreException, SQLException;
  }

  private MessageRows() {}

  /**
   * Visits the rows of {@code ranges} that {@code box} holds.
   *
   * @param narrow read UID, MODSEQ and flags only (the other fields of the rows are 0 and null)
   */
  static void each(MailAccess mail, String user, SelectedMailbox box, UidRanges ranges,
      boolean narrow, Visitor visitor) throws IOException, StoreException, SQLException {
    if (ranges.isEmpty()) {
      return;
    }
    long high = ranges.highest();
    long from = ranges.lowest();
    while (from >= 0) {
      long low = from;
      List<MessageRow> rows = mail.read(user, index -> narrow
          ? index.statesBetween(box.mailboxId(), low, high, CHUNK)
          : index.messagesBetween(box.mailboxId(), low, high, CHUNK));
      for (MessageRow row : rows) {
        long sequence = ranges.contains(row.uid()) ? box.sequenceOf(row.uid()) : 0;
        if (sequence > 0) {
          visitor.row(row, sequence);
        }
      }
      if (rows.size() < CHUNK) {
        return;
      }
      from = ranges.nextFrom(rows.get(rows.size() - 1).uid() + 1);
    }
  }
}
