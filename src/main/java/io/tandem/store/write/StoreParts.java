package io.tandem.store.write;

import io.tandem.journal.Journal;
import io.tandem.store.maildir.MaildirLayout;
import java.time.Clock;

/** The pieces the committer and recovery share, built once by {@link MailStore#open}. */
record StoreParts(
    Journal journal,
    EntryApplier applier,
    ResolveContext context,
    CheckpointFile checkpoint,
    MaildirLayout layout,
    Clock clock) {}
