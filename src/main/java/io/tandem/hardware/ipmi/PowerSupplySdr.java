package io.tandem.hardware.ipmi;

import io.tandem.hardware.Psu;
import io.tandem.hardware.PsuState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the standard output of {@code ipmitool sdr type "Power Supply"} (ipmitool 1.8.19, {@code
 * LC_ALL=C}); no I/O. One line per sensor, five columns:
 *
 * <pre>
 * PS1 Status       | C8h | ok  | 10.1 | Presence detected
 * PS2 Status       | C9h | ok  | 10.2 | Presence detected, Failure detected, Power Supply AC lost
 * PS Redundancy    | 77h | ok  |  7.1 | Redundancy Lost
 * Status           | 63h | ok  | 10.2 | Presence detected, Power Supply AC lost    (Dell)
 * PS2 Status       | C9h | ok  | 10.2 |                                            (pulled)
 * PS Redundancy    | 74h | ns  |  7.1 | No Reading
 * </pre>
 *
 * name (16 characters, padded or cut, not unique), sensor number (hex), reading status, entity
 * id.instance, and the asserted states joined by {@code ", "} (possibly none). The status column
 * of a discrete sensor is {@code ok} whenever the reading is valid, failed or not: the states
 * are what tell. Why this listing and not {@code sensor} (whose {@code 0x0300} bitmask is free of
 * wording): it has the sensor number and entity instance that tell supplies apart when the names
 * do not (Dell names them all "Status"), and it asks the BMC for the Power Supply sensors only.
 *
 * <p>Each supply sensor's states become one {@link PsuState}, the most pressing: failed (failure,
 * config error) over AC lost (AC lost, out of range) over predictive failure over unknown
 * (inactive, unreadable, or a word not known here) over absent (no presence) over ok. A
 * redundancy sensor (its name says "Redundan", or it asserts a redundancy state) becomes the
 * {@link Redundancy}. Event-only sensors are skipped. Supply ids come from the names ({@code PS1
 * Status}, {@code Power Supply 2}, {@code PSU1}) when every supply's name carries a distinct
 * number, else from the entity instances ({@code 10.2}) when those are distinct, else from the
 * order of the lines. Whatever is not understood is tolerated and listed in the report's notes.
 */
public final class PowerSupplySdr {
  private static final Pattern NAME_NUMBER =
      Pattern.compile("(?i)\\b(?:ps|psu|pws|pwr\\s*supply|power\\s*supply)\\s*#?\\s*(\\d{1,2})\\b");
  private static final Pattern NUMBER = Pattern.compile("(?i)(?:0x)?([0-9a-f]{1,2})h?");
  private static final Pattern ENTITY = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})");
  private static final Set<String> UNREADABLE =
      Set.of("no reading", "disabled", "not readable", "unavailable", "na", "n/a");
  private static final int MAX_QUOTED = 80;

  private PowerSupplySdr() {}

  /** One sensor line split into its columns. */
  record SensorLine(String name, String number, String status, int entityId, int instance,
      String reading) {}

  /** Parses the whole listing. Never throws on any input. */
  public static PowerSupplyReport parse(String stdout) {
    List<String> notes = new ArrayList<>();
    List<SensorLine> supplies = new ArrayList<>();
    List<PsuState> states = new ArrayList<>();
    Redundancy redundancy = Redundancy.NOT_REPORTED;
    String redundancySensor = "";
    String redundancyDetail = "";
    String[] lines = stdout.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      if (raw.isBlank()) {
        continue;
      }
      Optional<SensorLine> parsed = split(raw);
      if (parsed.isEmpty()) {
        notes.add("line " + (i + 1) + " is not a sensor line: '" + quote(raw) + "'");
        continue;
      }
      SensorLine line = parsed.get();
      if (line.reading().equalsIgnoreCase("Event-Only")) {
        notes.add("skipped event-only sensor '" + line.name() + "' (" + line.number() + ")");
      } else if (isRedundancy(line)) {
        Redundancy found = redundancyOf(line, notes);
        if (!redundancySensor.isEmpty()) {
          notes.add("more than one redundancy sensor: '" + redundancySensor + "' and '"
              + line.name() + "'; the worse counts");
        }
        if (redundancySensor.isEmpty() || found.urgency() > redundancy.urgency()) {
          redundancy = found;
          redundancySensor = line.name();
          redundancyDetail = line.reading();
        }
      } else {
        supplies.add(line);
        states.add(stateOf(line, notes));
      }
    }
    List<Integer> ids = ids(supplies, notes);
    List<Psu> psus = new ArrayList<>();
    for (int i = 0; i < supplies.size(); i++) {
      SensorLine line = supplies.get(i);
      psus.add(new Psu(ids.get(i), sensorName(line, supplies), states.get(i), line.reading()));
    }
    psus.sort(Comparator.comparingInt(Psu::id));
    return new PowerSupplyReport(psus, redundancy, redundancySensor, redundancyDetail, notes);
  }

  /** The five columns of one line, or empty when it is not such a line. */
  static Optional<SensorLine> split(String raw) {
    String[] columns = raw.split("\\|", 5);
    if (columns.length < 5) {
      return Optional.empty();
    }
    String name = columns[0].strip();
    Matcher number = NUMBER.matcher(columns[1].strip());
    Matcher entity = ENTITY.matcher(columns[3].strip());
    String status = columns[2].strip();
    if (name.isEmpty() || !number.matches() || !entity.matches() || status.isEmpty()
        || !status.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
      return Optional.empty();
    }
    return Optional.of(new SensorLine(name, columns[1].strip(), status,
        Integer.parseInt(entity.group(1)), Integer.parseInt(entity.group(2)),
        columns[4].strip()));
  }

  /** The states of a reading, split on ", " except inside "AC out-of-range, but present". */
  static List<String> states(String reading) {
    List<String> states = new ArrayList<>();
    if (reading.isBlank()) {
      return states;
    }
    String[] parts = reading.split(",");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      if (i + 1 < parts.length && PsuCondition.of(part + ", " + parts[i + 1].strip())
          .isPresent()) {
        part = part + ", " + parts[++i].strip();
      }
      if (!part.isEmpty()) {
        states.add(part);
      }
    }
    return states;
  }

  private static boolean isRedundancy(SensorLine line) {
    return line.name().toLowerCase(Locale.ROOT).contains("redundan")
        || states(line.reading()).stream().anyMatch(s -> Redundancy.of(s).isPresent());
  }

  private static Redundancy redundancyOf(SensorLine line, List<String> notes) {
    if (UNREADABLE.contains(line.reading().toLowerCase(Locale.ROOT))) {
      return Redundancy.UNKNOWN;
    }
    Redundancy worst = null;
    for (String state : states(line.reading())) {
      Optional<Redundancy> known = Redundancy.of(state);
      if (known.isEmpty()) {
        notes.add("unknown redundancy state '" + quote(state) + "' on '" + line.name() + "'");
      }
      Redundancy found = known.orElse(Redundancy.UNKNOWN);
      if (worst == null || found.urgency() > worst.urgency()) {
        worst = found;
      }
    }
    return worst == null ? Redundancy.UNKNOWN : worst;
  }

  static PsuState stateOf(SensorLine line, List<String> notes) {
    if (UNREADABLE.contains(line.reading().toLowerCase(Locale.ROOT))) {
      return PsuState.UNKNOWN;
    }
    Set<PsuCondition> asserted = EnumSet.noneOf(PsuCondition.class);
    boolean unknownWord = false;
    for (String state : states(line.reading())) {
      Optional<PsuCondition> condition = PsuCondition.of(state);
      if (condition.isPresent()) {
        asserted.add(condition.get());
      } else {
        unknownWord = true;
        notes.add("unknown state '" + quote(state) + "' on '" + line.name() + "' ("
            + line.number() + ")");
      }
    }
    for (PsuState pressing : List.of(PsuState.FAILED, PsuState.AC_LOST,
        PsuState.PREDICTIVE_FAILURE, PsuState.UNKNOWN)) {
      if (asserted.stream().anyMatch(c -> c.meaning == pressing)) {
        return pressing;
      }
    }
    if (unknownWord) {
      return PsuState.UNKNOWN;
    }
    return asserted.contains(PsuCondition.PRESENCE) ? PsuState.OK : PsuState.ABSENT;
  }

  /** The supplies' ids: from the names, else the entity instances, else the line order. */
  private static List<Integer> ids(List<SensorLine> supplies, List<String> notes) {
    List<Integer> fromNames = new ArrayList<>();
    List<Integer> fromEntities = new ArrayList<>();
    for (SensorLine line : supplies) {
      Matcher m = NAME_NUMBER.matcher(line.name());
      fromNames.add(m.find() ? Integer.parseInt(m.group(1)) : null);
      fromEntities.add(line.instance() > 0 ? line.instance() : null);
    }
    if (distinct(fromNames)) {
      return fromNames;
    }
    if (distinct(fromEntities)) {
      return fromEntities;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 1; i <= supplies.size(); i++) {
      order.add(i);
    }
    if (!supplies.isEmpty()) {
      notes.add("the power supplies' names and entity instances do not tell them apart;"
          + " numbered in the order the BMC lists them");
    }
    return order;
  }

  private static boolean distinct(List<Integer> ids) {
    return !ids.contains(null) && new HashSet<>(ids).size() == ids.size();
  }

  /** The sensor's name, with its number when another supply sensor has the same name. */
  private static String sensorName(SensorLine line, List<SensorLine> supplies) {
    long same = supplies.stream().filter(s -> s.name().equals(line.name())).count();
    return same > 1 ? line.name() + " #" + line.number() : line.name();
  }

  /** {@code text} made safe to quote in one log line: control characters out, cut at 80. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    String safe = out.toString().strip();
    return safe.length() > MAX_QUOTED ? safe.substring(0, MAX_QUOTED) + "..." : safe;
  }
}
