package io.tandem.imap.server;

import io.tandem.config.ApplianceConfig;
import io.tandem.imap.protocol.ImapLimits;

/**
 * What the IMAP service is configured with: the {@code imap.*} keys and the appliance's name
 * (in the greeting).
 */
public record ImapSettings(String applianceName, ApplianceConfig.Imap imap) {

  public static ImapSettings of(ApplianceConfig config) {
    return new ImapSettings(config.appliance().name(), config.imap());
  }

  /** The command limits after login, with the configured APPEND size. */
  ImapLimits authenticatedLimits() {
    ImapLimits base = ImapLimits.authenticated();
    return new ImapLimits(base.maxLineLength(), (int) Math.min(Integer.MAX_VALUE - 8,
        imap.maxAppendSize()), base.maxNestingDepth(), base.maxListLength(), base.maxLiterals());
  }
}
