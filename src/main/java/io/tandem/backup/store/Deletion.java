package io.tandem.backup.store;

/**
 * A message that left its mailbox during a run (expunged, moved away, or its folder or user
 * deleted), with the entry it had: its body stays restorable for the retention period after
 * {@code deletedAtMs}.
 *
 * @param entry the message as it was before it left
 * @param deletedAtMs when it left, ms since 1970 (the journal entry's time)
 */
public record Deletion(MessageEntry entry, long deletedAtMs) {}
