package io.tandem.imap.server;

import io.tandem.imap.message.ParsedMessage;
import io.tandem.imap.message.SearchCandidate;
import io.tandem.store.StoreException;
import io.tandem.store.index.MessageRow;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * A message of the selected mailbox as SEARCH sees it: the index row answers flags, size, dates
 * and MODSEQ; the file is read (its header alone when the search reads no body) only when a key
 * needs its text, and at most once. A file that cannot be read searches as an empty message.
 */
final class RowCandidate implements SearchCandidate {
  private final MailAccess mail;
  private final String user;
  private final SelectedMailbox box;
  private final MessageRow row;
  private final long sequence;
  private final boolean headerOnly;
  private ParsedMessage parsed;

  RowCandidate(MailAccess mail, String user, SelectedMailbox box, MessageRow row, long sequence,
      boolean headerOnly) {
    this.mail = mail;
    this.user = user;
    this.box = box;
    this.row = row;
    this.sequence = sequence;
    this.headerOnly = headerOnly;
  }

  @Override
  public long sequence() {
    return sequence;
  }

  @Override
  public long uid() {
    return row.uid();
  }

  @Override
  public List<String> flags() {
    return row.flags();
  }

  @Override
  public long size() {
    return FetchResponder.rfc822Size(row);
  }

  @Override
  public long internalDateMillis() {
    return row.internalDateMillis();
  }

  @Override
  public long modseq() {
    return row.modseq();
  }

  @Override
  public ParsedMessage message() {
    if (parsed == null) {
      try {
        parsed = ParsedMessage.parse((headerOnly
            ? mail.header(user, box.name(), box.mailboxId(), row)
            : mail.message(user, box.name(), box.mailboxId(), row)).orElse(new byte[0]));
      } catch (IOException | SQLException | StoreException e) {
        parsed = ParsedMessage.parse(new byte[0]);
      }
    }
    return parsed;
  }
}
