package io.tandem.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.imap.protocol.FetchAttribute.Kind;
import io.tandem.imap.protocol.FetchAttribute.Simple;
import io.tandem.imap.protocol.ImapCommand.StatusItem;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Real client lines: RFC 3501 §8 (the sample session), RFC 7162/6851/4315 examples, and what
 * Thunderbird, mutt, mbsync and Python imaplib send (as seen in their protocol logs).
 */
class ImapCommandDecoderTest {
  private final ImapCommandDecoder decoder = new ImapCommandDecoder();

  private ImapCommand decode(String command) throws ImapSyntaxException {
    return decoder.decode(command.getBytes(StandardCharsets.UTF_8), ImapLimits.authenticated());
  }

  private static SequenceSet set(long... pairs) {
    List<SequenceSet.Range> ranges = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      ranges.add(new SequenceSet.Range(pairs[i], pairs[i + 1]));
    }
    return SequenceSet.of(ranges);
  }

  private void assertBad(String command, String reason) {
    assertThatThrownBy(() -> decode(command)).isInstanceOf(ImapSyntaxException.class)
        .hasMessage(reason);
  }

  @Test
  void rfc3501SampleSession() throws Exception {
    assertThat(decode("a001 login mrc secret"))
        .isEqualTo(new ImapCommand.Login("a001", "mrc", "secret"));
    assertThat(decode("a002 select inbox")).isEqualTo(
        new ImapCommand.Select("a002", "INBOX", false, false, Optional.empty()));
    assertThat(decode("a003 fetch 12 full")).isEqualTo(new ImapCommand.Fetch("a003", false,
        set(12, 12), List.of(new Simple(Kind.FLAGS), new Simple(Kind.INTERNALDATE),
            new Simple(Kind.RFC822_SIZE), new Simple(Kind.ENVELOPE), new Simple(Kind.BODY)),
        OptionalLong.empty(), false));
    assertThat(decode("a004 fetch 12 body[header]")).isEqualTo(new ImapCommand.Fetch("a004",
        false, set(12, 12), List.of(new FetchAttribute.Body(false, new FetchAttribute.Section(
            List.of(), FetchAttribute.Specifier.HEADER, List.of()), Optional.empty())),
        OptionalLong.empty(), false));
    assertThat(decode("a005 store 12 +flags \\deleted")).isEqualTo(new ImapCommand.Store(
        "a005", false, set(12, 12), OptionalLong.empty(), ImapCommand.StoreMode.ADD, false,
        List.of("\\deleted")));
    assertThat(decode("a006 logout")).isEqualTo(new ImapCommand.Logout("a006"));
  }

  @Test
  void simpleCommands() throws Exception {
    assertThat(decode("abcd CAPABILITY")).isEqualTo(new ImapCommand.Capability("abcd"));
    assertThat(decode("a047 NOOP")).isEqualTo(new ImapCommand.Noop("a047"));
    assertThat(decode("a002 STARTTLS")).isEqualTo(new ImapCommand.StartTls("a002"));
    assertThat(decode("FXXZ CHECK")).isEqualTo(new ImapCommand.Check("FXXZ"));
    assertThat(decode("A341 CLOSE")).isEqualTo(new ImapCommand.Close("A341"));
    assertThat(decode("a UNSELECT")).isEqualTo(new ImapCommand.Unselect("a"));
    assertThat(decode("A202 EXPUNGE")).isEqualTo(new ImapCommand.Expunge("A202",
        Optional.empty()));
    assertThat(decode("a002 IDLE")).isEqualTo(new ImapCommand.Idle("a002"));
    assertThat(ImapCommandDecoder.isDone("done".getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertThat(decode("A001 NAMESPACE")).isEqualTo(new ImapCommand.Namespace("A001"));
  }

  @Test
  void authenticateWithSaslIr() throws Exception {
    // RFC 4959 §3; Python imaplib sends "AUTHENTICATE PLAIN" then the response alone.
    assertThat(decode("a01 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=")).isEqualTo(
        new ImapCommand.Authenticate("a01", "PLAIN", Optional.of("dGVzdAB0ZXN0AHRlc3Q=")));
    assertThat(decode("a01 AUTHENTICATE plain")).isEqualTo(
        new ImapCommand.Authenticate("a01", "PLAIN", Optional.empty()));
    assertThat(decode("a01 AUTHENTICATE EXTERNAL =")).isEqualTo(
        new ImapCommand.Authenticate("a01", "EXTERNAL", Optional.of("=")));
    assertBad("a01 AUTHENTICATE PLAIN d=G", "Initial response is not base64");
  }

  @Test
  void loginWithQuotedAndLiteral() throws Exception {
    // Thunderbird quotes; imaplib quotes passwords with specials: "pa\"ss".
    assertThat(decode("1 login \"fred\" \"pa\\\"ss\\\\\"")).isEqualTo(
        new ImapCommand.Login("1", "fred", "pa\"ss\\"));
    assertThat(decode("A001 LOGIN {11+}\r\nFRED FOOBAR {7}\r\nfat man")).isEqualTo(
        new ImapCommand.Login("A001", "FRED FOOBAR", "fat man"));
    assertThat(new ImapCommand.Login("t", "u", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void selectWithCondstoreAndQresync() throws Exception {
    assertThat(decode("a SELECT INBOX (CONDSTORE)")).isEqualTo(
        new ImapCommand.Select("a", "INBOX", false, true, Optional.empty()));
    // RFC 7162 §3.2.5.2.
    assertThat(decode("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 "
        + "41,43:211,214:541))")).isEqualTo(new ImapCommand.Select("A02", "INBOX", false,
        false, Optional.of(new ImapCommand.Qresync(67890007L, 20050715194045000L,
        Optional.of(set(41, 41, 43, 211, 214, 541)), Optional.empty(), Optional.empty()))));
    ImapCommand.Select withMatch = (ImapCommand.Select) decode("B04 SELECT INBOX (QRESYNC "
        + "(67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,"
        + "29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))");
    assertThat(withMatch.qresync().orElseThrow().knownSequenceSet()).isPresent();
    assertThat(decode("a EXAMINE \"Sent Items\"")).isEqualTo(
        new ImapCommand.Select("a", "Sent Items", true, false, Optional.empty()));
    assertBad("a SELECT INBOX (FOO)", "Unknown or repeated select parameter");
  }

  @Test
  void mailboxCommandsDecodeModifiedUtf7() throws Exception {
    assertThat(decode("A003 CREATE owatagusiam/")).isEqualTo(
        new ImapCommand.Create("A003", "owatagusiam/"));
    assertThat(decode("A683 DELETE blurdybloop")).isEqualTo(
        new ImapCommand.Delete("A683", "blurdybloop"));
    assertThat(decode("A683 RENAME blurdybloop sarasoop")).isEqualTo(
        new ImapCommand.Rename("A683", "blurdybloop", "sarasoop"));
    assertThat(decode("A002 SUBSCRIBE #news.comp.mail.mime")).isEqualTo(
        new ImapCommand.Subscribe("A002", "#news.comp.mail.mime", true));
    assertThat(decode("A002 UNSUBSCRIBE \"Entw&APw-rfe\"")).isEqualTo(
        new ImapCommand.Subscribe("A002", "Entwürfe", false));
    // RFC 3501 §5.1.3's example.
    assertThat(decode("a CREATE ~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo(
        new ImapCommand.Create("a", "~peter/mail/台北/日本語"));
    assertBad("a CREATE &U,BTFw", "Mailbox name has an unterminated &-sequence");
    assertBad("a CREATE &AGE-", "Mailbox name encodes printable ASCII");
    assertBad("a CREATE \"caf\u00e9\"", "Mailbox name has a non-printable or 8-bit character");
  }

  @Test
  void listAndLsub() throws Exception {
    assertThat(decode("A101 LIST \"\" \"\"")).isEqualTo(new ImapCommand.ListMailboxes("A101",
        Set.of(), "", List.of(""), Set.of(), Set.of()));
    assertThat(decode("A202 LIST ~/Mail/ %")).isEqualTo(new ImapCommand.ListMailboxes("A202",
        Set.of(), "~/Mail/", List.of("%"), Set.of(), Set.of()));
    // Thunderbird with LIST-EXTENDED and LIST-STATUS.
    ImapCommand.ListMailboxes extended = (ImapCommand.ListMailboxes) decode(
        "5 list (subscribed) \"\" (\"*\" \"Other/%\") return (children special-use "
        + "status (messages unseen))");
    assertThat(extended.selectOptions()).containsExactly("SUBSCRIBED");
    assertThat(extended.patterns()).containsExactly("*", "Other/%");
    assertThat(extended.returnOptions()).contains("CHILDREN", "SPECIAL-USE", "STATUS");
    assertThat(extended.returnStatus()).containsExactly(StatusItem.MESSAGES, StatusItem.UNSEEN);
    assertThat(decode("A002 LSUB \"#news.\" \"comp.mail.*\"")).isEqualTo(
        new ImapCommand.Lsub("A002", "#news.", "comp.mail.*"));
  }

  @Test
  void status() throws Exception {
    assertThat(decode("A042 STATUS blurdybloop (UIDNEXT MESSAGES HIGHESTMODSEQ)"))
        .isEqualTo(new ImapCommand.Status("A042", "blurdybloop", Set.of(StatusItem.UIDNEXT,
            StatusItem.MESSAGES, StatusItem.HIGHESTMODSEQ)));
    assertBad("A042 STATUS blurdybloop (SIZES)", "Unknown status item");
    assertBad("A042 STATUS blurdybloop ()", "Missing status items");
  }

  @Test
  void append() throws Exception {
    String message = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n\r\nHello Joe\r\n";
    ImapCommand.Append append = (ImapCommand.Append) decode("A003 APPEND saved-messages "
        + "(\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {" + message.length() + "}\r\n" + message);
    assertThat(append.mailbox()).isEqualTo("saved-messages");
    assertThat(append.flags()).containsExactly("\\Seen");
    assertThat(append.internalDate()).contains(OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0,
        ZoneOffset.ofHours(-8)));
    assertThat(new String(append.message(), StandardCharsets.US_ASCII)).isEqualTo(message);
    ImapCommand.Append bare = (ImapCommand.Append) decode("a APPEND INBOX {2+}\r\nhi");
    assertThat(bare.flags()).isEmpty();
    assertBad("a APPEND INBOX \"hi\"", "Bad date-time");
    assertBad("a APPEND INBOX {5}\r\nhi", "Literal shorter than announced");
  }

  @Test
  void search() throws Exception {
    ImapCommand.Search search = (ImapCommand.Search) decode(
        "A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"");
    assertThat(search.key()).isEqualTo(new SearchKey.And(List.of(
        new SearchKey.Simple(SearchKey.Kind.FLAGGED),
        new SearchKey.Date(SearchKey.DateField.SINCE, LocalDate.of(1994, 2, 1)),
        new SearchKey.Not(new SearchKey.Text(SearchKey.TextField.FROM, "Smith")))));
    ImapCommand.Search charset = (ImapCommand.Search) decode(
        "A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX");
    assertThat(charset.charset()).contains("UTF-8");
    // mutt: OR with parens; mbsync: UID SEARCH with a UID range.
    ImapCommand.Search or = (ImapCommand.Search) decode("a UID SEARCH OR (SUBJECT x "
        + "HEADER Message-ID <a@b>) (UNSEEN UNDELETED) UID 1:* LARGER 100 1,3:5");
    assertThat(or.uid()).isTrue();
    assertThat(((SearchKey.And) or.key()).keys()).hasSize(4);
    ImapCommand.Search modseq = (ImapCommand.Search) decode(
        "a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338");
    assertThat(modseq.key()).isEqualTo(new SearchKey.And(List.of(new SearchKey.ModSeq(
        620162338L, Optional.of("\\draft"), Optional.of("all")))));
    assertBad("a SEARCH FOO", "Unknown search key");
    assertBad("a SEARCH SINCE 31-Feb-1994", "Bad date");
    assertBad("a SEARCH", "Missing argument");
  }

  @Test
  void fetch() throws Exception {
    // Thunderbird's header fetch; mutt's BODY.PEEK[HEADER.FIELDS (...)].
    ImapCommand.Fetch tb = (ImapCommand.Fetch) decode("6 UID fetch 1:* (FLAGS RFC822.SIZE "
        + "BODY.PEEK[HEADER.FIELDS (From To Subject)] BODY[1.2.MIME] BODY[]<0.2048> "
        + "BODYSTRUCTURE UID MODSEQ) (CHANGEDSINCE 12345 VANISHED)");
    assertThat(tb.set()).isEqualTo(set(1, SequenceSet.STAR));
    assertThat(tb.attributes()).containsExactly(new Simple(Kind.FLAGS),
        new Simple(Kind.RFC822_SIZE),
        new FetchAttribute.Body(true, new FetchAttribute.Section(List.of(),
            FetchAttribute.Specifier.HEADER_FIELDS, List.of("FROM", "TO", "SUBJECT")),
            Optional.empty()),
        new FetchAttribute.Body(false, new FetchAttribute.Section(List.of(1, 2),
            FetchAttribute.Specifier.MIME, List.of()), Optional.empty()),
        new FetchAttribute.Body(false, new FetchAttribute.Section(List.of(),
            FetchAttribute.Specifier.ALL, List.of()),
            Optional.of(new FetchAttribute.Partial(0, 2048))),
        new Simple(Kind.BODYSTRUCTURE), new Simple(Kind.UID), new Simple(Kind.MODSEQ));
    assertThat(tb.changedSince()).hasValue(12345);
    assertThat(tb.vanished()).isTrue();
    assertThat(((ImapCommand.Fetch) decode("a FETCH 2:4 fast")).attributes()).hasSize(3);
    assertThat(((ImapCommand.Fetch) decode("a FETCH $ ALL")).set().savedResult()).isTrue();
    assertBad("a FETCH 1 (FLAGS) (VANISHED)", "VANISHED needs UID FETCH and CHANGEDSINCE");
    assertBad("a FETCH 1 BODY[MIME]", "MIME needs a part number");
    assertBad("a FETCH 0 FLAGS", "Bad sequence set");
    assertBad("a FETCH 1 FLAGS ", "Expected fetch modifiers");
    assertBad("a FETCH 1  FLAGS", "Expected a fetch attribute");
  }

  @Test
  void storeCopyMove() throws Exception {
    assertThat(decode("A003 STORE 2:4 +FLAGS.SILENT (\\Deleted $Junk)")).isEqualTo(
        new ImapCommand.Store("A003", false, set(2, 4), OptionalLong.empty(),
            ImapCommand.StoreMode.ADD, true, List.of("\\Deleted", "$Junk")));
    // RFC 7162 §3.1.3.
    assertThat(decode("d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)"))
        .isEqualTo(new ImapCommand.Store("d105", false, set(7, 7, 5, 5, 9, 9),
            OptionalLong.of(320162338L), ImapCommand.StoreMode.ADD, true,
            List.of("\\Deleted")));
    assertThat(((ImapCommand.Store) decode("a UID STORE 9 -FLAGS \\Seen")).mode())
        .isEqualTo(ImapCommand.StoreMode.REMOVE);
    assertThat(decode("A003 COPY 2:4 MEETING")).isEqualTo(
        new ImapCommand.Copy("A003", false, set(2, 4), "MEETING"));
    assertThat(decode("a UID MOVE 42:69 foo")).isEqualTo(
        new ImapCommand.Move("a", true, set(42, 69), "foo"));
    assertThat(decode("A004 UID EXPUNGE 3000:3002")).isEqualTo(
        new ImapCommand.Expunge("A004", Optional.of(set(3000, 3002))));
    assertBad("a STORE 1 FLAG (\\Seen)", "Expected FLAGS, +FLAGS or -FLAGS");
    assertBad("a UID FOO 1", "Unknown UID command");
  }

  @Test
  void enableAndId() throws Exception {
    assertThat(decode("t2 ENABLE CONDSTORE qresync")).isEqualTo(
        new ImapCommand.Enable("t2", List.of("CONDSTORE", "QRESYNC")));
    // Thunderbird's ID.
    assertThat(decode("2 ID (\"name\" \"Thunderbird\" \"version\" \"115.3.1\" \"x\" NIL)"))
        .isEqualTo(new ImapCommand.Id("2", List.of(
            new ImapCommand.IdField("name", Optional.of("Thunderbird")),
            new ImapCommand.IdField("version", Optional.of("115.3.1")),
            new ImapCommand.IdField("x", Optional.empty()))));
    assertThat(decode("a ID NIL")).isEqualTo(new ImapCommand.Id("a", List.of()));
    assertBad("a ENABLE", "Missing argument");
  }

  @Test
  void malformedLinesAreBadWithTagWhenKnown() {
    assertThatThrownBy(() -> decode("+abc NOOP")).isInstanceOfSatisfying(
        ImapSyntaxException.class, e -> assertThat(e.tag()).isEmpty());
    assertThatThrownBy(() -> decode("a1 FROB")).isInstanceOfSatisfying(
        ImapSyntaxException.class, e -> {
          assertThat(e.tag()).contains("a1");
          assertThat(e.reason()).isEqualTo("Unknown command");
        });
    assertBad("a NOOP extra", "Unexpected characters after the command");
    assertBad("a  NOOP", "Missing command");
    assertBad("a LOGIN \"unterminated", "Unterminated quoted string");
    assertBad("a LOGIN \"bad\\escape\" x", "Bad escape in quoted string");
    assertBad("a LOGIN {3}x\r\nabc x", "Literal header must end the line");
    assertBad("a NOOP\r\nb NOOP", "Unexpected characters after the command");
  }

  @Test
  void boundsAreEnforced() {
    ImapLimits pre = ImapLimits.notAuthenticated();
    assertThatThrownBy(() -> decoder.decode(("a LOGIN {5000}\r\n" + "x".repeat(5000) + " y")
        .getBytes(StandardCharsets.US_ASCII), pre)).hasMessage("Literal too large");
    assertThatThrownBy(() -> decoder.decode(("a LOGIN " + "u".repeat(9000) + " p")
        .getBytes(StandardCharsets.US_ASCII), pre)).hasMessage("Line too long");
    String deep = "a SEARCH " + "NOT ".repeat(40) + "SEEN";
    assertBad(deep, "Too deeply nested");
    String parens = "a SEARCH " + "(".repeat(40) + "SEEN" + ")".repeat(40);
    assertBad(parens, "Too deeply nested");
    assertThatThrownBy(() -> decoder.decode("a STORE 1 FLAGS (a b c d e f g h i j k l m n o p q)"
        .getBytes(StandardCharsets.US_ASCII), pre)).hasMessage("Too many elements in a list");
    assertBad("a FETCH 4294967296 FLAGS", "Expected a number");
    assertBad("a SEARCH MODSEQ 9223372036854775808", "Expected a mod-sequence value");
  }
}
