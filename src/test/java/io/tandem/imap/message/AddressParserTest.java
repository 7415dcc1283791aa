package io.tandem.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Address lists in ENVELOPE, as To: of a message without From. */
class AddressParserTest {
  /** To: value, then the list Dovecot 2.3.19 answered for it (recorded through its imap). */
  static final List<List<String>> AS_DOVECOT = List.of(
      List.of("Alice <alice@example.org>", "((\"Alice\" NIL \"alice\" \"example.org\"))"),
      List.of("\"Quoted \\\"x\\\" y\" <a@b>", "((\"Quoted \\\"x\\\" y\" NIL \"a\" \"b\"))"),
      List.of("a@b (Comment Name)", "((\"Comment Name\" NIL \"a\" \"b\"))"),
      List.of("a@b.c (nested (comment) here) (two)", "((\"two\" NIL \"a\" \"b.c\"))"),
      List.of("<a@b> (comment)", "((NIL NIL \"a\" \"b\"))"),
      List.of("Name   With  Spaces   <a@b>", "((\"Name With Spaces\" NIL \"a\" \"b\"))"),
      List.of("Folded\r\n Name <a@b>", "((\"Folded Name\" NIL \"a\" \"b\"))"),
      List.of("A. Person <a@b>", "((\"A. Person\" NIL \"a\" \"b\"))"),
      List.of("\"John\" Smith <a@b>, John \"Smith\" <c@d>",
          "((\"John Smith\" NIL \"a\" \"b\")(\"John Smith\" NIL \"c\" \"d\"))"),
      List.of("=?utf-8?q?J=C3=BCrgen?= <j@de>",
          "((\"=?utf-8?q?J=C3=BCrgen?=\" NIL \"j\" \"de\"))"),
      List.of("a.b.c@[1.2.3.4]", "((NIL NIL \"a.b.c\" \"[1.2.3.4]\"))"),
      List.of("\"a b\"@c.d", "((NIL NIL \"a b\" \"c.d\"))"),
      List.of("Grp: ;, x@y", "((NIL NIL \"Grp\" NIL)(NIL NIL NIL NIL)(NIL NIL \"x\" \"y\"))"),
      List.of("Team: a@x, \"B\" <b@y>;",
          "((NIL NIL \"Team\" NIL)(NIL NIL \"a\" \"x\")(\"B\" NIL \"b\" \"y\")(NIL NIL NIL NIL))"),
      List.of("", "NIL"),
      List.of("a@b c@d", "((NIL NIL \"a\" \"b\"))"),
      List.of("foo", "((NIL NIL \"foo\" \"MISSING_DOMAIN\"))"),
      List.of("x@", "((NIL NIL \"x\" \"MISSING_DOMAIN\"))"),
      List.of("@y", "((NIL NIL \"MISSING_MAILBOX\" \"y\"))"),
      List.of("<>", "((NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\"))"),
      List.of("Name <>", "((\"Name\" NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\"))"),
      List.of("foo bar <baz>", "((\"foo bar\" NIL \"baz\" \"MISSING_DOMAIN\"))"),
      List.of("garbage without at",
          "((\"garbage without at\" NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\"))"));

  /**
   * Where we answer otherwise on purpose, with Dovecot's answer in the comment: routes are
   * dropped (Dovecot: "@route,@r2" as addr-adl); empty list elements are skipped, as RFC 5322
   * §4.4 allows them (Dovecot: a MISSING_MAILBOX address each); an unclosed angle address keeps
   * its domain (Dovecot: "SYNTAX_ERROR").
   */
  static final List<List<String>> OURS = List.of(
      List.of("Name <@route,@r2:a@b>", "((\"Name\" NIL \"a\" \"b\"))"),
      List.of("a@b, , c@d", "((NIL NIL \"a\" \"b\")(NIL NIL \"c\" \"d\"))"),
      List.of(";", "NIL"),
      List.of("Name <a@b", "((\"Name\" NIL \"a\" \"b\"))"));

  @ParameterizedTest
  @FieldSource({"AS_DOVECOT", "OURS"})
  void readsAddressLists(List<String> example) {
    assertThat(to(example.get(0))).isEqualTo(ImapText.canonical(envelopeWithTo(example.get(1))));
  }

  private static String to(String value) {
    ParsedMessage message = ParsedMessage.parse(("To: " + value + "\r\n\r\nbody\r\n")
        .getBytes(StandardCharsets.UTF_8));
    return ImapText.canonical(message.envelope());
  }

  private static String envelopeWithTo(String addresses) {
    return "(NIL NIL NIL NIL NIL " + addresses + " NIL NIL NIL NIL)";
  }
}
