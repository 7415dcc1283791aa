package io.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagsTest {

  @Test
  void systemFlagsAreRecased() {
    assertThat(Flags.normalize(List.of("\\seen", "\\ANSWERED", "\\fLaGgEd", "\\deleted",
        "\\DRAFT")))
        .containsExactly("\\Answered", "\\Deleted", "\\Draft", "\\Flagged", "\\Seen");
  }

  @Test
  void unknownBackslashFlagsGetCapitalInitial() {
    assertThat(Flags.normalize(List.of("\\RECENT", "\\x"))).containsExactly("\\Recent", "\\X");
  }

  @Test
  void resultIsSortedAndWithoutDuplicates() {
    assertThat(Flags.normalize(List.of("\\Seen", "junk", "$Label1", "\\seen", "\\SEEN",
        "$Label1", "\\Flagged")))
        .containsExactly("$Label1", "\\Flagged", "\\Seen", "junk");
  }

  @Test
  void keywordsAreKeptAsGiven() {
    assertThat(Flags.normalize(List.of("NonJunk", "$MDNSent", "Work")))
        .containsExactly("$MDNSent", "NonJunk", "Work");
  }

  @Test
  void emptyListStaysEmpty() {
    assertThat(Flags.normalize(List.of())).isEmpty();
    assertThat(Flags.maildirLetters(List.of())).isEmpty();
    assertThat(Flags.fromMaildirLetters("")).isEmpty();
  }

  @Test
  void normalizeIsIdempotent() {
    List<String> once = Flags.normalize(List.of("\\seen", "b", "a", "\\draft"));

    assertThat(Flags.normalize(once)).isEqualTo(once);
  }

  @Test
  void maildirLettersAreInAsciiOrder() {
    assertThat(Flags.maildirLetters(List.of(Flags.SEEN, Flags.DELETED, Flags.ANSWERED,
        Flags.FLAGGED, Flags.DRAFT))).isEqualTo("DFRST");
    assertThat(Flags.maildirLetters(List.of(Flags.SEEN, Flags.ANSWERED))).isEqualTo("RS");
  }

  @Test
  void keywordsHaveNoMaildirLetter() {
    assertThat(Flags.maildirLetters(List.of("$Label1", "Junk", Flags.SEEN, "\\Recent")))
        .isEqualTo("S");
  }

  @Test
  void duplicateFlagsGiveOneLetter() {
    assertThat(Flags.maildirLetters(List.of(Flags.SEEN, Flags.SEEN))).isEqualTo("S");
  }

  @ParameterizedTest
  @CsvSource({"S, \\Seen", "R, \\Answered", "F, \\Flagged", "T, \\Deleted", "D, \\Draft"})
  void eachLetterStandsForItsSystemFlag(String letter, String flag) {
    assertThat(Flags.fromMaildirLetters(letter)).containsExactly(flag);
  }

  @Test
  void fromMaildirLettersIsNormalized() {
    assertThat(Flags.fromMaildirLetters("TSRFDS"))
        .containsExactly("\\Answered", "\\Deleted", "\\Draft", "\\Flagged", "\\Seen");
  }

  @Test
  void unknownAndLowerCaseLettersAreIgnored() {
    // 'P' (passed) has no IMAP flag; lower-case letters are Dovecot keyword slots.
    assertThat(Flags.fromMaildirLetters("PabcsS")).containsExactly("\\Seen");
  }

  @Test
  void lettersRoundTrip() {
    for (String letters : new String[] {"", "D", "FS", "DFRST", "RT"}) {
      assertThat(Flags.maildirLetters(Flags.fromMaildirLetters(letters))).isEqualTo(letters);
    }
  }
}
