package io.tandem.replication;

import java.io.IOException;

/** One side would not replicate with the other (fencing, divergence, roles); the reason says why. */
public final class PeerRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public PeerRefusedException(String reason) {
    super(reason);
  }
}
