package io.tandem.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * A condition an operator must know about, open until its source clears it.
 *
 * @param id stable for the condition (e.g. {@code replication.link}), so that raising it again
 *     updates rather than repeats it
 * @param severity how urgent
 * @param source the part of the appliance that saw it ({@code replication}, {@code store}, ...)
 * @param message what happened, to what, and what to do, in plain words
 * @param since when it was first raised
 */
public record Alert(String id, Severity severity, String source, String message, Instant since) {
  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(since, "since");
  }

  /** How urgent an alert is; the status words are the lower-case names. */
  public enum Severity {
    WARNING,
    CRITICAL;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
