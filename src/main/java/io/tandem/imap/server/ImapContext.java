package io.tandem.imap.server;

import io.tandem.lifecycle.RoleState;
import java.time.ZoneId;

/** What every session of one IMAP service shares. Immutable; its parts are thread-safe. */
record ImapContext(ImapSettings settings, RoleState role, MailAccess mail,
    Authenticator authenticator, LoginThrottle throttle, SessionRegistry sessions,
    ZoneId zone) {}
