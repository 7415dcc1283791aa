package io.tandem.config;

/** {@code replication.ack}: when a delivery is acknowledged to the sending MTA. */
public enum AckMode {
  /** After it is durable here; the replica follows within a second. */
  LOCAL,
  /** After the replica has made it durable too (no acknowledged mail exists on one box only). */
  PEER;

  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
