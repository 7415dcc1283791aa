package io.tandem.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.imap.protocol.SearchKey;
import io.tandem.imap.protocol.SearchKey.DateField;
import io.tandem.imap.protocol.SearchKey.Kind;
import io.tandem.imap.protocol.SearchKey.TextField;
import io.tandem.imap.protocol.SequenceSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchEvaluatorTest {
  private static final long MAX_SEQUENCE = 10;
  private static final long MAX_UID = 40;
  private final SearchEvaluator evaluator =
      new SearchEvaluator(ZoneOffset.UTC, MAX_SEQUENCE, MAX_UID, Set.of(31L, 33L));

  private static TestCandidate indexOnly(String... flags) {
    return new TestCandidate(7, 33, List.of(flags), 2_000, 0, 120, null);
  }

  private static TestCandidate fixture(String name) {
    return TestCandidate.of(Fixtures.parsed(name));
  }

  private static SearchKey text(TextField field, String value) {
    return new SearchKey.Text(field, value);
  }

  private static SearchKey simple(Kind kind) {
    return new SearchKey.Simple(kind);
  }

  private static SearchKey set(long first, long last) {
    return new SearchKey.Uid(SequenceSet.of(List.of(new SequenceSet.Range(first, last))));
  }

  private static SearchKey sequences(long first, long last) {
    return new SearchKey.Sequence(SequenceSet.of(List.of(new SequenceSet.Range(first, last))));
  }

  @Test
  void flagsAndKeywordsInAnyCase() {
    TestCandidate seen = indexOnly("\\seen", "$Label1");

    assertThat(evaluator.matches(simple(Kind.SEEN), seen)).isTrue();
    assertThat(evaluator.matches(simple(Kind.UNSEEN), seen)).isFalse();
    assertThat(evaluator.matches(simple(Kind.UNFLAGGED), seen)).isTrue();
    assertThat(evaluator.matches(simple(Kind.FLAGGED), seen)).isFalse();
    assertThat(evaluator.matches(new SearchKey.Keyword("$label1", true), seen)).isTrue();
    assertThat(evaluator.matches(new SearchKey.Keyword("$label1", false), seen)).isFalse();
    assertThat(evaluator.matches(new SearchKey.Keyword("$Other", false), seen)).isTrue();
  }

  @Test
  void withoutRecentNoMessageIsRecentOrNewAndAllAreOld() {
    TestCandidate unseen = indexOnly();

    assertThat(evaluator.matches(simple(Kind.RECENT), unseen)).isFalse();
    assertThat(evaluator.matches(simple(Kind.NEW), unseen)).isFalse();
    assertThat(evaluator.matches(simple(Kind.OLD), unseen)).isTrue();
    assertThat(evaluator.matches(simple(Kind.ALL), unseen)).isTrue();
  }

  @Test
  void sizesAreStrict() {
    assertThat(evaluator.matches(new SearchKey.Size(true, 1_999), indexOnly())).isTrue();
    assertThat(evaluator.matches(new SearchKey.Size(true, 2_000), indexOnly())).isFalse();
    assertThat(evaluator.matches(new SearchKey.Size(false, 2_001), indexOnly())).isTrue();
    assertThat(evaluator.matches(new SearchKey.Size(false, 2_000), indexOnly())).isFalse();
  }

  @Test
  void uidAndSequenceSetsWithStarAndReversedRanges() {
    TestCandidate candidate = indexOnly(); // sequence 7, uid 33

    assertThat(evaluator.matches(set(30, 35), candidate)).isTrue();
    assertThat(evaluator.matches(set(35, 30), candidate)).isTrue();
    assertThat(evaluator.matches(set(34, SequenceSet.STAR), candidate)).isFalse();
    assertThat(evaluator.matches(sequences(7, SequenceSet.STAR), candidate)).isTrue();
    assertThat(evaluator.matches(sequences(SequenceSet.STAR, SequenceSet.STAR), candidate))
        .isFalse();
    // RFC 3501 §9: n:* with n past the last UID still names the last message
    TestCandidate last = new TestCandidate(10, MAX_UID, List.of(), 1, 0, 1, null);
    assertThat(evaluator.matches(set(1_000, SequenceSet.STAR), last)).isTrue();
    assertThat(evaluator.matches(sequences(SequenceSet.STAR, 9), last)).isTrue();
  }

  @Test
  void theSavedResultHoldsUids() {
    SearchKey saved = new SearchKey.Uid(SequenceSet.saved());

    assertThat(evaluator.matches(saved, indexOnly())).isTrue();
    assertThat(evaluator.matches(new SearchKey.Sequence(SequenceSet.saved()), indexOnly()))
        .isTrue();
    assertThat(new SearchEvaluator(ZoneOffset.UTC, 1, 1, Set.of()).matches(saved, indexOnly()))
        .isFalse();
  }

  @Test
  void modseqIsAtLeast() {
    assertThat(evaluator.matches(new SearchKey.ModSeq(120, Optional.empty(), Optional.empty()),
        indexOnly())).isTrue();
    assertThat(evaluator.matches(new SearchKey.ModSeq(121, Optional.of("\\Seen"),
        Optional.of("all")), indexOnly())).isFalse();
  }

  @Test
  void internalDatesAreCalendarDaysInTheServersZone() {
    long lateEvening = Instant.parse("2025-03-04T23:30:00Z").toEpochMilli();
    TestCandidate candidate = new TestCandidate(1, 1, List.of(), 1, lateEvening, 1, null);
    SearchKey onFourth = new SearchKey.Date(DateField.ON, LocalDate.of(2025, 3, 4));
    SearchKey onFifth = new SearchKey.Date(DateField.ON, LocalDate.of(2025, 3, 5));
    SearchEvaluator berlin =
        new SearchEvaluator(ZoneId.of("Europe/Berlin"), MAX_SEQUENCE, MAX_UID, Set.of());

    assertThat(evaluator.matches(onFourth, candidate)).isTrue();
    assertThat(berlin.matches(onFourth, candidate)).isFalse();
    assertThat(berlin.matches(onFifth, candidate)).isTrue();
    assertThat(evaluator.matches(new SearchKey.Date(DateField.SINCE, LocalDate.of(2025, 3, 4)),
        candidate)).isTrue();
    assertThat(evaluator.matches(new SearchKey.Date(DateField.BEFORE, LocalDate.of(2025, 3, 4)),
        candidate)).isFalse();
  }

  @Test
  void sentDatesComeFromTheDateHeaderAndAnUnreadableOneMatchesNone() {
    // plain.eml: Date: Tue, 4 Mar 2025 10:12:33 +0100
    LocalDate fourth = LocalDate.of(2025, 3, 4);

    assertThat(evaluator.matches(new SearchKey.Date(DateField.SENTON, fourth), fixture("plain")))
        .isTrue();
    assertThat(evaluator.matches(new SearchKey.Date(DateField.SENTSINCE, fourth),
        fixture("plain"))).isTrue();
    assertThat(evaluator.matches(new SearchKey.Date(DateField.SENTBEFORE, fourth),
        fixture("plain"))).isFalse();
    assertThat(evaluator.matches(new SearchKey.Date(DateField.SENTBEFORE, fourth.plusDays(1)),
        fixture("plain"))).isTrue();
    for (DateField field : List.of(DateField.SENTON, DateField.SENTSINCE, DateField.SENTBEFORE)) {
      assertThat(evaluator.matches(new SearchKey.Date(field, fourth), fixture("broken")))
          .isFalse();
    }
  }

  @Test
  void headerKeysMatchDecodedTextInAnyCase() {
    assertThat(evaluator.matches(text(TextField.SUBJECT, "CAFÉ OPENING — MENU INSIDE"),
        fixture("alternative"))).isTrue();
    assertThat(evaluator.matches(text(TextField.FROM, "rené"), fixture("alternative"))).isTrue();
    assertThat(evaluator.matches(text(TextField.FROM, "RENE@CAFE.example"),
        fixture("alternative"))).isTrue();
    assertThat(evaluator.matches(text(TextField.SUBJECT, "prix en € and été fin"),
        fixture("encoded-headers"))).isTrue();
    assertThat(evaluator.matches(text(TextField.TO, "françois €uro"), fixture("encoded-headers")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.TO, "jürgen"), fixture("encoded-headers")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.CC, "paweł"), fixture("encoded-headers")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.SUBJECT, "grüße aus"), fixture("eightbit")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.BCC, "undisclosed"), fixture("mixed"))).isTrue();
    assertThat(evaluator.matches(text(TextField.CC, "dave"), fixture("mixed"))).isFalse();
  }

  @Test
  void headerKeyWithEmptyValueAsksForTheField() {
    assertThat(evaluator.matches(new SearchKey.Header("bcc", ""), fixture("mixed"))).isTrue();
    assertThat(evaluator.matches(new SearchKey.Header("X-Nope", ""), fixture("mixed"))).isFalse();
    assertThat(evaluator.matches(new SearchKey.Header("message-id", "MIXED-1@"),
        fixture("mixed"))).isTrue();
  }

  @Test
  void bodyIsTheDecodedTextOfTextParts() {
    // quoted-printable UTF-8 (across a soft line break), and base64 (only the HTML has <b>)
    assertThat(evaluator.matches(text(TextField.BODY, "crêpes, soupe"), fixture("alternative")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.BODY, "<b>friday</b>"), fixture("alternative")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.BODY, "enough that quoted-printable has"),
        fixture("alternative"))).isTrue();
    // windows-1252 quoted-printable; ISO-8859-1 in a forwarded message
    assertThat(evaluator.matches(text(TextField.BODY, "coût est de 10 €"),
        fixture("encoded-headers"))).isTrue();
    assertThat(evaluator.matches(text(TextField.BODY, "die zahlen für märz"), fixture("mixed")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.BODY, "schöne grüße"), fixture("eightbit")))
        .isTrue();
    assertThat(evaluator.matches(text(TextField.BODY, "hello, base64 world"), fixture("barelf")))
        .isTrue();
    // not headers, and not the PDF
    assertThat(evaluator.matches(text(TextField.BODY, "forwarded: the figures"),
        fixture("mixed"))).isFalse();
    assertThat(evaluator.matches(text(TextField.BODY, "%PDF"), fixture("mixed"))).isFalse();
  }

  @Test
  void textIsEveryHeaderAndTheBody() {
    assertThat(evaluator.matches(text(TextField.TEXT, "forwarded: the figures"),
        fixture("mixed"))).isTrue();
    assertThat(evaluator.matches(text(TextField.TEXT, "q1 report"), fixture("mixed"))).isTrue();
    assertThat(evaluator.matches(text(TextField.TEXT, "die zahlen"), fixture("mixed"))).isTrue();
    assertThat(evaluator.matches(text(TextField.TEXT, "not in it"), fixture("mixed"))).isFalse();
  }

  @Test
  void notOrAndCombine() {
    SearchKey seen = simple(Kind.SEEN);
    SearchKey flagged = simple(Kind.FLAGGED);
    TestCandidate candidate = indexOnly("\\Seen");

    assertThat(evaluator.matches(new SearchKey.Or(flagged, seen), candidate)).isTrue();
    assertThat(evaluator.matches(new SearchKey.Not(new SearchKey.Or(flagged, seen)), candidate))
        .isFalse();
    assertThat(evaluator.matches(new SearchKey.And(List.of(seen, new SearchKey.Not(flagged))),
        candidate)).isTrue();
    assertThat(evaluator.matches(new SearchKey.And(List.of(seen, flagged)), candidate)).isFalse();
    assertThat(evaluator.matches(new SearchKey.Not(new SearchKey.Date(DateField.SENTON,
        LocalDate.of(2025, 3, 4))), fixture("broken"))).isTrue();
  }

  @Test
  void keysTheIndexAnswersNeverReadTheMessage() {
    TestCandidate candidate = indexOnly("\\Seen");
    SearchKey body = text(TextField.BODY, "anything");

    // the cheap key decides first, in an AND whatever the order, and on either side of an OR
    assertThat(evaluator.matches(new SearchKey.And(List.of(body, simple(Kind.FLAGGED))),
        candidate)).isFalse();
    assertThat(evaluator.matches(new SearchKey.Or(body, simple(Kind.SEEN)), candidate)).isTrue();
    assertThat(evaluator.matches(new SearchKey.And(List.of(simple(Kind.SEEN), set(1, 100),
        new SearchKey.Size(true, 10), new SearchKey.Date(DateField.SINCE, LocalDate.EPOCH))),
        candidate)).isTrue();
    assertThat(SearchEvaluator.needsMessage(new SearchKey.Not(body))).isTrue();
    assertThat(SearchEvaluator.needsMessage(
        new SearchKey.Date(DateField.SENTON, LocalDate.EPOCH))).isTrue();
    assertThat(SearchEvaluator.needsMessage(
        new SearchKey.Or(simple(Kind.SEEN), set(1, 2)))).isFalse();
  }
}
