package io.tandem.backup;

import io.tandem.backup.store.Deletion;
import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.MessageEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which run and which messages a restore takes (pure). */
final class RestoreSelection {
  static final Comparator<MessageEntry> ORDER = Comparator.comparing(MessageEntry::user)
      .thenComparing(MessageEntry::mailbox).thenComparingLong(MessageEntry::uid);

  private RestoreSelection() {}

  /**
   * The newest of {@code runs} (oldest first, each with a complete chain) taken at or before
   * {@code asOf}; the newest of all for null.
   */
  static Optional<Manifest> runAsOf(List<Manifest> runs, Instant asOf) {
    for (int i = runs.size() - 1; i >= 0; i--) {
      if (asOf == null || !runs.get(i).time().isAfter(asOf)) {
        return Optional.of(runs.get(i));
      }
    }
    return Optional.empty();
  }

  /** The messages of a state that belong to {@code user} (and {@code mailbox}, if named). */
  static List<MessageEntry> ofState(Collection<MessageEntry> state, String user,
      String mailbox) {
    return state.stream().filter(e -> matches(e, user, mailbox)).sorted(ORDER).toList();
  }

  /**
   * The messages deleted at or after {@code since}, as every run records them, whose body the
   * user no longer has anywhere in {@code latest} (the state of the newest run): a message moved
   * to another folder is not deleted. Each body once per place.
   */
  static List<MessageEntry> deletedSince(List<Manifest> runs,
      Map<MessageEntry.Key, MessageEntry> latest, Instant since, String user, String mailbox) {
    Set<String> seen = new HashSet<>();
    Set<String> kept = new HashSet<>();
    latest.values().forEach(e -> kept.add(e.user() + "/" + e.sha256()));
    List<MessageEntry> out = new ArrayList<>();
    for (Manifest run : runs) {
      for (Deletion deletion : run.deletions()) {
        MessageEntry entry = deletion.entry();
        boolean back = kept.contains(entry.user() + "/" + entry.sha256());
        boolean recent = !Instant.ofEpochMilli(deletion.deletedAtMs()).isBefore(since);
        if (recent && !back && matches(entry, user, mailbox)
            && seen.add(entry.key() + "/" + entry.sha256())) {
          out.add(entry);
        }
      }
    }
    out.sort(ORDER);
    return out;
  }

  private static boolean matches(MessageEntry entry, String user, String mailbox) {
    return (user == null || entry.user().equals(user))
        && (mailbox == null || entry.mailbox().equals(mailbox));
  }
}
