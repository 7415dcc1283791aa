package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.admin.UserAdmin;
import io.tandem.config.ApplianceConfig;
import io.tandem.store.PasswordHash;
import io.tandem.store.write.MailStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem user add|passwd|del|list}: through the admin API when the service runs,
 * otherwise on the store directly. Either way the change is a journaled operation.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
    description = "Manage the users of this appliance (hashed passwords in users.file).")
public final class UserCommand {

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user; the password is read from the terminal, or from standard input"
          + " when that is not a terminal.")
  int add(@Mixin ConfigOption config, @Parameters(paramLabel = "NAME") String name) {
    String hash = newPasswordHash(name);
    change(config, "POST", "/api/users", Map.of("name", name, "password_hash", hash),
        users -> users.add(name, hash));
    System.out.println("user " + name + " added");
    return 0;
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = "Set a user's password (read like 'add' reads it).")
  int passwd(@Mixin ConfigOption config, @Parameters(paramLabel = "NAME") String name) {
    String hash = newPasswordHash(name);
    change(config, "PUT", "/api/users/" + name + "/password", Map.of("password_hash", hash),
        users -> users.changePassword(name, hash));
    System.out.println("password of " + name + " changed");
    return 0;
  }

  @Command(name = "del", mixinStandardHelpOptions = true,
      description = "Delete a user and ALL of their mail.")
  int del(@Mixin ConfigOption config, @Parameters(paramLabel = "NAME") String name) {
    change(config, "DELETE", "/api/users/" + name, null, users -> users.delete(name));
    System.out.println("user " + name + " deleted");
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
  int list(@Mixin ConfigOption config) {
    ApplianceConfig loaded = config.load();
    Optional<JsonNode> online = new AdminClient(loaded)
        .send("GET", "/api/users", null);
    if (online.isPresent()) {
      online.get().forEach(node -> System.out.println(node.asText()));
    } else {
      List<String> names = new java.util.ArrayList<>();
      offline(loaded, users -> names.addAll(users.list()));
      names.forEach(System.out::println);
    }
    return 0;
  }

  /** Through the running service's API, or on the store itself when no service answers. */
  private static void change(ConfigOption config, String method, String path,
      Map<String, String> body, UserAction offline) {
    ApplianceConfig loaded = config.load();
    if (new AdminClient(loaded).send(method, path, body).isEmpty()) {
      offline(loaded, offline);
    }
  }

  /** The slow hash is computed here, so a password never leaves this process. */
  private static String newPasswordHash(String user) {
    return new PasswordHash(PasswordHash.DEFAULT_ITERATIONS).hash(PasswordInput.read(user));
  }

  @FunctionalInterface
  interface UserAction {
    void apply(UserAdmin users) throws Exception;
  }

  private static void offline(ApplianceConfig config, UserAction action) {
    try (MailStore store = OfflineStore.open(config)) {
      action.apply(new UserAdmin(store));
    } catch (CliException e) {
      throw e;
    } catch (Exception e) {
      throw new CliException(io.tandem.lifecycle.ExitCode.FAILURE, e.getMessage());
    }
  }
}
