package io.tandem.lifecycle;

/**
 * Where a thread whose failure leaves the service wrong (the committer) reports it. The service's
 * handler logs and exits with the code so systemd restarts it; tests record the call instead.
 */
@FunctionalInterface
public interface FatalErrorHandler {
  void fatal(ExitCode code, String message, Throwable cause);
}
