package io.tandem.config;

/**
 * {@code replication.unreachable}: what {@code replication.ack = peer} does when the replica
 * cannot confirm a delivery within {@code replication.ack_timeout}.
 */
public enum UnreachablePolicy {
  /** Answer 451: the MTA keeps the message and retries (it may deliver it twice, never lose it). */
  TEMPFAIL,
  /** Answer 250 on local durability alone and raise a critical alert until the peer is back. */
  LOCAL;

  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
