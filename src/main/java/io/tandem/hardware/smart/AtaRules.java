package io.tandem.hardware.smart;

import static io.tandem.hardware.smart.Findings.count;

import io.tandem.hardware.smart.AtaAttribute.WhenFailed;

/**
 * The ATA attribute rules; the thresholds and their sources are in {@link SmartVerdicts}.
 * Counts are the decoded raw values ({@link AtaAttribute#raw()}).
 */
final class AtaRules {
  static final int REALLOCATED = 5;
  static final int REPORTED_UNCORRECTABLE = 187;
  static final int COMMAND_TIMEOUT = 188;
  static final int PENDING = 197;
  static final int OFFLINE_UNCORRECTABLE = 198;
  static final int UDMA_CRC = 199;

  /** Reallocated sectors above this are failing (Scrutiny: AFR 23.6 % in 17..70). */
  static final long REALLOCATED_FAILING_ABOVE = 16;
  /** Command timeouts above this warn (Scrutiny: transformed value over 100, AFR >= 10 %). */
  static final long COMMAND_TIMEOUTS_WARNING_ABOVE = 100;

  private AtaRules() {}

  static void apply(SmartReport now, SmartReport before, Findings findings) {
    for (AtaAttribute attribute : now.attributes()) {
      manufacturerThreshold(attribute, findings);
    }
    now.attribute(REALLOCATED).ifPresent(a -> reallocated(a.raw(), findings));
    now.attribute(PENDING).filter(a -> a.raw() > 0).ifPresent(a -> findings.failing(
        count(a.raw(), "sector", "sectors") + " pending reallocation"));
    now.attribute(OFFLINE_UNCORRECTABLE).filter(a -> a.raw() > 0).ifPresent(a ->
        findings.failing(count(a.raw(), "sector", "sectors") + " found unreadable offline"));
    now.attribute(REPORTED_UNCORRECTABLE).filter(a -> a.raw() > 0).ifPresent(a ->
        findings.failing(count(a.raw(), "uncorrectable error", "uncorrectable errors")
            + " reported by the disk"));
    now.attribute(COMMAND_TIMEOUT).map(AtaRules::commandTimeouts)
        .filter(n -> n > COMMAND_TIMEOUTS_WARNING_ABOVE)
        .ifPresent(n -> findings.warning(count(n, "command timeout", "command timeouts")));
    now.attribute(UDMA_CRC).ifPresent(a -> crc(a.raw(), before, findings));
  }

  private static void manufacturerThreshold(AtaAttribute a, Findings findings) {
    String name = a.name().isEmpty() ? "attribute " + a.id() : a.name();
    if (a.whenFailed() == WhenFailed.NOW) {
      findings.failing(name + " is at or below the maker's failure threshold now"
          + (a.value() != null && a.threshold() != null
              ? " (" + a.value() + ", threshold " + a.threshold() + ")" : ""));
    } else if (a.whenFailed() == WhenFailed.PAST) {
      findings.warning(name + " fell to the maker's failure threshold in the past");
    }
  }

  private static void reallocated(long sectors, Findings findings) {
    if (sectors > REALLOCATED_FAILING_ABOVE) {
      findings.failing(count(sectors, "reallocated sector", "reallocated sectors"));
    } else if (sectors > 0) {
      findings.warning(count(sectors, "reallocated sector", "reallocated sectors"));
    }
  }

  /**
   * Seagate packs three 16-bit counters into 188's 48-bit raw value (4295032853 is 1, 1 and 21,
   * high to low, as drivedb's {@code raw16} prints them); the low word is taken as the count,
   * which for other makers is the whole count below 65536. The packing is the reason 188 only
   * ever warns.
   */
  private static long commandTimeouts(AtaAttribute a) {
    return a.rawValue() & 0xFFFF;
  }

  private static void crc(long errors, SmartReport before, Findings findings) {
    Long earlier = before == null ? null
        : before.attribute(UDMA_CRC).map(AtaAttribute::raw).orElse(null);
    if (earlier == null) {
      if (errors > 0) {
        findings.warning(count(errors, "UDMA CRC error", "UDMA CRC errors")
            + " recorded: check the cable, not the disk");
      }
    } else if (errors > earlier) {
      findings.warning("UDMA CRC errors rose to " + errors + ": check the cable, not the disk");
    }
  }
}
