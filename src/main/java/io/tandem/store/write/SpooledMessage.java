package io.tandem.store.write;

/**
 * A message file fully written and forced in the spool, ready to be journaled: its maildir base
 * name (which is also its spool file name), size in bytes and SHA-256 in lower-case hex.
 */
public record SpooledMessage(String base, long size, String sha256) {}
