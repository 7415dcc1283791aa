package io.tandem.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the content hash every message carries (DESIGN §2: hash everything), in the one form
 * the store, the journal and the peer protocol share: 64 lower-case hex digits. Stateless.
 */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** A fresh digest (digests are not thread-safe; take one per use). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The hash of {@code data}, in hex. */
  public static String hexOf(byte[] data) {
    return hex(newDigest().digest(data));
  }

  /** The hash of a file's bytes, in hex, read in 64 KiB pieces. */
  public static String ofFile(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  /** 32 hash bytes as hex. */
  public static String hex(byte[] hash) {
    return HEX.formatHex(hash);
  }

  /** Parses 64 lower-case hex digits into 32 bytes. */
  public static byte[] parse(String hex) {
    require(hex);
    return HEX.parseHex(hex);
  }

  /**
   * Parses 64 hex digits of either case into 32 bytes: the journal accepts what an operation
   * carries and always decodes to lower case.
   */
  public static byte[] parseAnyCase(String hex) {
    byte[] bytes = HEX.parseHex(hex);
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a SHA-256 is 32 bytes, got " + bytes.length);
    }
    return bytes;
  }

  /** Whether {@code hex} is 64 lower-case hex digits. */
  public static boolean isHex(String hex) {
    return hex != null && hex.length() == 64 && hex.chars().allMatch(Sha256::isLowerHex);
  }

  /** Throws IllegalArgumentException unless {@code hex} is 64 lower-case hex digits. */
  public static void require(String hex) {
    if (!isHex(hex)) {
      throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + hex);
    }
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
