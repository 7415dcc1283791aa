package io.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.journal.JournalEntry;
import io.tandem.journal.Operation;
import io.tandem.journal.Operation.CopiedMessage;
import io.tandem.journal.Operation.FlagChange;
import io.tandem.journal.Operation.MessageRef;
import io.tandem.reconcile.DivergentAction.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DivergenceTranslatorTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);
  private final List<JournalEntry> entries = new ArrayList<>();

  private void op(Operation op) {
    entries.add(new JournalEntry(91 + entries.size(), 1, 0, op));
  }

  private static Operation deliver(String mailbox, long uid, String sha, String... flags) {
    return new Operation.Deliver("alice", mailbox, uid, 1, List.of(flags), 1000, 10, sha,
        "base" + uid);
  }

  private List<String> described(boolean redeliver) {
    return DivergenceTranslator.translate(entries, redeliver).stream()
        .map(a -> a.kind() + " " + a.describe()).toList();
  }

  @Test
  void aMessageDeliveredFlaggedAndMovedIsDeliveredOnceWhereItEnded() {
    op(new Operation.CreateMailbox("alice", "Work", 77, null));
    op(deliver("INBOX", 11, A));
    op(new Operation.SetFlags("alice", "INBOX", 2, List.of(new FlagChange(11, "base11",
        List.of("\\Seen")))));
    op(new Operation.Move("alice", "INBOX", 3, "Work", 1, List.of(new CopiedMessage(11,
        "base11", 1, "copy1", List.of("\\Seen")))));
    op(new Operation.RenameMailbox("alice", "Work", "Projects"));

    List<DivergentAction> actions = DivergenceTranslator.translate(entries, true);
    assertThat(actions).extracting(DivergentAction::kind)
        .containsExactly(Kind.CREATE_MAILBOX, Kind.RENAME_MAILBOX, Kind.DELIVER);
    DivergentAction delivery = actions.get(2);
    assertThat(delivery.mailbox()).isEqualTo("Projects");
    assertThat(delivery.flags()).containsExactly("\\Seen");
    assertThat(delivery.sha256()).isEqualTo(A);
    assertThat(delivery.internalDateMillis()).isEqualTo(1000);
  }

  @Test
  void changesToMessagesOfTheCommonHistoryAreReplayedOnThemCopiesBeforeExpunges() {
    // UIDs 5, 6 and 7 of INBOX existed before the split (no delivery of them here).
    op(new Operation.SetFlags("alice", "INBOX", 9, List.of(new FlagChange(5, "b5",
        List.of("\\Seen")), new FlagChange(6, "b6", List.of("\\Flagged")))));
    op(new Operation.SetFlags("alice", "INBOX", 10, List.of(new FlagChange(5, "b5",
        List.of("\\Answered", "\\Seen")))));
    op(new Operation.Move("alice", "INBOX", 11, "Archive", 3, List.of(new CopiedMessage(6, "b6",
        40, "c40", List.of("\\Flagged")))));
    op(new Operation.Expunge("alice", "INBOX", 12, List.of(new MessageRef(7, "b7"))));

    assertThat(described(true)).containsExactly(
        "COPY copy message UID 6 of alice/INBOX to Archive, flags \\Flagged",
        "SET_FLAGS set the flags of UID 5 in alice/INBOX to \\Answered \\Seen",
        "EXPUNGE expunge UID 6 of alice/INBOX",
        "EXPUNGE expunge UID 7 of alice/INBOX");
  }

  @Test
  void messagesRemovedAgainAndDeletionsAreListedNotReplayed() {
    op(deliver("INBOX", 20, A));
    op(new Operation.Expunge("alice", "INBOX", 3, List.of(new MessageRef(20, "base20"))));
    op(new Operation.CreateMailbox("alice", "Tmp", 78, null));
    op(deliver("Tmp", 1, B));
    op(new Operation.DeleteMailbox("alice", "Tmp"));
    op(new Operation.DeleteUser("bob"));

    List<DivergentAction> actions = DivergenceTranslator.translate(entries, true);
    assertThat(actions).extracting(DivergentAction::kind).containsExactly(Kind.CREATE_MAILBOX,
        Kind.DELETE_MAILBOX, Kind.DELETE_USER, Kind.NOT_REDELIVERED, Kind.NOT_REDELIVERED);
    assertThat(actions).filteredOn(a -> !a.kind().replayed()).allSatisfy(
        a -> assertThat(a.detail()).isNotEmpty());
    assertThat(actions.get(3).sha256()).isEqualTo(A);
    assertThat(actions.get(3).detail()).contains("expunged");
    assertThat(actions.get(4).sha256()).isEqualTo(B);
    assertThat(actions.get(4).detail()).contains("mailbox was deleted");
  }

  @Test
  void withoutRedeliveryUnacknowledgedMessagesAreListedAndTheirCopiesFollowThem() {
    op(deliver("INBOX", 30, A, "\\Seen"));
    op(new Operation.Copy("alice", "INBOX", "Archive", 4, List.of(new CopiedMessage(30, "b30",
        9, "c9", List.of("\\Seen")))));
    op(new Operation.SetFlags("alice", "INBOX", 5, List.of(new FlagChange(30, "b30",
        List.of())))); // not a common message: never replayed on UID 30 of the new primary
    op(new Operation.AddUser("carol", "{hash}", 5));

    List<DivergentAction> actions = DivergenceTranslator.translate(entries, false);
    assertThat(actions).extracting(DivergentAction::kind).containsExactly(Kind.ADD_USER,
        Kind.NOT_REDELIVERED, Kind.NOT_REDELIVERED);
    assertThat(actions.get(1).detail()).isEqualTo(DivergenceTranslator.UNACKNOWLEDGED);
    assertThat(actions.get(2).mailbox()).isEqualTo("Archive");
    assertThat(actions.get(0).detail()).isEqualTo("{hash}");

    assertThat(DivergenceTranslator.translate(entries, true)).extracting(DivergentAction::kind)
        .containsExactly(Kind.ADD_USER, Kind.DELIVER, Kind.DELIVER);
  }

  @Test
  void aRenameCarriesTheCommonMessagesOfTheMailboxAndItsChildren() {
    op(new Operation.SetFlags("alice", "Lists.Java", 5, List.of(new FlagChange(3, "b3",
        List.of("\\Seen")))));
    op(new Operation.RenameMailbox("alice", "Lists", "Archive.Lists"));
    op(new Operation.Expunge("alice", "Archive.Lists", 6, List.of(new MessageRef(8, "b8"))));
    op(deliver("Archive.Lists.Java", 4, C));

    assertThat(described(true)).containsExactly(
        "RENAME_MAILBOX rename mailbox alice/Lists to Archive.Lists",
        "DELIVER deliver a message of 10 bytes (sha256 cccccccccccc) to"
            + " alice/Archive.Lists.Java, no flags",
        "SET_FLAGS set the flags of UID 3 in alice/Archive.Lists.Java to \\Seen",
        "EXPUNGE expunge UID 8 of alice/Archive.Lists");
  }
}
