package io.tandem.replication;

import io.tandem.replication.PeerMessage.Hello;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Body repair over the peer link, on either side of it: asks the partner for a good copy of a
 * body by its hash ({@link #fetch}), and answers the partner's requests ({@link BodyAnswerer}).
 * The session in charge of the link (sender on a primary, receiver on a replica) registers it
 * with {@link #attach} and hands every {@link BodyRepairMessage} it reads to {@link #received}.
 * One fetch at a time; thread-safe.
 */
public final class PeerBodies implements AutoCloseable {
  /** Without a single chunk for this long, a fetch gives up (the link is probably stuck). */
  private static final Duration SILENCE = Duration.ofSeconds(60);

  private final BodyAnswerer answerer;
  private final Object fetching = new Object();
  private volatile PeerLink link;
  private volatile String partner = "the partner";
  private volatile boolean capable;
  private volatile BodyFetch pending;

  PeerBodies(BodyLocator bodies) {
    this.answerer = new BodyAnswerer(bodies);
  }

  /** How a fetch ended. */
  public enum Status {
    /** A copy whose hash matches is in the file, forced to disk. */
    FETCHED,
    /** The partner has no good copy (none, or only damaged ones). */
    MISSING,
    /** The partner could not be asked or did not answer; try again later. */
    UNREACHABLE
  }

  /** @param detail what happened, for the operator */
  public record Result(Status status, String detail) {}

  /** A session started on {@code link} with the partner that sent {@code hello}. */
  void attach(PeerLink link, Hello hello) {
    this.partner = hello.appliance();
    this.capable = hello.capabilities().contains(BodyRepairMessage.CAPABILITY);
    this.link = link;
  }

  /**
   * Takes a message the session read, if it belongs to a body repair.
   *
   * @return false when it is not a {@link BodyRepairMessage}
   */
  boolean received(PeerLink from, PeerMessage message) {
    if (message instanceof BodyRepairMessage.Request request) {
      answerer.answer(from, request);
    } else if (message instanceof BodyRepairMessage.Reply reply) {
      BodyFetch current = pending;
      // An answer nobody waits for any more (a fetch that gave up) is dropped.
      if (current != null && current.sha256().equals(reply.sha256())) {
        current.chunk(reply.chunk());
      }
    } else if (message instanceof BodyRepairMessage.Missing missing) {
      BodyFetch current = pending;
      if (current != null && current.sha256().equals(missing.sha256())) {
        current.fail(BodyFetch.Status.MISSING, partner + " has no good copy: "
            + missing.reason());
      }
    } else {
      return false;
    }
    return true;
  }

  /**
   * Asks the partner for the body of {@code user} with this hash and writes it to {@code into},
   * a file that must not exist yet (on the same filesystem as where it goes, so it can be
   * renamed there). Blocks until the body is in, the partner says it has none, or the link
   * fails. On anything but {@link Status#FETCHED} the file does not exist afterwards.
   */
  public Result fetch(String user, String sha256, Path into) throws InterruptedException {
    synchronized (fetching) {
      PeerLink current = link;
      if (current == null || current.isClosed()) {
        return new Result(Status.UNREACHABLE, "the partner is not connected");
      }
      if (!capable) {
        return new Result(Status.UNREACHABLE, partner + " runs a version that cannot send"
            + " bodies for repair (no '" + BodyRepairMessage.CAPABILITY + "' capability)");
      }
      BodyFetch fetch;
      try {
        fetch = new BodyFetch(sha256, into);
      } catch (IOException e) {
        return new Result(Status.UNREACHABLE, "cannot create " + into + ": "
            + Sender.describe(e));
      }
      pending = fetch;
      try {
        current.send(new BodyRepairMessage.Request(user, sha256));
        return await(fetch, current);
      } catch (IOException e) {
        fetch.fail(BodyFetch.Status.FAILED, "");
        return new Result(Status.UNREACHABLE, "the link to " + partner + " failed: "
            + Sender.describe(e));
      } finally {
        pending = null;
        fetch.fail(BodyFetch.Status.FAILED, "abandoned");
      }
    }
  }

  private Result await(BodyFetch fetch, PeerLink current) throws InterruptedException {
    while (true) {
      try {
        BodyFetch.Outcome outcome = fetch.done().get(250, TimeUnit.MILLISECONDS);
        return new Result(switch (outcome.status()) {
          case FETCHED -> Status.FETCHED;
          case MISSING -> Status.MISSING;
          case FAILED -> Status.UNREACHABLE;
        }, outcome.detail());
      } catch (TimeoutException e) {
        if (current.isClosed()) {
          fetch.fail(BodyFetch.Status.FAILED, "");
          return new Result(Status.UNREACHABLE, "the link to " + partner + " closed before"
              + " it answered");
        }
        if (System.nanoTime() - fetch.lastProgressNanos() > SILENCE.toNanos()) {
          fetch.fail(BodyFetch.Status.FAILED, "");
          return new Result(Status.UNREACHABLE, partner + " did not answer within "
              + SILENCE.toSeconds() + " s");
        }
      } catch (java.util.concurrent.ExecutionException e) {
        return new Result(Status.UNREACHABLE, String.valueOf(e.getCause()));
      }
    }
  }

  @Override
  public void close() {
    answerer.close();
  }
}
