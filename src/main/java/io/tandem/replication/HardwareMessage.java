package io.tandem.replication;

import io.tandem.hardware.HardwareHealth;
import java.util.Objects;

/**
 * The primary asks its replica how sound its hardware is before a controlled failover (the
 * replica is about to hold the only writable copy).
 */
public sealed interface HardwareMessage extends PeerMessage {

  /** Primary to replica: send your {@link HardwareReport}. */
  record HardwareRequest() implements HardwareMessage {}

  /** Replica to primary: its hardware health now. */
  record HardwareReport(HardwareHealth health) implements HardwareMessage {
    public HardwareReport {
      Objects.requireNonNull(health, "health");
    }
  }
}
