package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A pair of appliances as real processes: alpha, the primary, in {@code <dir>/a}, and beta, the
 * replica, in {@code <dir>/b}, each pinning the other's certificate (each made by {@code tandem
 * tls init} in its own state folder, so a wiped appliance is given a new one the same way), with
 * a 3 s replication timeout unless told another. The replica listens on a port of its own choosing at its first
 * start, kept from then on so a restarted replica is where the primary dials.
 */
final class ServicePair implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(120);

  final ServiceProcess primary;
  final ServiceProcess replica;

  /**
   * Writes both configs, with the {@code primaryExtra} and {@code replicaExtra} lines, and their
   * TLS identities; starts nothing.
   */
  ServicePair(Path dir, String primaryExtra, String replicaExtra) throws Exception {
    this(dir, "3s", primaryExtra, replicaExtra);
  }

  /** As above, with {@code replication.timeout} set to {@code timeout} on both. */
  ServicePair(Path dir, String timeout, String primaryExtra, String replicaExtra)
      throws Exception {
    Path certA = dir.resolve("a/state/tls/appliance.crt");
    Path certB = dir.resolve("b/state/tls/appliance.crt");
    replica = new ServiceProcess(dir.resolve("b"), "beta", "role.initial = replica\n"
        + "replication.listen = 127.0.0.1:0\nreplication.tls.peer_cert = " + certA
        + "\nreplication.timeout = " + timeout + "\n" + replicaExtra);
    primary = new ServiceProcess(dir.resolve("a"), "alpha", "replication.peer = 127.0.0.1:9\n"
        + "replication.tls.peer_cert = " + certB + "\nreplication.timeout = " + timeout + "\n"
        + primaryExtra);
    for (ServiceProcess appliance : List.of(primary, replica)) {
      initTls(appliance);
    }
  }

  /** {@code tandem tls init} on {@code appliance}: its key and self-signed certificate. */
  static void initTls(ServiceProcess appliance) throws Exception {
    ServiceProcess.Result init = appliance.cli(null, "tls", "init");
    assertThat(init.exitCode()).as(init.output()).isZero();
  }

  /** Starts the replica, fixes its port, points the primary at it and starts the primary. */
  void start() throws Exception {
    replica.start();
    replica.set("replication.listen", "127.0.0.1:" + replica.replicationPort());
    primary.set("replication.peer", "127.0.0.1:" + replica.replicationPort());
    primary.start();
  }

  /**
   * Waits until {@code to} has journaled, and acknowledged, everything {@code from} (the primary
   * now) has.
   */
  static void awaitInStep(ServiceProcess from, ServiceProcess to) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode a = from.status();
      long last = a.path("journal").path("last_seq").asLong();
      long acked = a.path("replication").path("acked_seq").asLong();
      long replicaLast = to.status().path("journal").path("last_seq").asLong();
      if (last > 0 && acked == last && replicaLast == last) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the replica did not catch up: primary " + a.path("replication")
            + ", replica at " + replicaLast);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws InterruptedException {
    primary.close();
    replica.close();
  }
}
