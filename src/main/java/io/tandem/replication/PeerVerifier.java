package io.tandem.replication;

import io.tandem.replication.PeerMessage.DigestRequest;
import io.tandem.store.write.MailStore;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code tandem verify-peer}: compares, user by user, the primary's mailbox digests with the
 * replica's taken at the same applied seq (a user still changing is asked again until both
 * sides stand at the same point), and lists every difference in words.
 */
public final class PeerVerifier {
  private static final int ATTEMPTS = 50;
  private static final long ANSWER_SECONDS = 60;

  private final Supplier<PeerLink> link;
  private final DigestExchange exchange;
  private final UserResyncs resyncs;
  private final MailStore store;

  PeerVerifier(Supplier<PeerLink> link, DigestExchange exchange, UserResyncs resyncs,
      MailStore store) {
    this.link = link;
    this.exchange = exchange;
    this.resyncs = resyncs;
    this.store = store;
  }

  /**
   * What a verification found.
   *
   * @param users how many users were compared
   * @param differences every difference, one line each; empty when the replica is identical
   * @param unsettled users that changed too fast to be compared at one point
   * @param repaired users whose copy on the replica was replaced and then found identical
   */
  public record Report(int users, List<String> differences, List<String> unsettled,
      List<String> repaired) {
    public Report {
      differences = List.copyOf(differences);
      unsettled = List.copyOf(unsettled);
      repaired = List.copyOf(repaired);
    }
  }

  /**
   * Compares every user, or only {@code user} when it is not null; with {@code repair}, each
   * user that differs gets a fresh copy on the replica and is compared again.
   */
  public Report verify(String user, boolean repair) throws IOException, InterruptedException {
    List<String> users = user != null ? List.of(user) : store.users().names();
    List<String> differences = new ArrayList<>();
    List<String> unsettled = new ArrayList<>();
    List<String> repaired = new ArrayList<>();
    for (String name : users) {
      List<String> found = new ArrayList<>();
      compare(name, found, unsettled);
      if (repair && !found.isEmpty()) {
        resync(name);
        List<String> after = new ArrayList<>();
        compare(name, after, unsettled);
        if (after.isEmpty()) {
          repaired.add("user " + name + " (" + String.join("; ", found) + ")");
          continue;
        }
        found = after;
      }
      differences.addAll(found);
    }
    return new Report(users.size(), differences, unsettled, repaired);
  }

  private void resync(String user) throws IOException, InterruptedException {
    try {
      resyncs.request(user).get(10, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IOException("the fresh copy of " + user + " could not be sent: "
          + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new IOException("the fresh copy of " + user + " was not sent within 10 minutes");
    }
  }

  private void compare(String user, List<String> differences, List<String> unsettled)
      throws IOException, InterruptedException {
    String last = "";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      UserDigest ours = read(user);
      UserDigest theirs = ask(user);
      if (ours.appliedSeq() == theirs.appliedSeq()) {
        differences.addAll(ours.differences(theirs));
        return;
      }
      last = "primary at seq " + ours.appliedSeq() + ", replica at " + theirs.appliedSeq();
      TimeUnit.MILLISECONDS.sleep(100);
    }
    unsettled.add("user " + user + " kept changing and was not compared (" + last + ")");
  }

  private UserDigest read(String user) throws IOException {
    try {
      return UserDigest.read(store.indexPool().file(user), user);
    } catch (SQLException e) {
      throw new IOException("cannot read the index of " + user + ": " + e.getMessage(), e);
    }
  }

  private UserDigest ask(String user) throws IOException, InterruptedException {
    PeerLink current = link.get();
    if (current == null) {
      throw new IOException("the replica is not connected");
    }
    var answer = exchange.expect(user);
    current.send(new DigestRequest(user));
    try {
      return answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException("the replica did not answer: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new IOException("the replica did not answer within " + ANSWER_SECONDS + " s");
    }
  }
}
