package io.tandem.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.imap.protocol.FetchAttribute;
import io.tandem.imap.protocol.ImapCommand;
import io.tandem.imap.protocol.ImapCommandDecoder;
import io.tandem.imap.protocol.ImapLimits;
import io.tandem.imap.protocol.ImapSyntaxException;
import io.tandem.imap.protocol.ImapWire;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Our FETCH answers against Dovecot 2.3.19's for the same messages: dovecot/record.py served
 * each fixture from a maildir through Dovecot's imap binary and recorded the untagged FETCH
 * responses to every item of dovecot/items.txt in dovecot/FIXTURE.txt. Strings are compared
 * whatever their form ({@link ImapText}). Where we answer otherwise on purpose, the test says so
 * in {@link #KNOWN_DIFFERENCES}.
 */
class DovecotComparisonTest {
  /**
   * Answers that differ from Dovecot's by choice, as fixture, item, Dovecot's answer, ours. All
   * concern broken headers: Dovecot counts the line break before a boundary into a header that
   * never ended (35 octets, 1 line, where the part has 33 and no line break); a header without
   * an empty line gets one in HEADER.FIELDS.NOT here, as in HEADER.FIELDS in both; and a header
   * made of one line without a colon gives HEADER.FIELDS its empty line here too.
   */
  static final List<List<String>> KNOWN_DIFFERENCES = List.of(
      List.of("broken", "BODY", "\"7bit\" 35 (NIL", "\"7bit\" 33 (NIL"),
      List.of("broken", "BODY", "\"7bit\" 0 0) 1)", "\"7bit\" 0 0) 0)"),
      List.of("broken", "BODYSTRUCTURE", "\"7bit\" 35 (NIL", "\"7bit\" 33 (NIL"),
      List.of("broken", "BODYSTRUCTURE", "0 0 NIL NIL NIL NIL) 1 NIL",
          "0 0 NIL NIL NIL NIL) 0 NIL"),
      List.of("broken", "BODY.PEEK[3]", "\"this nested message has no header\\r\\n\"",
          "\"this nested message has no header\""),
      List.of("noseparator", "BODY.PEEK[HEADER.FIELDS.NOT (From SUBJECT Received)]",
          "Content-Type: text/plain\"", "Content-Type: text/plain\\r\\n\\r\\n\""),
      List.of("broken", "BODY.PEEK[3.HEADER.FIELDS (SUBJECT)]", "\"\"", "\"\\r\\n\""));

  static final List<String> FIXTURES = Fixtures.ALL;

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void answersAsDovecot(String fixture) throws ImapSyntaxException {
    ParsedMessage message = Fixtures.parsed(fixture);
    List<String> items = List.of(new String(Fixtures.bytes("dovecot/items.txt"),
        StandardCharsets.US_ASCII).split("\n"));
    List<String> recorded = responses(Fixtures.bytes("dovecot/" + fixture + ".txt"));
    assertThat(recorded).hasSameSizeAs(items);
    for (int i = 0; i < items.size(); i++) {
      String ours = ImapText.canonical(response(message, items.get(i)));
      String expected = ImapText.canonical(recorded.get(i).getBytes(StandardCharsets.ISO_8859_1));
      for (List<String> known : KNOWN_DIFFERENCES) {
        if (known.get(0).equals(fixture) && known.get(1).equals(items.get(i))) {
          expected = expected.replace(known.get(2), known.get(3));
        }
      }
      assertThat(ours).as("%s %s", fixture, items.get(i)).isEqualTo(expected);
    }
  }

  /** "* 1 FETCH (NAME value)\r\n" as we would answer {@code item}. */
  private static byte[] response(ParsedMessage message, String item)
      throws ImapSyntaxException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FetchAttribute attribute = attribute(item);
    String name = item;
    byte[] value;
    if (attribute instanceof FetchAttribute.Body body) {
      name = item.replace("BODY.PEEK", "BODY").toUpperCase(Locale.ROOT)
          .replaceAll("<(\\d+)\\.\\d+>", "<$1>");
      byte[] bytes = message.section(body.section()).orElseThrow();
      if (body.partial().isPresent()) {
        bytes = ParsedMessage.partial(bytes, body.partial().get());
      }
      ByteArrayOutputStream string = new ByteArrayOutputStream();
      ImapWire.string(string, bytes);
      value = string.toByteArray();
    } else {
      FetchAttribute.Kind kind = ((FetchAttribute.Simple) attribute).kind();
      value = switch (kind) {
        case ENVELOPE -> message.envelope();
        case BODY -> message.bodyStructure(false);
        case BODYSTRUCTURE -> message.bodyStructure(true);
        case RFC822_SIZE -> Long.toString(message.size()).getBytes(StandardCharsets.US_ASCII);
        default -> throw new IllegalArgumentException(item);
      };
    }
    out.writeBytes(("* 1 FETCH (" + name + " ").getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(value);
    out.writeBytes(")\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static FetchAttribute attribute(String item) throws ImapSyntaxException {
    ImapCommand.Fetch fetch = (ImapCommand.Fetch) new ImapCommandDecoder().decode(
        ("t FETCH 1 (" + item + ")").getBytes(StandardCharsets.US_ASCII),
        ImapLimits.authenticated());
    return fetch.attributes().get(0);
  }

  /** The untagged responses of a recording, split where one ends: ")\r\n" outside strings. */
  private static List<String> responses(byte[] recording) {
    List<String> responses = new ArrayList<>();
    String text = new String(recording, StandardCharsets.ISO_8859_1);
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && text.indexOf("}\r\n", i) > i) {
        int close = text.indexOf("}\r\n", i);
        String digits = text.substring(i + 1, close);
        if (digits.chars().allMatch(Character::isDigit) && !digits.isEmpty()) {
          i = close + 3 + Integer.parseInt(digits);
          continue;
        }
      }
      if (c == '"') {
        i++;
        while (text.charAt(i) != '"') {
          i += text.charAt(i) == '\\' ? 2 : 1;
        }
      } else if (c == '\n') {
        responses.add(text.substring(start, i + 1));
        start = i + 1;
      }
      i++;
    }
    return responses;
  }
}
