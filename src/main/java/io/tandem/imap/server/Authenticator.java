package io.tandem.imap.server;

import io.tandem.store.PasswordHash;
import io.tandem.store.UsersFile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks credentials against the users file: LOGIN, and SASL PLAIN (RFC 4616) where a configured
 * proxy user may authorize as any user, the way IMAP front ends log their users in. Stateless
 * and thread-safe.
 */
final class Authenticator {
  /** A decoded PLAIN response: who is authorized, who authenticates, the password. */
  record PlainResponse(String authorize, String authenticate, char[] password) {}

  private final UsersFile users;
  private final List<String> proxyUsers;
  private final VerifiedPasswords verified = new VerifiedPasswords();

  Authenticator(UsersFile users, List<String> proxyUsers) {
    this.users = users;
    this.proxyUsers = List.copyOf(proxyUsers);
  }

  /** The user to log in as, when {@code user} exists and {@code password} is theirs. */
  Optional<String> login(String user, char[] password) {
    String name = user.toLowerCase(java.util.Locale.ROOT);
    Optional<String> hash = users.passwordHash(name);
    if (hash.isEmpty()) {
      // Spend the same time as a real check, so a reply's delay does not tell who exists.
      PasswordHash.verify(password, DUMMY_HASH);
      return Optional.empty();
    }
    return verified.check(name, hash.get(), password) ? Optional.of(name) : Optional.empty();
  }

  /**
   * The user a PLAIN response logs in as: the authenticating user itself, or, when a proxy user
   * authenticates, the user it names (who must exist).
   */
  Optional<String> plain(PlainResponse response) {
    Optional<String> authenticated = login(response.authenticate(), response.password());
    if (authenticated.isEmpty()) {
      return Optional.empty();
    }
    String authorize = response.authorize().toLowerCase(java.util.Locale.ROOT);
    if (authorize.isEmpty() || authorize.equals(authenticated.get())) {
      return authenticated;
    }
    if (!proxyUsers.contains(authenticated.get()) || !users.contains(authorize)) {
      return Optional.empty();
    }
    return Optional.of(authorize);
  }

  /**
   * Decodes a PLAIN initial response: {@code authzid NUL authcid NUL passwd} in base64.
   *
   * @return empty when it is not valid base64 or not three fields
   */
  static Optional<PlainResponse> decodePlain(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] fields = text.split("\0", -1);
    if (fields.length != 3 || fields[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PlainResponse(fields[0], fields[1], fields[2].toCharArray()));
  }

  /** A valid hash of a random password: checked against for unknown users. */
  private static final String DUMMY_HASH =
      new PasswordHash(PasswordHash.DEFAULT_ITERATIONS).hash("no such user".toCharArray());
}
