package io.tandem.backup;

import io.tandem.backup.store.MessageEntry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Messages of a store by place: the catalog (as of the last run) or the live index (now). */
interface StateView {
  /** The message at {@code key}, if there is one. */
  Optional<MessageEntry> get(MessageEntry.Key key) throws IOException;

  /** The messages of {@code mailbox} and, with {@code children}, of those below it. */
  List<MessageEntry> inMailbox(String user, String mailbox, boolean children) throws IOException;

  /** Every message of {@code user} (none for a user that does not exist). */
  List<MessageEntry> ofUser(String user) throws IOException;
}
