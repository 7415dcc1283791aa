package io.tandem.delivery;

import java.util.Optional;

/**
 * When a durable delivery may be acknowledged: at once ({@code replication.ack = local}), or
 * once the replica has it too ({@code peer}). Implemented by the replication layer.
 */
public interface AckGate {
  /** Acknowledge on local durability. */
  AckGate LOCAL = new AckGate() {
    @Override
    public Optional<String> refuseNewMail() {
      return Optional.empty();
    }

    @Override
    public Optional<String> awaitReplica(long seq) {
      return Optional.empty();
    }
  };

  /**
   * Checked before a message is taken: the reason to answer 451 instead (the replica has been
   * unreachable too long to confirm anything), or empty to go on.
   */
  Optional<String> refuseNewMail();

  /**
   * Waits, as configured, until the journal entry {@code seq} is durable on the replica.
   *
   * @return empty to answer 250, or the reason to answer 451 instead
   */
  Optional<String> awaitReplica(long seq) throws InterruptedException;
}
