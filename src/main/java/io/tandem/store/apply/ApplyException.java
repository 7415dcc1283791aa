package io.tandem.store.apply;

/**
 * A journal entry that does not fit the index it is applied to. On the primary this is a bug (the
 * resolver checked the same facts); on a replica or in recovery it means the two histories
 * diverged, which must be reported and repaired, never skipped.
 */
public final class ApplyException extends Exception {
  private static final long serialVersionUID = 1L;

  public ApplyException(String message) {
    super(message);
  }
}
