package io.tandem.journal;

/**
 * One record of the journal: an operation with its place in the appliance's history.
 *
 * @param seq position in the journal, starting at 1, without gaps
 * @param epoch the primary's epoch when the operation was accepted (fencing, see DESIGN §2)
 * @param timeMillis wall-clock time the primary accepted it, milliseconds since 1970
 * @param op the operation
 */
public record JournalEntry(long seq, long epoch, long timeMillis, Operation op) {}
