package io.tandem.imap.server;

import io.tandem.imap.message.ParsedMessage;
import io.tandem.imap.protocol.ImapCommand;
import io.tandem.store.StoreException;
import io.tandem.store.index.MessageRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * The FETCH responses of the messages a FETCH names (RFC 3501 §6.4.5, CHANGEDSINCE of RFC 7162
 * §3.1.4.1): their index rows walked in UID order ({@link MessageRows}; only UID, MODSEQ and
 * flags when nothing else is asked), each file read only when an item needs it, and the
 * responses encoded into one reused buffer written out {@link #FLUSH_BYTES} at a time. The
 * session has resolved the set, set \Seen and sent the updates before.
 */
final class FetchCommand {
  /** Responses gathered before they are written: large writes, and memory bounded. */
  static final int FLUSH_BYTES = 64 * 1024;

  private final MailAccess mail;
  private final ImapOutput out;
  private final String user;
  private final SelectedMailbox box;

  FetchCommand(MailAccess mail, ImapOutput out, String user, SelectedMailbox box) {
    this.mail = mail;
    this.out = out;
    this.user = user;
    this.box = box;
  }

  /**
   * @param seenNow the messages whose \Seen this FETCH set (their FLAGS are sent)
   * @param withModseq whether CONDSTORE is on (MODSEQ in every response)
   */
  void send(ImapCommand.Fetch fetch, UidRanges selected, Set<Long> seenNow, boolean withModseq)
      throws IOException, StoreException, SQLException {
    boolean needsBody = FetchResponder.needsBody(fetch.attributes());
    boolean headerOnly = needsBody && FetchResponder.headerOnly(fetch.attributes());
    boolean narrow = FetchResponder.needsOnlyState(fetch.attributes());
    long changedSince = fetch.changedSince().orElse(-1);
    ByteArrayOutputStream lines = new ByteArrayOutputStream(FLUSH_BYTES + 4096);
    MessageRows.each(mail, user, box, selected, narrow, (row, seq) -> {
      if (row.modseq() <= changedSince) {
        return;
      }
      ParsedMessage message = null;
      if (needsBody) {
        Optional<byte[]> bytes = read(row, headerOnly);
        if (bytes.isEmpty()) {
          return;
        }
        message = ParsedMessage.parse(bytes.get());
      }
      FetchResponder.encode(lines, seq, row, message, fetch.attributes(), fetch.uid(),
          seenNow.contains(row.uid()), withModseq);
      if (lines.size() >= FLUSH_BYTES) {
        out.raw(lines);
      }
    });
    out.raw(lines);
  }

  private Optional<byte[]> read(MessageRow row, boolean headerOnly) throws IOException,
      StoreException, SQLException {
    return headerOnly ? mail.header(user, box.name(), box.mailboxId(), row)
        : mail.message(user, box.name(), box.mailboxId(), row);
  }
}
