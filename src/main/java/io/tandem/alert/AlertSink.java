package io.tandem.alert;

/**
 * Somewhere alerts are told: the front-panel display, the BMC's event log, an operator's hook
 * command. The {@code AlertNotifier} calls each sink from its own thread, so a slow or broken
 * sink never holds up the others or the service; a sink that throws is logged and tried again
 * at the next event.
 */
public interface AlertSink {

  /** What happened to the alert. */
  enum Event {
    /** Newly open, or its severity changed. */
    RAISED,
    /** Still open after {@code alert.renotify}: told again. */
    RENOTIFIED,
    /** The condition is over. */
    CLEARED
  }

  /** A short name for the log: "front panel", "BMC event log", "hook". */
  String name();

  /** Tells the sink; should not take long (a second at most). */
  void notify(Alert alert, Event event) throws Exception;
}
