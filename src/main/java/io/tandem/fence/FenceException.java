package io.tandem.fence;

import java.io.IOException;

/**
 * The partner could not be confirmed powered off; {@link #getMessage()} is the whole
 * operator-facing explanation (what happened, to which BMC, what to do).
 */
public final class FenceException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String bmc;

  public FenceException(String bmc, String message) {
    super(message);
    this.bmc = bmc;
  }

  /** The BMC that was asked. */
  public String bmc() {
    return bmc;
  }
}
