package io.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {
  private final PasswordHash hasher = new PasswordHash(1000);

  @Test
  void storedFormIsPrefixIterationsSaltAndHash() {
    String stored = hasher.hash("secret".toCharArray());

    assertThat(stored).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
  }

  @Test
  void rightPasswordVerifies() {
    String stored = hasher.hash("correct horse".toCharArray());

    assertThat(PasswordHash.verify("correct horse".toCharArray(), stored)).isTrue();
  }

  @Test
  void wrongPasswordDoesNotVerify() {
    String stored = hasher.hash("correct horse".toCharArray());

    assertThat(PasswordHash.verify("correct hors".toCharArray(), stored)).isFalse();
    assertThat(PasswordHash.verify("Correct horse".toCharArray(), stored)).isFalse();
    assertThat(PasswordHash.verify(new char[0], stored)).isFalse();
  }

  @Test
  void unicodePasswordVerifies() {
    String stored = hasher.hash("pässwörd 🔑".toCharArray());

    assertThat(PasswordHash.verify("pässwörd 🔑".toCharArray(), stored)).isTrue();
    assertThat(PasswordHash.verify("passwort 🔑".toCharArray(), stored)).isFalse();
  }

  @Test
  void emptyPasswordCanBeHashedAndVerified() {
    String stored = hasher.hash(new char[0]);

    assertThat(PasswordHash.verify(new char[0], stored)).isTrue();
    assertThat(PasswordHash.verify("x".toCharArray(), stored)).isFalse();
  }

  @Test
  void samePasswordGetsDifferentSalts() {
    String first = hasher.hash("secret".toCharArray());
    String second = hasher.hash("secret".toCharArray());

    assertThat(first).isNotEqualTo(second);
    assertThat(first.split("\\$")[2]).isNotEqualTo(second.split("\\$")[2]);
    assertThat(PasswordHash.verify("secret".toCharArray(), first)).isTrue();
    assertThat(PasswordHash.verify("secret".toCharArray(), second)).isTrue();
  }

  @Test
  void iterationCountIsTakenFromTheStoredValue() {
    String stored = new PasswordHash(1500).hash("secret".toCharArray());

    assertThat(stored).startsWith("pbkdf2-sha256$1500$");
    assertThat(PasswordHash.verify("secret".toCharArray(), stored)).isTrue();
    assertThat(PasswordHash.verify("secret".toCharArray(),
        stored.replace("$1500$", "$1000$"))).isFalse();
  }

  @Test
  void tamperedHashDoesNotVerify() {
    String stored = hasher.hash("secret".toCharArray());
    String[] parts = stored.split("\\$");
    char first = parts[3].charAt(0);
    parts[3] = (first == 'A' ? 'B' : 'A') + parts[3].substring(1);

    assertThat(PasswordHash.verify("secret".toCharArray(), String.join("$", parts))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secret", "$", "$$$", "pbkdf2-sha256", "pbkdf2-sha256$1000",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA$extra",
      "pbkdf2-sha1$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "PBKDF2-SHA256$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "pbkdf2-sha256$abc$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "pbkdf2-sha256$-1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
      "pbkdf2-sha256$1000$!!!not base64!!!$aGFzaA",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$!!!",
      "pbkdf2-sha256$1000$$aGFzaA",
      "$6$rounds=5000$salt$hash",
      "{SSHA}abcdef"})
  void malformedStoredValueDoesNotVerify(String stored) {
    assertThat(PasswordHash.verify("secret".toCharArray(), stored)).isFalse();
  }

  @Test
  void looksValidAcceptsWhatHashProduces() {
    assertThat(PasswordHash.looksValid(hasher.hash("x".toCharArray()))).isTrue();
    assertThat(PasswordHash.looksValid(
        new PasswordHash(PasswordHash.DEFAULT_ITERATIONS).hash("x".toCharArray()))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "pbkdf2-sha256$1000$a", "pbkdf2-sha256$x$a$b",
      "pbkdf2-sha256$1234567890$a$b", "pbkdf2-sha256$$a$b", "md5$1000$a$b",
      "$6$rounds=5000$salt$hash"})
  void looksValidRefusesOtherForms(String stored) {
    assertThat(PasswordHash.looksValid(stored)).isFalse();
  }
}
