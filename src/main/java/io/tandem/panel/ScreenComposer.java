package io.tandem.panel;

import io.tandem.alert.Alert;
import io.tandem.alert.Alert.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides what the 20x4 front panel shows. Pure: the same inputs and refresh number give the
 * same screen.
 *
 * <pre>
 * row 1   header: name, role, epoch; column 20 the heartbeat      "mail-a PRIMARY E12 o"
 * rows 2-4, the first that applies:
 *   a prompt (guidance)   its lines, wrapped on words, at most 3  "PULL BAY 3"
 *                         with room left and alerts open, a count  "SERIAL ZL2ABCDE"
 *                                                                  "2 ALERTS (1 CRIT)"
 *   open alerts           the most severe (critical before         "CRITICAL store    +1"
 *                         warning, then the oldest): severity,     "Disk full: 98% used,"
 *                         source, "+N" more open; its message      "delivery refused"
 *                         on two lines
 *   nothing wrong                                                  "ALL OK"
 * </pre>
 *
 * The heartbeat steps through {@code . o O o} at each refresh, so a technician sees that the
 * service is alive: a character that stops changing means it is not. Text that does not fit ends
 * with {@code "..."}.
 */
public final class ScreenComposer {
  /** The heartbeat characters, one per refresh, in turn. */
  static final String HEARTBEAT = ".oOo";
  private static final int BODY_ROWS = Screen.ROWS - 1;
  private static final int MIN_NAME = 4;

  private ScreenComposer() {}

  /** The screen for {@code inputs} at refresh number {@code refresh} (counts up from 0). */
  public static Screen compose(PanelInputs inputs, long refresh) {
    List<String> rows = new ArrayList<>(Screen.ROWS);
    rows.add(header(inputs) + heartbeat(refresh));
    if (!inputs.prompt().isEmpty()) {
      rows.addAll(prompt(inputs.prompt(), inputs.alerts()));
    } else if (!inputs.alerts().isEmpty()) {
      rows.addAll(alert(inputs.alerts()));
    } else {
      rows.add("ALL OK");
    }
    return Screen.of(rows.toArray(String[]::new));
  }

  /** When the inputs could not be had: the service runs (heartbeat) but says nothing else. */
  public static Screen unavailable(long refresh) {
    return Screen.of(LcdText.pad("TANDEM").substring(0, Screen.COLUMNS - 1) + heartbeat(refresh),
        "STATUS UNAVAILABLE", "see the service log");
  }

  /** The last screen when the service stops: no heartbeat, and says so. */
  public static Screen stopped(String applianceName) {
    return Screen.of(LcdText.ascii(applianceName), "SERVICE STOPPED");
  }

  static char heartbeat(long refresh) {
    return HEARTBEAT.charAt((int) Math.floorMod(refresh, (long) HEARTBEAT.length()));
  }

  /**
   * Name, role and epoch in 19 columns; when they do not fit, the name is cut (to no less than
   * {@value #MIN_NAME} characters), then the epoch left out, then the role cut.
   */
  static String header(PanelInputs inputs) {
    int width = Screen.COLUMNS - 1;
    String name = LcdText.ascii(inputs.applianceName()).strip();
    String role = " " + LcdText.ascii(inputs.role()).strip().toUpperCase(Locale.ROOT);
    String epoch = " E" + inputs.epoch();
    String text;
    if (name.length() + role.length() + epoch.length() <= width) {
      text = name + role + epoch;
    } else if (width - role.length() - epoch.length() >= MIN_NAME) {
      text = name.substring(0, width - role.length() - epoch.length()) + role + epoch;
    } else if (width - role.length() >= Math.min(MIN_NAME, name.length())) {
      text = name.substring(0, Math.min(name.length(), width - role.length())) + role;
    } else {
      text = name + role;
    }
    return LcdText.pad(text).substring(0, width);
  }

  private static List<String> prompt(List<String> prompt, List<Alert> alerts) {
    List<String> lines = new ArrayList<>();
    for (String line : prompt) {
      lines.addAll(LcdText.wrap(LcdText.ascii(line), Screen.COLUMNS, Integer.MAX_VALUE));
    }
    if (lines.size() > BODY_ROWS) {
      lines = new ArrayList<>(lines.subList(0, BODY_ROWS));
      lines.set(BODY_ROWS - 1, LcdText.markCut(lines.get(BODY_ROWS - 1), Screen.COLUMNS));
    } else if (lines.size() < BODY_ROWS && !alerts.isEmpty()) {
      lines.add(count(alerts));
    }
    return lines;
  }

  /** "1 ALERT", "3 ALERTS (1 CRIT)". */
  static String count(List<Alert> alerts) {
    long critical = alerts.stream().filter(a -> a.severity() == Severity.CRITICAL).count();
    String text = alerts.size() + (alerts.size() == 1 ? " ALERT" : " ALERTS");
    return critical > 0 ? text + " (" + critical + " CRIT)" : text;
  }

  private static List<String> alert(List<Alert> alerts) {
    Alert first = alerts.get(0);
    String more = alerts.size() > 1 ? " +" + (alerts.size() - 1) : "";
    String title = first.severity().name() + " " + LcdText.ascii(first.source()).strip();
    int room = Screen.COLUMNS - more.length();
    String titleRow = title.length() > room ? title.substring(0, room) : title;
    titleRow = titleRow + " ".repeat(room - titleRow.length()) + more;
    List<String> rows = new ArrayList<>();
    rows.add(titleRow);
    rows.addAll(LcdText.wrap(LcdText.ascii(first.message()), Screen.COLUMNS, BODY_ROWS - 1));
    return rows;
  }
}
