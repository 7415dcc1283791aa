package io.tandem.replication;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; hashes are lower-case hex, as in the journal and the index. */
final class Hashes {
  private static final HexFormat HEX = HexFormat.of();

  private Hashes() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256().digest(bytes));
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Parses 64 lower-case hex digits into 32 bytes. */
  static byte[] parseSha256(String hex) {
    requireSha256(hex);
    return HEX.parseHex(hex);
  }

  static void requireSha256(String hex) {
    if (hex == null || hex.length() != 64 || !hex.chars().allMatch(Hashes::isLowerHex)) {
      throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + hex);
    }
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
