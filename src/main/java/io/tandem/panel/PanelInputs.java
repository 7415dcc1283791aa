package io.tandem.panel;

import io.tandem.alert.Alert;
import java.util.List;
import java.util.Objects;

/**
 * What the front panel is drawn from, as the service sees it at one moment.
 *
 * @param applianceName this appliance's name ({@code appliance.name})
 * @param role the role word: {@code primary}, {@code replica}, ...
 * @param epoch the current epoch
 * @param alerts the open alerts, most severe first (as {@code Alerts.open()} lists them)
 * @param prompt guidance for the technician at the rack, one entry per line (for example
 *     {@code "PULL BAY 3", "SERIAL ZL2ABCDE"}); empty when there is none. Up to three lines are
 *     shown; a line longer than the display is wrapped on its words.
 */
public record PanelInputs(String applianceName, String role, long epoch, List<Alert> alerts,
    List<String> prompt) {
  public PanelInputs {
    Objects.requireNonNull(applianceName, "applianceName");
    Objects.requireNonNull(role, "role");
    alerts = List.copyOf(alerts);
    prompt = List.copyOf(prompt);
  }

  /** Without a prompt. */
  public static PanelInputs of(String applianceName, String role, long epoch,
      List<Alert> alerts) {
    return new PanelInputs(applianceName, role, epoch, alerts, List.of());
  }
}
