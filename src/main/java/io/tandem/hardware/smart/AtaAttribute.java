package io.tandem.hardware.smart;

import java.util.Locale;

/**
 * One row of an ATA disk's SMART attribute table ({@code ata_smart_attributes.table[]}).
 *
 * @param id the attribute number (5 reallocated sectors, 197 pending, ...)
 * @param name smartctl's name for it ({@code Reallocated_Sector_Ct}); {@code ""} when absent
 * @param value the normalized value, or null (absent for some drive database formats)
 * @param threshold the maker's failure threshold, or null when the attribute has none
 * @param whenFailed whether the value is, or was, at or below the threshold
 * @param raw the raw count as smartctl decoded it: the leading number of {@code raw.string}
 *     ("33 (Min/Max 24/36)" gives 33), else {@code raw.value}; 0 when absent
 * @param rawValue {@code raw.value}, the undecoded 48 bits (vendors pack several counters in it)
 */
public record AtaAttribute(int id, String name, Integer value, Integer threshold,
    WhenFailed whenFailed, long raw, long rawValue) {

  /** smartctl's {@code when_failed}: {@code ""}, {@code "past"} or {@code "now"}. */
  public enum WhenFailed {
    NEVER, PAST, NOW;

    /** Reads the JSON word; the text output's {@code In_the_past}/{@code FAILING_NOW} too. */
    static WhenFailed of(String word) {
      if (word == null) {
        return NEVER;
      }
      return switch (word.strip().toLowerCase(Locale.ROOT)) {
        case "now", "failing_now" -> NOW;
        case "past", "in_the_past" -> PAST;
        default -> NEVER;
      };
    }
  }
}
