package io.tandem.backup;

import io.tandem.backup.store.Manifest;
import io.tandem.backup.store.MessageEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's changes: every place the journal touched, as the last run recorded it ({@code before})
 * and as the store holds it now ({@code now}). A message present now and different (or new) is a
 * {@code put}; one recorded before and gone now is a {@code del} at the time of the last
 * operation that touched it. A full run puts every message present now. Deletions come first,
 * then puts, each in (user, mailbox, uid) order. Stateless apart from its inputs.
 */
final class ChangePlanner {
  private static final Comparator<MessageEntry.Key> ORDER = Comparator
      .comparing(MessageEntry.Key::user).thenComparing(MessageEntry.Key::mailbox)
      .thenComparingLong(MessageEntry.Key::uid);

  private ChangePlanner() {}

  /**
   * The changes.
   *
   * @param full put every message present now, changed or not (a full manifest)
   */
  static List<Manifest.Change> plan(Touched touched, StateView before, StateView now,
      boolean full) throws IOException {
    Map<MessageEntry.Key, Long> keys = new LinkedHashMap<>(touched.messages());
    Map<MessageEntry.Key, MessageEntry> known = new LinkedHashMap<>();
    Map<MessageEntry.Key, MessageEntry> present = new LinkedHashMap<>();
    for (Map.Entry<Touched.Mailbox, Long> box : touched.mailboxes().entrySet()) {
      Touched.Mailbox m = box.getKey();
      collect(before.inMailbox(m.user(), m.name(), m.children()), known, keys, box.getValue());
      collect(now.inMailbox(m.user(), m.name(), m.children()), present, keys, box.getValue());
    }
    for (Map.Entry<String, Long> user : touched.users().entrySet()) {
      collect(before.ofUser(user.getKey()), known, keys, user.getValue());
      collect(now.ofUser(user.getKey()), present, keys, user.getValue());
    }
    List<Manifest.Change> deletions = new ArrayList<>();
    List<Manifest.Change> puts = new ArrayList<>();
    for (MessageEntry.Key key : keys.keySet().stream().sorted(ORDER).toList()) {
      Optional<MessageEntry> was = lookup(key, known, before);
      Optional<MessageEntry> is = lookup(key, present, now);
      if (is.isPresent() && (full || !is.equals(was))) {
        puts.add(Manifest.Change.put(is.get()));
      } else if (is.isEmpty() && was.isPresent()) {
        deletions.add(Manifest.Change.remove(was.get(), keys.get(key)));
      }
    }
    deletions.addAll(puts);
    return deletions;
  }

  private static void collect(List<MessageEntry> entries, Map<MessageEntry.Key, MessageEntry> into,
      Map<MessageEntry.Key, Long> keys, long at) {
    for (MessageEntry entry : entries) {
      into.put(entry.key(), entry);
      keys.merge(entry.key(), at, Math::max);
    }
  }

  /** Read once: a mailbox or user already read answers for its messages. */
  private static Optional<MessageEntry> lookup(MessageEntry.Key key,
      Map<MessageEntry.Key, MessageEntry> read, StateView view) throws IOException {
    MessageEntry entry = read.get(key);
    return entry != null ? Optional.of(entry) : view.get(key);
  }
}
