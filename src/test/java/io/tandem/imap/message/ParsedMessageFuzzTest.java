package io.tandem.imap.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tandem.imap.protocol.FetchAttribute;
import io.tandem.imap.protocol.FetchAttribute.Specifier;
import io.tandem.imap.protocol.SearchKey;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Whatever the bytes, a message parses and every FETCH and SEARCH item is answered: any
 * exception is a finding, and so is a BODYSTRUCTURE or ENVELOPE whose parentheses do not
 * balance. A plain build replays the seeds in
 * {@code ParsedMessageFuzzTestInputs/parseNeverThrows/} (the fixtures and a few broken
 * messages); {@code JAZZER_FUZZ=1} fuzzes from them.
 */
class ParsedMessageFuzzTest {
  private static final List<FetchAttribute.Section> SECTIONS = List.of(
      section(Specifier.ALL), section(Specifier.HEADER), section(Specifier.TEXT),
      section(Specifier.ALL, 1), section(Specifier.MIME, 1), section(Specifier.HEADER, 1),
      section(Specifier.TEXT, 2), section(Specifier.ALL, 1, 1), section(Specifier.MIME, 2, 1, 1),
      section(Specifier.ALL, 3, 2, 1),
      new FetchAttribute.Section(List.of(), Specifier.HEADER_FIELDS, List.of("FROM", "TO")),
      new FetchAttribute.Section(List.of(1), Specifier.HEADER_FIELDS_NOT, List.of("SUBJECT")));

  private static final List<SearchKey> KEYS = List.of(
      new SearchKey.Text(SearchKey.TextField.TEXT, "é"),
      new SearchKey.Text(SearchKey.TextField.BODY, "a"),
      new SearchKey.Text(SearchKey.TextField.FROM, "x"),
      new SearchKey.Header("Content-Type", "text"),
      new SearchKey.Date(SearchKey.DateField.SENTON, LocalDate.of(2025, 3, 4)));

  private final SearchEvaluator evaluator = new SearchEvaluator(ZoneOffset.UTC, 1, 1, Set.of());

  @FuzzTest
  void parseNeverThrows(byte[] data) {
    ParsedMessage message = ParsedMessage.parse(data);
    balanced(message.envelope());
    balanced(message.bodyStructure(true));
    balanced(message.bodyStructure(false));
    for (FetchAttribute.Section section : SECTIONS) {
      byte[] bytes = message.section(section).orElseThrow();
      ParsedMessage.partial(bytes, new FetchAttribute.Partial(1, 10));
    }
    SearchCandidate candidate = TestCandidate.of(message);
    for (SearchKey key : KEYS) {
      evaluator.matches(key, candidate);
    }
  }

  private static FetchAttribute.Section section(Specifier specifier, Integer... part) {
    return new FetchAttribute.Section(List.of(part), specifier, List.of());
  }

  /** Parentheses outside strings balance, as the response grammar needs. */
  private static void balanced(byte[] response) {
    String canonical = ImapText.canonical(response);
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < canonical.length(); i++) {
      char c = canonical.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == ')')) {
        depth += c == '(' ? 1 : -1;
        if (depth < 0) {
          throw new IllegalStateException("unbalanced: " + canonical);
        }
      }
    }
    if (depth != 0 || quoted) {
      throw new IllegalStateException("unbalanced: " + canonical);
    }
  }
}
