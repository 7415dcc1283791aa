package io.tandem.imap.protocol;

import io.tandem.imap.protocol.ImapCommand.StatusItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decodes one complete client command, as assembled by {@link ImapCommandFramer}, into an
 * {@link ImapCommand}: {@code tag SP command-name [SP arguments]} (RFC 3501 §9). Pure and
 * stateless; whether a command is allowed in the session's state is the caller's business. The
 * only exception it throws is {@link ImapSyntaxException}.
 */
public final class ImapCommandDecoder {

  /**
   * Decodes {@code command} within {@code limits} ({@link ImapLimits#notAuthenticated()} until
   * the client has logged in).
   */
  public ImapCommand decode(byte[] command, ImapLimits limits) throws ImapSyntaxException {
    ImapReader in = new ImapReader(command, limits);
    String tag = in.tagToken();
    in.tag(tag);
    in.sp();
    String name = in.keyword("Missing command");
    ImapCommand decoded = name.equals("UID") ? uid(in, tag) : command(in, tag, name);
    in.end();
    return decoded;
  }

  /** Whether {@code line} (without CRLF) is the DONE that ends IDLE (RFC 2177 §3). */
  public static boolean isDone(byte[] line) {
    return new String(line, StandardCharsets.ISO_8859_1).equalsIgnoreCase("DONE");
  }

  private ImapCommand command(ImapReader in, String tag, String name)
      throws ImapSyntaxException {
    switch (name) {
      case "CAPABILITY": return new ImapCommand.Capability(tag);
      case "NOOP": return new ImapCommand.Noop(tag);
      case "LOGOUT": return new ImapCommand.Logout(tag);
      case "STARTTLS": return new ImapCommand.StartTls(tag);
      case "CHECK": return new ImapCommand.Check(tag);
      case "CLOSE": return new ImapCommand.Close(tag);
      case "UNSELECT": return new ImapCommand.Unselect(tag);
      case "EXPUNGE": return new ImapCommand.Expunge(tag, Optional.empty());
      case "IDLE": return new ImapCommand.Idle(tag);
      case "NAMESPACE": return new ImapCommand.Namespace(tag);
      case "AUTHENTICATE": return authenticate(in, tag);
      case "LOGIN": return login(in, tag);
      case "SELECT": return select(in, tag, false);
      case "EXAMINE": return select(in, tag, true);
      case "CREATE": return new ImapCommand.Create(tag, spMailbox(in));
      case "DELETE": return new ImapCommand.Delete(tag, spMailbox(in));
      case "RENAME": return new ImapCommand.Rename(tag, spMailbox(in), spMailbox(in));
      case "SUBSCRIBE": return new ImapCommand.Subscribe(tag, spMailbox(in), true);
      case "UNSUBSCRIBE": return new ImapCommand.Subscribe(tag, spMailbox(in), false);
      case "LIST": return ListParser.list(in, tag);
      case "LSUB": return ListParser.lsub(in, tag);
      case "STATUS": return status(in, tag);
      case "APPEND": return append(in, tag);
      case "ENABLE": return enable(in, tag);
      case "ID": return id(in, tag);
      default: return uidCapable(in, tag, name, false);
    }
  }

  private ImapCommand uid(ImapReader in, String tag) throws ImapSyntaxException {
    in.sp();
    String name = in.keyword("Missing UID command");
    if (name.equals("EXPUNGE")) {
      in.sp();
      return new ImapCommand.Expunge(tag, Optional.of(ImapValues.sequenceSet(in)));
    }
    return uidCapable(in, tag, name, true);
  }

  private ImapCommand uidCapable(ImapReader in, String tag, String name, boolean uid)
      throws ImapSyntaxException {
    switch (name) {
      case "SEARCH": return SearchParser.search(in, tag, uid);
      case "FETCH": return FetchParser.fetch(in, tag, uid);
      case "STORE": return store(in, tag, uid);
      case "COPY": case "MOVE": {
        in.sp();
        SequenceSet set = ImapValues.sequenceSet(in);
        String mailbox = spMailbox(in);
        return name.equals("COPY") ? new ImapCommand.Copy(tag, uid, set, mailbox)
            : new ImapCommand.Move(tag, uid, set, mailbox);
      }
      default:
        throw in.fail(uid ? "Unknown UID command" : "Unknown command");
    }
  }

  private static String spMailbox(ImapReader in) throws ImapSyntaxException {
    in.sp();
    return in.mailbox();
  }

  /** authenticate = "AUTHENTICATE" SP auth-type [SP (base64 / "=")] (RFC 4959 §7). */
  private ImapCommand authenticate(ImapReader in, String tag) throws ImapSyntaxException {
    in.sp();
    String mechanism = in.atom("Missing mechanism").toUpperCase(Locale.ROOT);
    Optional<String> initial = Optional.empty();
    if (in.accept(' ')) {
      String response = in.atom("Bad initial response");
      if (!response.equals("=") && !response.matches("[A-Za-z0-9+/]*={0,2}")) {
        throw in.fail("Initial response is not base64");
      }
      initial = Optional.of(response);
    }
    return new ImapCommand.Authenticate(tag, mechanism, initial);
  }

  private ImapCommand login(ImapReader in, String tag) throws ImapSyntaxException {
    in.sp();
    String user = in.astring();
    in.sp();
    return new ImapCommand.Login(tag, user, in.astring());
  }

  /**
   * select = "SELECT" SP mailbox [SP "(" select-param *(SP select-param) ")"], with
   * select-param "CONDSTORE" or "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP
   * known-uids] [SP seq-match-data] ")" (RFC 7162 §3.1.2 and §3.2.5).
   */
  private ImapCommand select(ImapReader in, String tag, boolean readOnly)
      throws ImapSyntaxException {
    String mailbox = spMailbox(in);
    boolean condstore = false;
    Optional<ImapCommand.Qresync> qresync = Optional.empty();
    if (in.accept(' ')) {
      in.expect('(', "Expected select parameters");
      do {
        String param = in.keyword("Expected a select parameter");
        if (param.equals("CONDSTORE") && !condstore) {
          condstore = true;
        } else if (param.equals("QRESYNC") && qresync.isEmpty()) {
          in.sp();
          qresync = Optional.of(qresync(in));
        } else {
          throw in.fail("Unknown or repeated select parameter");
        }
      } while (in.accept(' '));
      in.expect(')', "Bad select parameters");
    }
    return new ImapCommand.Select(tag, mailbox, readOnly, condstore, qresync);
  }

  private ImapCommand.Qresync qresync(ImapReader in) throws ImapSyntaxException {
    in.expect('(', "Bad QRESYNC parameter");
    long uidValidity = in.nzNumber();
    in.sp();
    long modSeq = in.modSeq(false);
    Optional<SequenceSet> knownUids = Optional.empty();
    Optional<SequenceSet> knownSeqs = Optional.empty();
    Optional<SequenceSet> knownSeqUids = Optional.empty();
    if (in.accept(' ') && !in.peekIs('(')) {
      knownUids = Optional.of(ImapValues.sequenceSet(in));
      in.accept(' ');
    }
    if (in.accept('(')) {
      knownSeqs = Optional.of(ImapValues.sequenceSet(in));
      in.sp();
      knownSeqUids = Optional.of(ImapValues.sequenceSet(in));
      in.expect(')', "Bad QRESYNC match data");
    }
    in.expect(')', "Bad QRESYNC parameter");
    return new ImapCommand.Qresync(uidValidity, modSeq, knownUids, knownSeqs, knownSeqUids);
  }

  /** status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")". */
  private ImapCommand status(ImapReader in, String tag) throws ImapSyntaxException {
    String mailbox = spMailbox(in);
    in.sp();
    return new ImapCommand.Status(tag, mailbox, statusItems(in));
  }

  static Set<StatusItem> statusItems(ImapReader in) throws ImapSyntaxException {
    Set<StatusItem> items = new LinkedHashSet<>();
    for (String name : ImapValues.atomList(in)) {
      try {
        items.add(StatusItem.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw in.fail("Unknown status item");
      }
    }
    if (items.isEmpty()) {
      throw in.fail("Missing status items");
    }
    return items;
  }

  /** append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal. */
  private ImapCommand append(ImapReader in, String tag) throws ImapSyntaxException {
    String mailbox = spMailbox(in);
    in.sp();
    List<String> flags = List.of();
    if (in.peekIs('(')) {
      flags = ImapValues.flagList(in);
      in.sp();
    }
    Optional<java.time.OffsetDateTime> date = Optional.empty();
    if (in.peekIs('"')) {
      date = Optional.of(ImapValues.dateTime(in));
      in.sp();
    }
    if (!in.peekIs('{')) {
      throw in.fail("APPEND needs the message as a literal");
    }
    return new ImapCommand.Append(tag, mailbox, flags, date, in.literal());
  }

  /**
   * store = "STORE" SP sequence-set [SP "(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")"] SP
   * (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag))).
   */
  private ImapCommand store(ImapReader in, String tag, boolean uid) throws ImapSyntaxException {
    in.sp();
    SequenceSet set = ImapValues.sequenceSet(in);
    in.sp();
    OptionalLong unchangedSince = OptionalLong.empty();
    if (in.accept('(')) {
      if (!in.acceptWord("UNCHANGEDSINCE")) {
        throw in.fail("Unknown store modifier");
      }
      in.sp();
      unchangedSince = OptionalLong.of(in.modSeq(true));
      in.expect(')', "Bad store modifier");
      in.sp();
    }
    String item = in.keyword("Expected FLAGS, +FLAGS or -FLAGS");
    ImapCommand.StoreMode mode = item.startsWith("+") ? ImapCommand.StoreMode.ADD
        : item.startsWith("-") ? ImapCommand.StoreMode.REMOVE : ImapCommand.StoreMode.REPLACE;
    String base = mode == ImapCommand.StoreMode.REPLACE ? item : item.substring(1);
    if (!base.equals("FLAGS") && !base.equals("FLAGS.SILENT")) {
      throw in.fail("Expected FLAGS, +FLAGS or -FLAGS");
    }
    in.sp();
    List<String> flags;
    if (in.peekIs('(')) {
      flags = ImapValues.flagList(in);
    } else {
      flags = new ArrayList<>();
      flags.add(ImapValues.flag(in));
      while (in.accept(' ')) {
        flags.add(ImapValues.flag(in));
        in.checkListLength(flags.size());
      }
    }
    return new ImapCommand.Store(tag, uid, set, unchangedSince, mode, base.endsWith(".SILENT"),
        flags);
  }

  /** enable = "ENABLE" 1*(SP capability) (RFC 5161 §4). */
  private ImapCommand enable(ImapReader in, String tag) throws ImapSyntaxException {
    List<String> capabilities = new ArrayList<>();
    do {
      in.sp();
      capabilities.add(in.atom("Expected a capability").toUpperCase(Locale.ROOT));
      in.checkListLength(capabilities.size());
    } while (!in.atEnd());
    return new ImapCommand.Enable(tag, capabilities);
  }

  /** id = "ID" SP id-params-list; id-params-list = "(" *(string SP nstring) ")" / nil. */
  private ImapCommand id(ImapReader in, String tag) throws ImapSyntaxException {
    in.sp();
    List<ImapCommand.IdField> fields = new ArrayList<>();
    if (in.acceptWord("NIL")) {
      return new ImapCommand.Id(tag, fields);
    }
    in.expect('(', "Expected ID parameters");
    while (!in.accept(')')) {
      if (!fields.isEmpty()) {
        in.sp();
      }
      String name = in.string();
      in.sp();
      fields.add(new ImapCommand.IdField(name, Optional.ofNullable(in.nstring())));
      in.checkListLength(fields.size());
    }
    return new ImapCommand.Id(tag, fields);
  }
}
