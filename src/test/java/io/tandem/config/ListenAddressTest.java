package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenAddressTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:2424, 127.0.0.1, 2424",
    "'[::1]:24', ::1, 24",
    "localhost:24, localhost, 24",
    "mail-a.example.test:65535, mail-a.example.test, 65535",
    "0.0.0.0:0, 0.0.0.0, 0",
    "'[fe80::1%eth0]:2424', fe80::1%eth0, 2424"
  })
  void parsesHostAndPort(String text, String host, int port) {
    ListenAddress address = ListenAddress.parse(text);
    assertThat(address).isEqualTo(new ListenAddress(host, port));
    assertThat(address.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "localhost, ''",
    "127.0.0.1:, ''",
    "127.0.0.1:http, ''",
    "127.0.0.1:123456, ''",
    "'[::1]', ''",
    "'[::1:24', ''",
    "::1:24, ' (put an IPv6 address in brackets, such as [::1]:2424)'",
    "127.0.0.1:70000, ' (port must be 0 to 65535)'",
    ":2424, ' (missing host)'",
    "-bad-:24, ' (bad host)'",
    "'[nothex]:24', ' (bad host)'",
    "*:24, ' (bad host)'"
  })
  void rejectsBadAddresses(String text, String detail) {
    assertThatThrownBy(() -> ListenAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected host:port such as 127.0.0.1:2424, got '" + text + "'" + detail);
  }

  @Test
  void sameNonZeroPortOnSameHostConflicts() {
    ListenAddress a = ListenAddress.parse("127.0.0.1:2424");
    assertThat(a.conflictsWith(ListenAddress.parse("127.0.0.1:2424"))).isTrue();
    assertThat(a.conflictsWith(ListenAddress.parse("127.0.0.1:2425"))).isFalse();
    assertThat(a.conflictsWith(ListenAddress.parse("127.0.0.2:2424"))).isFalse();
    assertThat(ListenAddress.parse("LocalHost:1").conflictsWith(ListenAddress.parse("localhost:1")))
        .isTrue();
  }

  @Test
  void wildcardConflictsWithAnyHostOnItsPort() {
    ListenAddress any = ListenAddress.parse("0.0.0.0:2424");
    assertThat(any.isWildcard()).isTrue();
    assertThat(any.conflictsWith(ListenAddress.parse("127.0.0.1:2424"))).isTrue();
    assertThat(ListenAddress.parse("[::1]:2424").conflictsWith(ListenAddress.parse("[::]:2424")))
        .isTrue();
  }

  @Test
  void portZeroNeverConflicts() {
    ListenAddress a = ListenAddress.parse("127.0.0.1:0");
    assertThat(a.conflictsWith(ListenAddress.parse("127.0.0.1:0"))).isFalse();
  }

  @Test
  void constructorChecksItsArguments() {
    assertThatThrownBy(() -> new ListenAddress("", 1)).hasMessage("host must not be empty");
    assertThatThrownBy(() -> new ListenAddress("h", 65536))
        .hasMessage("port must be 0 to 65535, got 65536");
  }

  @Test
  void givesASocketAddress() {
    assertThat(ListenAddress.parse("127.0.0.1:0").toSocketAddress().getPort()).isZero();
  }
}
