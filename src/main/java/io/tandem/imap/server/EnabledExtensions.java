package io.tandem.imap.server;

import java.util.HashSet;
import java.util.Set;

/**
 * The extensions a session has turned on (RFC 5161 ENABLE, or a CONDSTORE-enabling command,
 * RFC 7162 §3.1): they change what later responses hold (MODSEQ in FETCH, VANISHED for
 * expunges). Not thread-safe: guarded by the session.
 */
final class EnabledExtensions {
  private final Set<String> enabled = new HashSet<>();

  boolean isEnabled(String name) {
    return enabled.contains(name);
  }

  void enable(String name) {
    enabled.add(name);
  }

  boolean condstore() {
    return enabled.contains("CONDSTORE");
  }

  boolean qresync() {
    return enabled.contains("QRESYNC");
  }
}
