package io.tandem.imap.server;

import io.tandem.store.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cache of passwords recently verified against their stored hash. The hash is deliberately
 * slow (PBKDF2, 600,000 rounds, about a third of a second); mail clients log in again and again,
 * and synchronizers open several connections at once. Entries are keyed by an HMAC, under a key
 * made at start and never stored, of user, stored hash and password, so the cache holds no
 * password and a changed password (a new stored hash) misses. Thread-safe.
 */
final class VerifiedPasswords {
  private static final int CAPACITY = 10_000;
  private static final long LIFETIME_NANOS = 15L * 60 * 1_000_000_000;

  private final byte[] key = new byte[32];
  private final Map<String, Long> verifiedAt = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > CAPACITY;
    }
  };

  VerifiedPasswords() {
    new SecureRandom().nextBytes(key);
  }

  /** Whether {@code password} matches {@code storedHash}, from the cache when it can. */
  boolean check(String user, String storedHash, char[] password) {
    String id = id(user, storedHash, password);
    long now = System.nanoTime();
    synchronized (verifiedAt) {
      Long at = verifiedAt.get(id);
      if (at != null && now - at < LIFETIME_NANOS) {
        return true;
      }
    }
    if (!PasswordHash.verify(password, storedHash)) {
      return false;
    }
    synchronized (verifiedAt) {
      verifiedAt.put(id, now);
    }
    return true;
  }

  private String id(String user, String storedHash, char[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((user + "\0" + storedHash + "\0").getBytes(StandardCharsets.UTF_8));
      mac.update(new String(password).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }
}
