package io.tandem.imap.server;

import io.tandem.config.ApplianceConfig;
import io.tandem.config.PlaintextAuth;
import io.tandem.imap.protocol.ImapLimits;
import java.time.Duration;
import java.util.List;

/**
 * The IMAP service's settings, from {@code imap.*} (see {@link ApplianceConfig.Imap}).
 *
 * @param applianceName named in the greeting
 * @param maxAppendSize the largest literal after login (APPEND's message)
 */
public record ImapSettings(
    String applianceName,
    PlaintextAuth plaintextAuth,
    List<String> proxyUsers,
    int maxConnections,
    int maxConnectionsPerIp,
    Duration idleTimeout,
    Duration loginTimeout,
    int maxInvalidCommands,
    long maxAppendSize,
    int maxLoginFailures,
    Duration loginFailureWindow) {

  public static ImapSettings of(ApplianceConfig config) {
    ApplianceConfig.Imap imap = config.imap();
    return new ImapSettings(config.appliance().name(), imap.plaintextAuth(), imap.proxyUsers(),
        imap.maxConnections(), imap.maxConnectionsPerIp(), imap.idleTimeout(),
        imap.loginTimeout(), imap.maxInvalidCommands(), imap.maxAppendSize(),
        imap.maxLoginFailures(), imap.loginFailureWindow());
  }

  /** The command limits after login, with the configured APPEND size. */
  ImapLimits authenticatedLimits() {
    ImapLimits base = ImapLimits.authenticated();
    return new ImapLimits(base.maxLineLength(), (int) Math.min(Integer.MAX_VALUE - 8,
        maxAppendSize), base.maxNestingDepth(), base.maxListLength(), base.maxLiterals());
  }
}
