package io.tandem.replication;

import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.RoleState;
import java.util.function.BooleanSupplier;

/**
 * When the bodies of removed messages must be kept in the attic: while this appliance is a
 * primary with a partner configured, because the replica may be behind the removal and still
 * need the body of the delivery. A replica keeps nothing: after a failover the new primary
 * sends only entries written after it, whose bodies it has.
 */
public final class AtticPolicy {
  private AtticPolicy() {}

  /** The policy for this configuration; follows role changes as they happen. */
  public static BooleanSupplier of(ApplianceConfig config, RoleState role) {
    boolean hasPeer = config.replication().peer().isPresent();
    return () -> hasPeer && role.isPrimary();
  }
}
