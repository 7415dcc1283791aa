package io.tandem.imap.server;

import io.tandem.imap.protocol.ImapCommand;
import io.tandem.imap.protocol.ImapCommand.StatusItem;
import io.tandem.imap.protocol.ImapWire;
import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.store.Flags;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.StoreException.Reason;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands on mailboxes as a whole, valid once logged in (RFC 3501 §6.3): CREATE, DELETE,
 * RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS and APPEND. Each change is one store intent.
 */
final class MailboxCommands {
  private final ImapContext context;
  private final ImapOutput out;

  MailboxCommands(ImapContext context, ImapOutput out) {
    this.context = context;
    this.out = out;
  }

  boolean handles(ImapCommand command) {
    return command instanceof ImapCommand.Create || command instanceof ImapCommand.Delete
        || command instanceof ImapCommand.Rename || command instanceof ImapCommand.Subscribe
        || command instanceof ImapCommand.ListMailboxes || command instanceof ImapCommand.Lsub
        || command instanceof ImapCommand.Status || command instanceof ImapCommand.Append;
  }

  /**
   * Runs the command and returns the text of its tagged OK; the session sends the untagged
   * updates its change caused before that OK.
   */
  String run(String user, ImapCommand command) throws IOException, StoreException,
      SQLException {
    MailAccess mail = context.mail();
    if (command instanceof ImapCommand.Create create) {
      // "a.b." asks for a future parent (RFC 3501 §6.3.3): the name is without the separator.
      String name = create.mailbox().endsWith(".")
          ? create.mailbox().substring(0, create.mailbox().length() - 1) : create.mailbox();
      mail.write(MailboxIntents.create(user, name));
      return "CREATE completed";
    } else if (command instanceof ImapCommand.Delete delete) {
      mail.write(MailboxIntents.delete(user, delete.mailbox()));
      return "DELETE completed";
    } else if (command instanceof ImapCommand.Rename rename) {
      return rename(user, rename);
    } else if (command instanceof ImapCommand.Subscribe subscribe) {
      mail.write(MailboxIntents.subscribe(user, subscribe.mailbox(), subscribe.subscribe()));
      return (subscribe.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE")
          + " completed";
    } else if (command instanceof ImapCommand.ListMailboxes list) {
      return list(user, list);
    } else if (command instanceof ImapCommand.Lsub lsub) {
      MailboxLister lister = lister(user);
      for (MailboxLister.Listed listed : lister.lsub(lsub.reference(), lsub.pattern())) {
        listLine("LSUB", listed);
      }
      return "LSUB completed";
    } else if (command instanceof ImapCommand.Status status) {
      String name = Names.mailbox(status.mailbox());
      String line = mail.read(user, index -> statusLine(index, mailbox(index, name),
          status.items()));
      out.untagged(line);
      return "STATUS completed";
    }
    return append(user, (ImapCommand.Append) command);
  }

  /** RENAME; INBOX's contents move to the new mailbox and INBOX stays (RFC 3501 §6.3.5). */
  private String rename(String user, ImapCommand.Rename rename) throws IOException, StoreException,
      SQLException {
    MailAccess mail = context.mail();
    if (!Names.mailbox(rename.from()).equals(Names.INBOX)) {
      mail.write(MailboxIntents.rename(user, rename.from(), rename.to()));
      return "RENAME completed";
    }
    mail.write(MailboxIntents.create(user, rename.to()));
    List<Long> uids = mail.read(user, index -> {
      List<Long> all = new ArrayList<>();
      for (long uid : index.uids(mailbox(index, Names.INBOX).id())) {
        all.add(uid);
      }
      return all;
    });
    if (!uids.isEmpty()) {
      mail.write(MessageIntents.copy(user, Names.INBOX, uids, rename.to(), true));
    }
    return "RENAME completed (INBOX's messages moved)";
  }

  private String list(String user, ImapCommand.ListMailboxes list) throws IOException,
      StoreException, SQLException {
    if (list.patterns().size() == 1 && list.patterns().get(0).isEmpty()) {
      // LIST "" "": the hierarchy separator and the root (RFC 3501 §6.3.8).
      out.untagged("LIST (\\Noselect) \".\" \"\"");
      return "LIST completed";
    }
    boolean onlySubscribed = list.selectOptions().contains("SUBSCRIBED");
    boolean showSubscribed = onlySubscribed || list.returnOptions().contains("SUBSCRIBED");
    MailboxLister lister = lister(user);
    Set<String> done = new HashSet<>();
    for (String pattern : list.patterns()) {
      for (MailboxLister.Listed listed
          : lister.list(list.reference(), pattern, onlySubscribed, showSubscribed)) {
        if (!done.add(listed.name())) {
          continue;
        }
        listLine("LIST", listed);
        if (!list.returnStatus().isEmpty() && !listed.attributes().contains("\\Noselect")
            && !listed.attributes().contains("\\NonExistent")) {
          String name = listed.name();
          out.untagged(context.mail().read(user,
              index -> statusLine(index, mailbox(index, name), list.returnStatus())));
        }
      }
    }
    return "LIST completed";
  }

  private MailboxLister lister(String user) throws IOException, StoreException, SQLException {
    return context.mail().read(user, index -> {
      Map<String, String> uses = new HashMap<>();
      for (MailboxRow row : index.mailboxes()) {
        uses.put(row.name(), row.specialUse());
      }
      return new MailboxLister(uses, new HashSet<>(index.subscriptions()));
    });
  }

  private void listLine(String kind, MailboxLister.Listed listed) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.writeBytes(("* " + kind + " (" + String.join(" ", listed.attributes()) + ") \".\" ")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ImapWire.mailbox(line, listed.name());
    line.writeBytes(new byte[] {'\r', '\n'});
    out.raw(line.toByteArray());
  }

  private String append(String user, ImapCommand.Append append) throws IOException,
      StoreException, SQLException {
    MailAccess mail = context.mail();
    String name = Names.mailbox(append.mailbox());
    MailboxRow box = mail.read(user, index -> mailbox(index, name));
    List<String> flags = new ArrayList<>(append.flags());
    flags.removeIf(flag -> flag.equalsIgnoreCase("\\Recent"));
    long internalDate = append.internalDate().map(date -> date.toInstant().toEpochMilli())
        .orElseGet(() -> Instant.now().toEpochMilli());
    SpooledMessage spooled = mail.spool(append.message());
    List<JournalEntry> entries;
    try {
      entries = mail.write(MessageIntents.deliver(user, name, spooled, Flags.normalize(flags),
          internalDate));
    } catch (StoreException | IOException | RuntimeException e) {
      mail.discard(spooled);
      throw e;
    }
    Operation.Deliver delivered = (Operation.Deliver) entries.get(0).op();
    return "[APPENDUID " + box.uidValidity() + " " + delivered.uid()
        + "] APPEND completed";
  }

  /** A mailbox by its canonical name, or NONEXISTENT. */
  static MailboxRow mailbox(UserIndex index, String name) throws SQLException, StoreException {
    return index.mailbox(name).orElseThrow(() -> new StoreException(Reason.NO_SUCH_MAILBOX,
        "Mailbox does not exist"));
  }

  /** {@code STATUS name (MESSAGES n UIDNEXT n ...)} without the leading "* ". */
  static String statusLine(UserIndex index, MailboxRow box, Set<StatusItem> items)
      throws SQLException {
    List<String> parts = new ArrayList<>();
    for (StatusItem item : items) {
      switch (item) {
        case MESSAGES -> parts.add("MESSAGES " + index.count(box.id()));
        case RECENT -> parts.add("RECENT 0");
        case UIDNEXT -> parts.add("UIDNEXT " + box.uidNext());
        case UIDVALIDITY -> parts.add("UIDVALIDITY " + box.uidValidity());
        case UNSEEN -> parts.add("UNSEEN " + index.countUnseen(box.id()));
        case HIGHESTMODSEQ -> parts.add("HIGHESTMODSEQ " + box.highestModseq());
        default -> throw new IllegalArgumentException(item.name());
      }
    }
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    ImapWire.mailbox(name, box.name());
    return "STATUS " + name.toString(java.nio.charset.StandardCharsets.UTF_8) + " ("
        + String.join(" ", parts) + ")";
  }
}
