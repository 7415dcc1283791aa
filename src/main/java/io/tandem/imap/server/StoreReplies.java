package io.tandem.imap.server;

import io.tandem.imap.protocol.ImapCommand;
import io.tandem.store.StoreException;

/**
 * The tagged NO text for a request the store refused, with the RFC 5530 response code a client
 * can act on: a missing target of APPEND, COPY or MOVE is {@code [TRYCREATE]} (RFC 3501 §6.3.11).
 */
final class StoreReplies {
  private StoreReplies() {}

  static String of(StoreException refused, ImapCommand command) {
    String text = refused.getMessage();
    return switch (refused.reason()) {
      case NO_SUCH_MAILBOX -> (command instanceof ImapCommand.Append
          || command instanceof ImapCommand.Copy || command instanceof ImapCommand.Move
          ? "[TRYCREATE] " : "[NONEXISTENT] ") + text;
      case MAILBOX_EXISTS -> "[ALREADYEXISTS] " + text;
      case BAD_NAME, NOT_ALLOWED -> "[CANNOT] " + text;
      case NOT_PRIMARY -> "[UNAVAILABLE] This appliance is not taking changes now (it is not the"
          + " primary, or a failover is under way); try again";
      case STORE_FULL -> "[LIMIT] " + text;
      case NO_SUCH_MESSAGE -> "[NONEXISTENT] " + text;
      case NO_SUCH_USER, USER_EXISTS -> "[SERVERBUG] " + text;
    };
  }
}
