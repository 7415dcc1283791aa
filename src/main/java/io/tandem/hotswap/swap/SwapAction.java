package io.tandem.hotswap.swap;

import io.tandem.alert.Alert.Severity;

/** What the swap service must do after a step of the {@link SwapMachine}. */
public sealed interface SwapAction {

  /** Check the new disk in {@code bay} ({@code device}), partition it and add it. */
  record AddNewDisk(int bay, String device) implements SwapAction {}

  /** Turn the bay's locate LED off. */
  record LedOff(int bay) implements SwapAction {}

  /** Raise an alert. */
  record Raise(String key, Severity severity, String message) implements SwapAction {}

  /** Clear an alert. */
  record Clear(String key) implements SwapAction {}
}
