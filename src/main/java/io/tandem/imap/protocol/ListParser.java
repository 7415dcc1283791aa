package io.tandem.imap.protocol;

import io.tandem.imap.protocol.ImapCommand.StatusItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts] (RFC
 * 5258 §6, the basic RFC 3501 form being the one without options), and LSUB.
 */
final class ListParser {
  private ListParser() {}

  static ImapCommand list(ImapReader in, String tag) throws ImapSyntaxException {
    in.sp();
    Set<String> select = Set.of();
    if (in.peekIs('(')) {
      select = new LinkedHashSet<>(ImapValues.atomList(in));
      in.sp();
    }
    String reference = in.mailbox();
    in.sp();
    List<String> patterns = new ArrayList<>();
    if (in.accept('(')) {
      do {
        patterns.add(in.listMailbox());
        in.checkListLength(patterns.size());
      } while (in.accept(' '));
      in.expect(')', "Bad mailbox pattern list");
    } else {
      patterns.add(in.listMailbox());
    }
    Set<String> returns = new LinkedHashSet<>();
    Set<StatusItem> status = new LinkedHashSet<>();
    if (in.accept(' ')) {
      returnOptions(in, returns, status);
    }
    return new ImapCommand.ListMailboxes(tag, Set.copyOf(select), reference, patterns,
        returns, status);
  }

  /** list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")". */
  private static void returnOptions(ImapReader in, Set<String> returns, Set<StatusItem> status)
      throws ImapSyntaxException {
    if (!in.acceptWord("RETURN")) {
      throw in.fail("Expected RETURN options");
    }
    in.sp();
    in.expect('(', "Expected RETURN options");
    if (in.accept(')')) {
      return;
    }
    do {
      String option = in.atom("Bad RETURN option").toUpperCase(Locale.ROOT);
      returns.add(option);
      in.checkListLength(returns.size());
      if (option.equals("STATUS")) {
        in.sp();
        status.addAll(ImapCommandDecoder.statusItems(in));
      }
    } while (in.accept(' '));
    in.expect(')', "Bad RETURN options");
  }

  static ImapCommand lsub(ImapReader in, String tag) throws ImapSyntaxException {
    in.sp();
    String reference = in.mailbox();
    in.sp();
    return new ImapCommand.Lsub(tag, reference, in.listMailbox());
  }
}
