package io.tandem.scrub;

import io.tandem.scrub.BodySource.Answer;
import io.tandem.scrub.Finding.Outcome;
import io.tandem.scrub.Finding.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Repairs one bad message file: a good copy (checked against the hash) is written to the
 * mailbox's {@code tmp/} and forced, from another copy on this appliance if there is one, else
 * from the partner; then it is renamed over the bad file and the folder forced ({@link
 * MessagePlacement#install}). Wrong bytes are never put in place: a body bad on both appliances
 * stays as it is and is reported. Used by the scrub thread.
 */
final class MessageRepair {
  private static final AtomicLong COUNTER = new AtomicLong();

  private final BodySource local;
  private final BodySource partner;
  private final MessagePlacement placement;
  private final java.util.function.BiFunction<String, String, Path> folders;

  /**
   * @param folders the folder of a user's mailbox (its {@code tmp/} takes the copy, on the same
   *     filesystem as the file it replaces)
   */
  MessageRepair(BodySource local, BodySource partner, MessagePlacement placement,
      java.util.function.BiFunction<String, String, Path> folders) {
    this.local = local;
    this.partner = partner;
    this.placement = placement;
    this.folders = folders;
  }

  /**
   * Repairs the message; empty when it went away meanwhile (nothing to report).
   *
   * @param file the file name the index records
   */
  Optional<Finding> repair(String user, String mailbox, long uid, String file, String sha256,
      Problem problem) throws IOException, InterruptedException {
    Path tmp = folders.apply(user, mailbox).resolve("tmp");
    Files.createDirectories(tmp);
    Path copy = tmp.resolve("tandem-scrub." + sha256.substring(0, 16) + "."
        + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet());
    BodySource.Result here = local.fetch(user, sha256, copy);
    BodySource.Result there = here.answer() == Answer.FETCHED ? here
        : partner.fetch(user, sha256, copy);
    if (there.answer() != Answer.FETCHED) {
      Outcome outcome = there.answer() == Answer.NONE_GOOD && here.answer() == Answer.NONE_GOOD
          ? Outcome.UNREPAIRABLE : Outcome.AWAITING_PARTNER;
      String detail = outcome == Outcome.UNREPAIRABLE
          ? "no good copy on either appliance (" + here.detail() + "; " + there.detail()
              + ")"
          : "not repaired now (" + here.detail() + "; " + there.detail()
              + "); the next scrub tries again";
      return Optional.of(new Finding(user, mailbox, uid, file, sha256, problem, outcome,
          detail));
    }
    if (!placement.install(user, mailbox, uid, sha256, copy)) {
      return Optional.empty();
    }
    return Optional.of(new Finding(user, mailbox, uid, file, sha256, problem, Outcome.REPAIRED,
        there.detail()));
  }
}
