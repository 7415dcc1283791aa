package io.tandem.scrub;

import io.tandem.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/** Hashes message files in 64 KiB pieces, each paced by the {@link RateLimiter}. */
final class FileHasher {
  private static final int PIECE = 64 * 1024;

  private final RateLimiter limiter;

  FileHasher(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /** What a file hashed to, and how many bytes it had. */
  record Hashed(String sha256, long bytes) {}

  /** The file's hash, or empty when it does not exist. */
  Optional<Hashed> hash(Path file) throws IOException, InterruptedException {
    MessageDigest digest = Sha256.newDigest();
    long total = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[PIECE];
      for (int n; (n = in.readNBytes(buffer, 0, PIECE)) > 0; ) {
        digest.update(buffer, 0, n);
        total += n;
        limiter.acquire(n);
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(new Hashed(Sha256.hex(digest.digest()), total));
  }
}
