package io.tandem.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailDateTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Tue, 4 Mar 2025 10:12:33 +0100 | 2025-03-04",
      "Wed, 05 Mar 2025 18:01:02 -0500 (EST) | 2025-03-05",
      "7 Mar 2025 23:59:59 GMT | 2025-03-07",
      "(comment) 7 mar 2025 | 2025-03-07",
      "Sat, 1 Jan 00 00:00:00 +0000 | 2000-01-01",
      "Sat, 1 Jan 99 00:00:00 +0000 | 1999-01-01",
      "1 Jan 103 00:00 +0000 | 2003-01-01",
      "Tue Mar  4 10:12:33 2025 | 2025-03-04",
      "Tue,  4 March 2025 10:12:33 +0100 (CET) | 2025-03-04"})
  void readsTheCalendarDayAsWritten(String header, LocalDate day) {
    assertThat(MailDate.parse(header)).contains(day);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a date at all", "", "31 Feb 2025", "Mar 2025", "4 Mar",
      "4 Mar 20250", "2025-03-04"})
  void isEmptyWhenItCannotBeRead(String header) {
    assertThat(MailDate.parse(header)).isEmpty();
  }
}
