package io.tandem.lmtp;

import io.tandem.lmtp.LmtpCommand.Body;
import io.tandem.lmtp.LmtpCommand.Invalid;
import io.tandem.lmtp.LmtpCommand.Verb;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Decodes one command line (without its CRLF) into an {@link LmtpCommand}. Pure and stateless;
 * never throws for bad input: a malformed line becomes {@link Invalid} with its reply. Error
 * replies never echo the client's input, so a stray CR in a line cannot reach the reply stream.
 */
public final class LmtpCommandParser {
  private static final LmtpReply BAD_SENDER =
      LmtpReply.of(501, "5.1.7", "Bad sender address syntax");
  private static final LmtpReply BAD_RECIPIENT =
      LmtpReply.of(501, "5.1.3", "Bad recipient address syntax");
  // RFC 5321 §4.1.1.11: parameters that are not offered get 555.
  private static final LmtpReply UNKNOWN_PARAMETER =
      LmtpReply.of(555, "5.5.4", "Unsupported MAIL FROM/RCPT TO parameter");

  /** Decodes {@code line}; the verb is case-insensitive (RFC 5321 §2.4). */
  public LmtpCommand parse(String line) {
    int space = line.indexOf(' ');
    String word = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String args = space < 0 ? "" : line.substring(space + 1).stripTrailing();
    switch (word) {
      case "LHLO":
        return args.isBlank()
            ? invalid(Verb.LHLO, "Syntax: LHLO domain")
            : new LmtpCommand.Lhlo(args.strip());
      case "HELO":
      case "EHLO":
        return new Invalid(Verb.OTHER, LmtpReplies.LHLO_REQUIRED);
      case "MAIL":
        return mail(args);
      case "RCPT":
        return rcpt(args);
      case "DATA":
        return args.isEmpty() ? new LmtpCommand.Data() : invalid(Verb.DATA, "Syntax: DATA");
      case "RSET":
        return args.isEmpty() ? new LmtpCommand.Rset() : invalid(Verb.RSET, "Syntax: RSET");
      case "NOOP":
        return new LmtpCommand.Noop();
      case "QUIT":
        return args.isEmpty() ? new LmtpCommand.Quit() : invalid(Verb.QUIT, "Syntax: QUIT");
      case "VRFY":
        return args.isBlank()
            ? invalid(Verb.VRFY, "Syntax: VRFY string")
            : new LmtpCommand.Vrfy(args.strip());
      default:
        return new Invalid(Verb.OTHER, LmtpReplies.UNRECOGNIZED);
    }
  }

  private static LmtpCommand mail(String args) {
    int start = prefix(args, "FROM:");
    if (start < 0) {
      return invalid(Verb.MAIL, "Syntax: MAIL FROM:<address> [parameters]");
    }
    LmtpPath.Parsed path = LmtpPath.parse(args, start, true);
    if (path == null) {
      return new Invalid(Verb.MAIL, BAD_SENDER);
    }
    MailParameters params = new MailParameters();
    LmtpReply error = params.parse(args.substring(path.end()));
    return error != null
        ? new Invalid(Verb.MAIL, error)
        : new LmtpCommand.Mail(path.mailbox(), params.size, params.body);
  }

  private static LmtpCommand rcpt(String args) {
    int start = prefix(args, "TO:");
    if (start < 0) {
      return invalid(Verb.RCPT, "Syntax: RCPT TO:<address>");
    }
    LmtpPath.Parsed path = LmtpPath.parse(args, start, false);
    if (path == null) {
      return new Invalid(Verb.RCPT, BAD_RECIPIENT);
    }
    String rest = args.substring(path.end());
    if (!rest.isBlank()) {
      // No RCPT parameters are offered (no DSN), so any is unknown, or garbage after ">".
      return new Invalid(Verb.RCPT, rest.startsWith(" ") ? UNKNOWN_PARAMETER : BAD_RECIPIENT);
    }
    return new LmtpCommand.Rcpt(path.mailbox());
  }

  /**
   * Index after {@code keyword} and any spaces; -1 if absent. Spaces after the colon are not
   * RFC 5321 syntax but common enough in the wild that refusing them would only lose mail.
   */
  private static int prefix(String args, String keyword) {
    if (!args.regionMatches(true, 0, keyword, 0, keyword.length())) {
      return -1;
    }
    int i = keyword.length();
    while (i < args.length() && args.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static Invalid invalid(Verb verb, String text) {
    return new Invalid(verb, LmtpReplies.syntax(text));
  }

  /** The MAIL parameters offered in the LHLO reply: SIZE (RFC 1870) and BODY (RFC 6152). */
  private static final class MailParameters {
    private OptionalLong size = OptionalLong.empty();
    private Body body = Body.SEVEN_BIT;
    private boolean bodySeen;

    /** Parses {@code rest} (what follows the path); returns the error reply or null. */
    LmtpReply parse(String rest) {
      if (!rest.isEmpty() && !rest.startsWith(" ")) {
        return BAD_SENDER;
      }
      for (String param : rest.strip().split(" +")) {
        LmtpReply error = param.isEmpty() ? null : parseOne(param);
        if (error != null) {
          return error;
        }
      }
      return null;
    }

    private LmtpReply parseOne(String param) {
      int eq = param.indexOf('=');
      String key = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? null : param.substring(eq + 1);
      if (key.equals("SIZE")) {
        if (size.isPresent() || value == null || !value.matches("[0-9]{1,18}")) {
          return LmtpReplies.syntax("Bad SIZE parameter");
        }
        size = OptionalLong.of(Long.parseLong(value));
        return null;
      }
      if (key.equals("BODY")) {
        return body(value);
      }
      return UNKNOWN_PARAMETER;
    }

    private LmtpReply body(String value) {
      if (bodySeen || value == null) {
        return LmtpReplies.syntax("Bad BODY parameter");
      }
      bodySeen = true;
      if (value.equalsIgnoreCase("7BIT")) {
        body = Body.SEVEN_BIT;
      } else if (value.equalsIgnoreCase("8BITMIME")) {
        body = Body.EIGHT_BIT_MIME;
      } else {
        return LmtpReplies.syntax("Unsupported BODY type");
      }
      return null;
    }
  }
}
