package io.tandem.imap.server;

import io.tandem.imap.message.SearchEvaluator;
import io.tandem.imap.protocol.ImapCommand;
import io.tandem.imap.protocol.SearchKey;
import io.tandem.store.StoreException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The messages a SEARCH matches (RFC 3501 §6.4.4, MODSEQ of RFC 7162 §3.1.5): every index row of
 * the selected mailbox walked in UID order ({@link MessageRows}; only UID, MODSEQ and flags when
 * no key needs more), each tried as a {@link RowCandidate}, which reads the file only for keys
 * that need its text. The session checks the charset, enables CONDSTORE, keeps the result for
 * {@code $} and sends the updates and the reply.
 */
final class SearchCommand {
  /**
   * What a SEARCH found.
   *
   * @param numbers what the reply names: UIDs for UID SEARCH, sequence numbers otherwise
   * @param uids the matching messages' UIDs (the saved result, {@code $})
   * @param highestModseq the highest MODSEQ among them (0 when none)
   */
  record Result(List<Long> numbers, List<Long> uids, long highestModseq) {

    /** The untagged reply's text; {@code (MODSEQ n)} when the search had a MODSEQ key. */
    String reply(boolean withModseq) {
      StringBuilder line = new StringBuilder("SEARCH");
      for (long number : numbers) {
        line.append(' ').append(number);
      }
      if (withModseq && !numbers.isEmpty()) {
        line.append(" (MODSEQ ").append(highestModseq).append(')');
      }
      return line.toString();
    }
  }

  private final MailAccess mail;
  private final ZoneId zone;
  private final String user;
  private final SelectedMailbox box;

  SearchCommand(MailAccess mail, ZoneId zone, String user, SelectedMailbox box) {
    this.mail = mail;
    this.zone = zone;
    this.user = user;
    this.box = box;
  }

  /** @param savedSearch the UIDs of the last SEARCH (what {@code $} stands for) */
  Result run(ImapCommand.Search search, List<Long> savedSearch) throws IOException,
      StoreException, SQLException {
    SearchEvaluator evaluator = new SearchEvaluator(zone, box.count(), box.lastUid(),
        new LinkedHashSet<>(savedSearch));
    boolean headerOnly = !readsBody(search.key());
    List<Long> found = new ArrayList<>();
    List<Long> foundUids = new ArrayList<>();
    long[] highest = {0};
    MessageRows.each(mail, user, box, box.all(), !readsRow(search.key()), (row, seq) -> {
      if (evaluator.matches(search.key(),
          new RowCandidate(mail, user, box, row, seq, headerOnly))) {
        found.add(search.uid() ? row.uid() : seq);
        foundUids.add(row.uid());
        highest[0] = Math.max(highest[0], row.modseq());
      }
    });
    return new Result(found, foundUids, highest[0]);
  }

  /** SEARCH knows UTF-8 and its subset US-ASCII (RFC 3501 §6.4.4 requires US-ASCII). */
  static boolean knowsCharset(Optional<String> charset) {
    return charset.isEmpty() || charset.get().equalsIgnoreCase("UTF-8")
        || charset.get().equalsIgnoreCase("US-ASCII");
  }

  static boolean usesModseq(SearchKey key) {
    return SearchKey.any(key, k -> k instanceof SearchKey.ModSeq);
  }

  /**
   * Whether a search key may look at a message's body (BODY, TEXT). The other keys that read the
   * message (header fields, HEADER, the SENT* dates) read only its own header.
   */
  private static boolean readsBody(SearchKey key) {
    return SearchKey.any(key, k -> k instanceof SearchKey.Text text
        && (text.field() == SearchKey.TextField.BODY || text.field() == SearchKey.TextField.TEXT));
  }

  /**
   * Whether a search key needs more of the index row than UID, MODSEQ and flags: sizes (the
   * file name's W=), internal dates, or the file itself (text, headers, SENT* dates).
   */
  private static boolean readsRow(SearchKey key) {
    return SearchKey.any(key, k -> k instanceof SearchKey.Text || k instanceof SearchKey.Header
        || k instanceof SearchKey.Date || k instanceof SearchKey.Size);
  }
}
