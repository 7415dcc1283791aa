package io.tandem.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replication.PeerMessage.MessageBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repair's body arriving from the partner: checked before anyone may use it. */
class BodyFetchTest {
  @TempDir Path dir;

  @Test
  void chunksInOrderWithTheRightHashMakeTheFile() throws Exception {
    byte[] body = "Subject: hi\n\nhello, world\n".getBytes();
    String sha = MessageBody.whole(body).sha256();
    BodyFetch fetch = new BodyFetch(sha, dir.resolve("copy"));
    fetch.chunk(new MessageBody(sha, body.length, 0, Arrays.copyOf(body, 10)));
    assertThat(fetch.done()).isNotDone();
    fetch.chunk(new MessageBody(sha, body.length, 10, Arrays.copyOfRange(body, 10,
        body.length)));
    assertThat(fetch.done().get().status()).isEqualTo(BodyFetch.Status.FETCHED);
    assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(body);
  }

  @Test
  void bytesThatDoNotMatchTheHashAreThrownAway() throws Exception {
    String sha = MessageBody.whole("the real bytes".getBytes()).sha256();
    BodyFetch fetch = new BodyFetch(sha, dir.resolve("copy"));
    fetch.chunk(new MessageBody(sha, 14, 0, "the fake bytes".getBytes()));
    assertThat(fetch.done().get().status()).isEqualTo(BodyFetch.Status.FAILED);
    assertThat(fetch.done().get().detail()).contains("damaged");
    assertThat(dir.resolve("copy")).doesNotExist();
  }

  @Test
  void aChunkOutOfOrderEndsTheFetch() throws Exception {
    byte[] body = new byte[20];
    String sha = MessageBody.whole(body).sha256();
    BodyFetch fetch = new BodyFetch(sha, dir.resolve("copy"));
    fetch.chunk(new MessageBody(sha, 20, 10, new byte[10]));
    assertThat(fetch.done().get().status()).isEqualTo(BodyFetch.Status.FAILED);
    assertThat(dir.resolve("copy")).doesNotExist();
  }

  @Test
  void thePartnerSayingItHasNoneEndsItAsMissing() throws Exception {
    String sha = MessageBody.whole(new byte[1]).sha256();
    BodyFetch fetch = new BodyFetch(sha, dir.resolve("copy"));
    fetch.fail(BodyFetch.Status.MISSING, "beta has no good copy");
    assertThat(fetch.done().get().status()).isEqualTo(BodyFetch.Status.MISSING);
    assertThat(dir.resolve("copy")).doesNotExist();
  }
}
