package io.tandem.store.index;

/** One mailbox as the index holds it. Immutable snapshot. */
public record MailboxRow(
    long id, String name, long uidValidity, long uidNext, long highestModseq, String specialUse) {}
