package io.tandem.scrub;

import java.nio.file.Path;

/**
 * Somewhere a good copy of a body may come from: another copy on this appliance, or the partner
 * appliance over the peer link. Implementations check the copy against its hash.
 */
@FunctionalInterface
public interface BodySource {
  /** How a request for a body ended. */
  enum Answer {
    /** The file now holds bytes that match the hash, forced to disk. */
    FETCHED,
    /** There is no good copy there (none at all, or only damaged ones). */
    NONE_GOOD,
    /** It could not be asked now (partner not connected, link failed); try again later. */
    UNREACHABLE
  }

  /** @param detail what happened, in words for the operator */
  record Result(Answer answer, String detail) {}

  /**
   * Writes a good copy of the body of {@code user} with this hash to {@code into}, a file that
   * does not exist yet; on anything but {@link Answer#FETCHED} it does not exist afterwards.
   */
  Result fetch(String user, String sha256, Path into) throws InterruptedException;
}
