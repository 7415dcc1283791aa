package io.tandem.backup;

import io.tandem.backup.store.Deletion;
import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.MessageEntry;
import io.tandem.backup.store.RunInfo;
import io.tandem.backup.store.RunSource;
import java.io.IOException;
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
  static Optional<RunInfo> runAsOf(List<RunInfo> runs, Instant asOf) {
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
   * The messages deleted at or after {@code since}, as every run records them (read streaming),
   * whose body the user no longer has anywhere in {@code latest} (the state of the newest run,
   * or the part of it of the user restored): a message moved to another folder is not deleted.
   * Each body once per place.
   */
  static List<MessageEntry> deletedSince(RunSource runs, Map<MessageEntry.Key, MessageEntry> latest,
      Instant since, String user, String mailbox) throws IOException {
    Set<String> seen = new HashSet<>();
    Set<String> kept = new HashSet<>();
    latest.values().forEach(e -> kept.add(e.user() + "/" + e.sha256()));
    List<MessageEntry> out = new ArrayList<>();
    for (RunInfo run : runs.runs()) {
      runs.changes(run.runId(), change -> {
        if (!(change instanceof Manifest.Change.Remove remove)) {
          return;
        }
        Deletion deletion = remove.deletion();
        MessageEntry entry = deletion.entry();
        boolean back = kept.contains(entry.user() + "/" + entry.sha256());
        boolean recent = !Instant.ofEpochMilli(deletion.deletedAtMs()).isBefore(since);
        if (recent && !back && matches(entry, user, mailbox)
            && seen.add(entry.key() + "/" + entry.sha256())) {
          out.add(entry);
        }
      });
    }
    out.sort(ORDER);
    return out;
  }

  private static boolean matches(MessageEntry entry, String user, String mailbox) {
    return (user == null || entry.user().equals(user))
        && (mailbox == null || entry.mailbox().equals(mailbox));
  }
}
