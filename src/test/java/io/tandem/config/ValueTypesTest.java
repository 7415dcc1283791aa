package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
  private static final Path BASE = Path.of("/etc/tandem");

  @ParameterizedTest
  @CsvSource({"100, 100", "+7, 7", "-3, -3", "0, 0", "2147483647, 2147483647"})
  void parsesWholeNumbers(String text, int value) {
    assertThat(ValueTypes.INT.parse(text, BASE)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten", "1e3", "1.0", "1_000", "0x10", "10 connections"})
  void rejectsNonNumbers(String text) {
    assertThatThrownBy(() -> ValueTypes.INT.parse(text, BASE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a whole number such as 100, got '" + text + "'");
  }

  @Test
  void rejectsNumbersBeyondInt() {
    assertThatThrownBy(() -> ValueTypes.INT.parse("2147483648", BASE))
        .hasMessage("expected a whole number such as 100, got '2147483648' (too large)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "demo-a", "Mail01", "9", "a-b-c-"})
  void acceptsApplianceNames(String name) {
    assertThat(ValueTypes.APPLIANCE_NAME.parse(name, BASE)).isEqualTo(name);
  }

  @Test
  void acceptsApplianceNameOf63Characters() {
    String name = "a".repeat(63);
    assertThat(ValueTypes.APPLIANCE_NAME.parse(name, BASE)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a", "demo_a", "demo.a", "démo", "a b"})
  void rejectsBadApplianceNames(String name) {
    assertThatThrownBy(() -> ValueTypes.APPLIANCE_NAME.parse(name, BASE))
        .hasMessage(
            "expected 1 to 63 letters, digits or '-', not starting with '-', got '" + name + "'");
  }

  @Test
  void rejectsApplianceNameOf64Characters() {
    assertThatThrownBy(() -> ValueTypes.APPLIANCE_NAME.parse("a".repeat(64), BASE))
        .hasMessageStartingWith("expected 1 to 63 letters, digits or '-'");
  }

  @Test
  void parsesRoles() {
    assertThat(ValueTypes.ROLE.parse("primary", BASE)).isEqualTo(Role.PRIMARY);
    assertThat(ValueTypes.ROLE.parse("replica", BASE)).isEqualTo(Role.REPLICA);
    assertThat(ValueTypes.ROLE.print(Role.REPLICA)).isEqualTo("replica");
  }

  @ParameterizedTest
  @ValueSource(strings = {"master", "PRIMARY", "secondary"})
  void rejectsOtherRoles(String text) {
    assertThatThrownBy(() -> ValueTypes.ROLE.parse(text, BASE))
        .hasMessage("expected 'primary' or 'replica', got '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "/srv/mail, /srv/mail",
    "/srv/./mail/, /srv/mail",
    "/srv/x/../mail, /srv/mail",
    "mail, /etc/tandem/mail",
    "./demo-a/state, /etc/tandem/demo-a/state",
    "../data/mail, /etc/data/mail"
  })
  void resolvesPathsAgainstTheConfigDirectory(String text, String expected) {
    assertThat(ValueTypes.PATH.parse(text, BASE)).isEqualTo(Path.of(expected));
  }

  @Test
  void refusesTildeBecauseNoShellExpandsIt() {
    assertThatThrownBy(() -> ValueTypes.PATH.parse("~/mail", BASE))
        .hasMessage(
            "expected an absolute path or one relative to this file ('~' is not expanded),"
                + " got '~/mail'");
  }

  @Test
  void refusesPathsTheFileSystemCannotName() {
    assertThatThrownBy(() -> ValueTypes.PATH.parse("a\0b", BASE))
        .hasMessage("expected a path, got 'a\0b'");
  }
}
