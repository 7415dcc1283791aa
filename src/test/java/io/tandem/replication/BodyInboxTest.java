package io.tandem.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replication.PeerMessage.MessageBody;
import io.tandem.store.write.MessageSpool.BodyHashMismatchException;
import io.tandem.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the replica keeps of the bodies it receives: only whole ones with the right hash. */
class BodyInboxTest {
  @TempDir Path spool;
  private final java.util.concurrent.ExecutorService forcing =
      java.util.concurrent.Executors.newFixedThreadPool(2);

  @org.junit.jupiter.api.AfterEach
  void stop() {
    forcing.shutdownNow();
  }

  private static final byte[] BODY = "Subject: hi\n\nbody\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void aBodyInChunksIsPlacedUnderTheDeliveryNameByAHardLink() throws Exception {
    String sha = Sha256.hexOf(BODY);
    try (BodyInbox inbox = new BodyInbox(spool, forcing)) {
      inbox.accept(new MessageBody(sha, BODY.length, 0, Arrays.copyOfRange(BODY, 0, 5)));
      assertThat(inbox.has(sha)).isFalse();
      inbox.accept(new MessageBody(sha, BODY.length, 5,
          Arrays.copyOfRange(BODY, 5, BODY.length)));
      assertThat(inbox.has(sha)).isTrue();

      inbox.placeInSpool(sha, "1.M1P1Q1.a,S=18,W=21");
      inbox.commitPlacements();
    }
    assertThat(Files.readAllBytes(spool.resolve("1.M1P1Q1.a,S=18,W=21"))).isEqualTo(BODY);
    try (var files = Files.list(spool)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("1.M1P1Q1.a,S=18,W=21");
    }
  }

  @Test
  void aBodyWhoseBytesDoNotMatchItsHashIsRefusedAndNotKept() throws Exception {
    String wrong = Sha256.hexOf("something else".getBytes(StandardCharsets.UTF_8));
    try (BodyInbox inbox = new BodyInbox(spool, forcing)) {
      assertThatThrownBy(() -> inbox.accept(new MessageBody(wrong, BODY.length, 0, BODY)))
          .isInstanceOf(BodyHashMismatchException.class)
          .hasMessageContaining("instead of the announced " + wrong);
      assertThat(inbox.has(wrong)).isFalse();
    }
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aChunkThatDoesNotContinueTheBodyIsAProtocolError() throws Exception {
    String sha = Sha256.hexOf(BODY);
    try (BodyInbox inbox = new BodyInbox(spool, forcing)) {
      assertThatThrownBy(() -> inbox.accept(new MessageBody(sha, BODY.length, 5,
          Arrays.copyOfRange(BODY, 5, 8))))
          .isInstanceOf(PeerProtocolException.class);
      inbox.accept(new MessageBody(sha, BODY.length, 0, Arrays.copyOfRange(BODY, 0, 5)));
      assertThatThrownBy(() -> inbox.accept(new MessageBody(sha, BODY.length, 9,
          Arrays.copyOfRange(BODY, 9, 12))))
          .isInstanceOf(PeerProtocolException.class)
          .hasMessageContaining("does not continue");
    }
  }

  @Test
  void leftoversOfAnEarlierSessionAreRemoved() throws Exception {
    Files.writeString(spool.resolve(".recv-" + Sha256.hexOf(BODY)), "half");
    Files.writeString(spool.resolve("1.M1P1Q1.a,S=4,W=4"), "kept");
    try (BodyInbox inbox = new BodyInbox(spool, forcing)) {
      assertThat(inbox.has(Sha256.hexOf(BODY))).isFalse();
    }
    try (var files = Files.list(spool)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("1.M1P1Q1.a,S=4,W=4");
    }
  }
}
