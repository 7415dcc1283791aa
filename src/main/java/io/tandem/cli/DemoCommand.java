package io.tandem.cli;

import io.tandem.ApplianceService;
import io.tandem.admin.UserAdmin;
import io.tandem.config.ApplianceConfig;
import io.tandem.config.ConfigLoader;
import io.tandem.store.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem demo}: a primary appliance on loopback with a few demo users, its data in a
 * folder of its own, and a short guide on how to send it mail.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a demo appliance on loopback with demo users; Ctrl-C stops it.")
public final class DemoCommand implements Callable<Integer> {
  static final List<String> USERS = List.of("alice", "bob", "carol");
  static final String PASSWORD = "demo-password";

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its data"
      + " (default: ./demo-data). Kept between runs.")
  Path dir = Path.of("demo-data");

  @Option(names = "--lmtp-port", description = "LMTP port (default 2424).")
  int lmtpPort = 2424;

  @Option(names = "--admin-port", description = "Admin API port (default 9925).")
  int adminPort = 9925;

  @Override
  public Integer call() throws Exception {
    Path configFile = writeConfig(dir.toAbsolutePath());
    ApplianceConfig config = ConfigLoader.load(configFile);
    ApplianceService service = ApplianceService.start(config, (code, message, cause) -> {
      System.err.println("tandem demo: fatal: " + message);
      Runtime.getRuntime().halt(code.code());
    });
    createUsers(service.users());
    StopSignals.awaitTermOrInt(service.readyLine() + "\n" + guide(configFile, config, service));
    service.close();
    return 0;
  }

  private Path writeConfig(Path base) throws Exception {
    Files.createDirectories(base);
    Path file = base.resolve("demo-a.conf");
    String text = "# Written by 'tandem demo'. A primary appliance on loopback.\n"
        + "appliance.name = demo-a\n"
        + "store.root = ./demo-a/mail\n"
        + "store.state = ./demo-a/state\n"
        + "role.initial = primary\n"
        + "store.min_free = 64M\n"
        + "lmtp.listen = 127.0.0.1:" + lmtpPort + "\n"
        + "admin.listen = 127.0.0.1:" + adminPort + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static void createUsers(UserAdmin users) throws Exception {
    PasswordHash hasher = new PasswordHash(PasswordHash.DEFAULT_ITERATIONS);
    for (String user : USERS) {
      if (!users.list().contains(user)) {
        users.add(user, hasher.hash(PASSWORD.toCharArray()));
      }
    }
  }

  private static String guide(Path configFile, ApplianceConfig config, ApplianceService service) {
    String lmtp = "127.0.0.1:" + service.lmtpPort();
    return String.join("\n",
        "",
        "Tandem demo appliance 'demo-a' (primary) is running.",
        "  LMTP      " + lmtp + "   users: " + String.join(", ", USERS)
            + " (password '" + PASSWORD + "')",
        "  admin     127.0.0.1:" + service.adminPort() + "  (GET /api/status)",
        "  maildirs  " + config.store().root(),
        "  config    " + configFile,
        "",
        "Send it a message:",
        "  python3 -c \"import smtplib; s=smtplib.LMTP('127.0.0.1', " + service.lmtpPort()
            + "); s.sendmail('me@example.test', ['alice@example.test'],"
            + " b'Subject: hello\\r\\n\\r\\nHi Alice\\r\\n'); s.quit()\"",
        "Then look:",
        "  ls " + config.store().root().resolve("alice/Maildir/new"),
        "  ./tandem status --config " + configFile,
        "  ./tandem journal dump --config " + configFile,
        "",
        "Ctrl-C stops the demo; its data stays in " + configFile.getParent() + ".");
  }
}
