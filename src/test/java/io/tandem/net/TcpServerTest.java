package io.tandem.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.lmtp.FakeMailDrop;
import io.tandem.lmtp.LmtpService;
import io.tandem.lmtp.LmtpSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener with real sockets on 127.0.0.1, driven through the LMTP service. */
class TcpServerTest {
  private final FakeMailDrop drop = new FakeMailDrop();
  private LmtpService service;

  @AfterEach
  void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void refusesConnectionsOverTheTotalLimit() throws Exception {
    int port = start(Duration.ofSeconds(30), 2, 2);
    try (LineClient first = new LineClient(port); LineClient second = new LineClient(port)) {
      assertThat(first.readLine()).startsWith("220 ");
      assertThat(second.readLine()).startsWith("220 ");
      try (LineClient third = new LineClient(port)) {
        assertThat(third.readLine()).isEqualTo("421 4.3.2 Too many connections; try again later");
        assertThat(third.readLine()).isNull();
      }
      first.send("QUIT");
      assertThat(first.readLine()).startsWith("221 ");
      assertThat(greetingOnceASlotIsFree(port)).startsWith("220 ");
    }
  }

  @Test
  void refusesConnectionsOverThePerAddressLimit() throws Exception {
    int port = start(Duration.ofSeconds(30), 4, 1);
    try (LineClient first = new LineClient(port); LineClient second = new LineClient(port);
        LineClient other = new LineClient(port, "127.0.0.2")) {
      assertThat(first.readLine()).startsWith("220 ");
      assertThat(second.readLine()).startsWith("421 4.3.2 Too many connections from your address");
      assertThat(second.readLine()).isNull();
      assertThat(other.readLine()).startsWith("220 ");
    }
  }

  @Test
  void closesIdleSessionsWith421() throws Exception {
    int port = start(Duration.ofMillis(400), 4, 4);
    try (LineClient client = new LineClient(port)) {
      assertThat(client.readLine()).startsWith("220 ");
      client.send("LHLO mx.example.test");
      assertThat(client.readLhloReply()).startsWith("250 SIZE");
      long start = System.nanoTime();
      assertThat(client.readLine()).isEqualTo("421 4.4.2 Idle timeout; closing connection");
      assertThat(client.readLine()).isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
    }
    assertThat(service.activeConnections()).isLessThanOrEqualTo(1);
  }

  @Test
  void gracefulStopLetsADeliveryInFlightFinish() throws Exception {
    int port = start(Duration.ofSeconds(30), 4, 4);
    CountDownLatch gate = drop.holdDeliveries();
    try (LineClient busy = new LineClient(port); LineClient idle = new LineClient(port)) {
      assertThat(idle.readLine()).startsWith("220 ");
      idle.send("LHLO idle.example.test");
      assertThat(idle.readLhloReply()).startsWith("250 ");
      assertThat(busy.readLine()).startsWith("220 ");
      busy.send("LHLO mx.example.test", "MAIL FROM:<s@example.org>", "RCPT TO:<a@example.test>",
          "DATA");
      assertThat(busy.readLhloReply()).startsWith("250 ");
      assertThat(busy.readLine()).startsWith("250 2.1.0");
      assertThat(busy.readLine()).startsWith("250 2.1.5");
      assertThat(busy.readLine()).startsWith("354 ");
      busy.send("Subject: in flight", "", "body", ".");
      assertThat(drop.awaitDeliveryStarted(5000)).isTrue();

      CompletableFuture<Boolean> stopped =
          CompletableFuture.supplyAsync(() -> service.stop(Duration.ofSeconds(10)));
      assertThat(idle.readLine()).isEqualTo("421 4.3.2 Service shutting down; try again later");
      assertThat(idle.readLine()).isNull();
      assertThatThrownBy(() -> new LineClient(port).close()).isInstanceOf(ConnectException.class);
      assertThat(stopped).isNotDone();

      gate.countDown();
      assertThat(busy.readLine()).startsWith("250 2.0.0 <a@example.test>");
      busy.send("NOOP");
      assertThat(busy.readLine()).startsWith("421 4.3.2");
      assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(drop.deliveries()).hasSize(1);
    assertThat(drop.deliveries().get(0).thread()).matches("lmtp:\\d+<-127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void stopClosesSessionsThatOutlastTheGrace() throws Exception {
    ConnectionHandler stubborn = new ConnectionHandler() {
      @Override
      public void serve(Connection connection) throws IOException {
        connection.setReadTimeout(Duration.ofMinutes(1));
        connection.output().write("hello\r\n".getBytes());
        while (connection.input().read() >= 0) {
          // Ignores the shutdown signal on purpose.
        }
      }

      @Override
      public void refuse(Connection connection, Refusal reason) {}
    };
    TcpServer server = new TcpServer("stub", "127.0.0.1", 0,
        new ConnectionLimits(2, 2, Duration.ofMinutes(1)), stubborn);
    server.start();
    try (LineClient client = new LineClient(server.port())) {
      assertThat(client.readLine()).isEqualTo("hello");
      assertThat(server.stop(Duration.ofMillis(200))).isFalse();
      assertThat(client.readLine()).isNull();
      assertThat(server.activeConnections()).isZero();
    }
  }

  @Test
  void reportsTheAddressItCannotBind() throws Exception {
    int port = start(Duration.ofSeconds(30), 1, 1);
    TcpServer second = new TcpServer("lmtp", "127.0.0.1", port,
        new ConnectionLimits(1, 1, Duration.ofSeconds(1)), null);
    assertThatThrownBy(second::start).isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1").hasMessageContaining(String.valueOf(port));
  }

  private int start(Duration idle, int maxConnections, int perIp) throws IOException {
    LmtpSettings settings = new LmtpSettings("lmtp.test", 10_000, 10, 512, 5, idle,
        maxConnections, perIp);
    service = new LmtpService("127.0.0.1", 0, settings, drop);
    service.start();
    assertThat(service.port()).isPositive();
    return service.port();
  }

  /** The server frees a slot when the handler returns, a moment after the client saw 221. */
  private static String greetingOnceASlotIsFree(int port) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (LineClient client = new LineClient(port)) {
        String greeting = client.readLine();
        if (greeting.startsWith("220 ")) {
          return greeting;
        }
      }
      Thread.sleep(50);
    }
    return "no free slot";
  }
}
