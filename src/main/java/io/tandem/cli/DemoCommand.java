package io.tandem.cli;

import io.tandem.ApplianceService;
import io.tandem.admin.UserAdmin;
import io.tandem.net.tls.ApplianceIdentity;
import io.tandem.config.ConfigLoader;
import io.tandem.store.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem demo}: a pair of appliances on loopback, {@code demo-a} (primary) and {@code
 * demo-b} (replica), with their own TLS identities pinned to each other, a few demo users, their
 * data in a folder of their own, and a short guide.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a primary and a replica on loopback with demo users; Ctrl-C stops them.")
public final class DemoCommand implements Callable<Integer> {
  static final List<String> USERS = List.of("alice", "bob", "carol");
  static final String PASSWORD = "demo-password";

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its data"
      + " (default: ./demo-data). Kept between runs.")
  Path dir = Path.of("demo-data");

  @Option(names = "--lmtp-port", description = "The primary's LMTP port (default 2424; the"
      + " replica's is the next one).")
  int lmtpPort = 2424;

  @Option(names = "--admin-port", description = "The primary's admin API port (default 9925;"
      + " the replica's is the next one).")
  int adminPort = 9925;

  @Option(names = "--imap-port", description = "The primary's IMAP port (default 1143; the"
      + " replica's is the next one; implicit TLS on 1993 and 1994).")
  int imapPort = 1143;

  @Option(names = "--replication-port", description = "The primary's replication port"
      + " (default 7425; the replica's is the next one).")
  int replicationPort = 7425;

  /** One appliance of the demo pair. */
  private record Box(String name, String role, int offset) {
    String other() {
      return name.equals("demo-a") ? "demo-b" : "demo-a";
    }
  }

  @Override
  public Integer call() throws Exception {
    Path base = dir.toAbsolutePath();
    Box a = new Box("demo-a", "primary", 0);
    Box b = new Box("demo-b", "replica", 1);
    for (Box box : List.of(a, b)) {
      Path tls = ApplianceIdentity.directory(base.resolve(box.name()).resolve("state"));
      if (!ApplianceIdentity.exists(tls)) {
        ApplianceIdentity.create(tls, box.name(), false, Clock.systemUTC());
      }
    }
    Path configB = writeConfig(base, b);
    Path configA = writeConfig(base, a);
    ApplianceService boxB = ApplianceService.start(ConfigLoader.load(configB), this::fatal);
    ApplianceService boxA;
    try {
      boxA = ApplianceService.start(ConfigLoader.load(configA), this::fatal);
    } catch (Exception e) {
      boxB.close();
      throw e;
    }
    // Roles survive restarts: after a 'tandem failover' in an earlier run, demo-b is primary.
    boolean aLeads = boxA.role().isPrimary();
    ApplianceService primary = aLeads ? boxA : boxB;
    ApplianceService replica = aLeads ? boxB : boxA;
    createUsers(primary.users());
    StopSignals.awaitTermOrInt(boxA.readyLine() + "\n" + boxB.readyLine() + "\n"
        + guide(base, aLeads ? configA : configB, aLeads ? configB : configA, primary,
            replica));
    boxA.close();
    boxB.close();
    return 0;
  }

  private void fatal(io.tandem.lifecycle.ExitCode code, String message, Throwable cause) {
    System.err.println("tandem demo: fatal: " + message);
    Runtime.getRuntime().halt(code.code());
  }

  private Path writeConfig(Path base, Box box) throws Exception {
    Files.createDirectories(base);
    Path file = base.resolve(box.name() + ".conf");
    int peerOffset = 1 - box.offset();
    String text = "# Written by 'tandem demo'. One appliance of a pair on loopback.\n"
        + "appliance.name = " + box.name() + "\n"
        + "store.root = ./" + box.name() + "/mail\n"
        + "store.state = ./" + box.name() + "/state\n"
        + "role.initial = " + box.role() + "\n"
        + "store.min_free = 64M\n"
        + "lmtp.listen = 127.0.0.1:" + (lmtpPort + box.offset()) + "\n"
        + "admin.listen = 127.0.0.1:" + (adminPort + box.offset()) + "\n"
        + "imap.listen = 127.0.0.1:" + (imapPort + box.offset()) + "\n"
        + "imap.tls_listen = 127.0.0.1:" + (imapPort + 850 + box.offset()) + "\n"
        + "replication.listen = 127.0.0.1:" + (replicationPort + box.offset()) + "\n"
        + "replication.peer = 127.0.0.1:" + (replicationPort + peerOffset) + "\n"
        + "replication.tls.peer_cert = ./" + box.other() + "/state/tls/"
        + ApplianceIdentity.CERTIFICATE_FILE + "\n"
        + "# A simulated enclosure: change it with 'tandem sim ... --config THIS_FILE'.\n"
        + "hardware.mode = sim\n"
        + "hardware.sim.dir = ./" + box.name() + "/sim\n"
        + "hardware.poll = 2s\n"
        + "hardware.debounce = 2\n"
        + "smart.poll = 10s\n";
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

  private static String guide(Path base, Path primaryConfig, Path replicaConfig,
      ApplianceService primary, ApplianceService replica) {
    String p = primaryConfig.getFileName().toString().replace(".conf", "");
    String r = replicaConfig.getFileName().toString().replace(".conf", "");
    return String.join("\n",
        "",
        "Tandem demo pair is running: " + p + " (primary) replicates to " + r + " (replica).",
        "  LMTP      127.0.0.1:" + primary.lmtpPort() + " (" + r + " answers 451 on "
            + replica.lmtpPort() + ": it is the replica)",
        "  IMAP      127.0.0.1:" + primary.imapPort() + " (STARTTLS; implicit TLS on "
            + primary.imapTlsPort() + "; " + r + " refuses logins: it is the replica)",
        "  users     " + String.join(", ", USERS) + " (password '" + PASSWORD + "')",
        "  admin     127.0.0.1:" + primary.adminPort() + " and 127.0.0.1:"
            + replica.adminPort() + "  (GET /api/status)",
        "  maildirs  " + base.resolve("demo-a/mail") + " and " + base.resolve("demo-b/mail"),
        "",
        "Send the primary a message:",
        "  python3 -c \"import smtplib; s=smtplib.LMTP('127.0.0.1', " + primary.lmtpPort()
            + "); s.sendmail('me@example.test', ['alice@example.test'],"
            + " b'Subject: hello\\r\\n\\r\\nHi Alice\\r\\n'); s.quit()\"",
        "Read it over IMAP:",
        "  python3 -c \"import imaplib; c=imaplib.IMAP4('127.0.0.1', " + primary.imapPort()
            + "); c.login('alice', '" + PASSWORD + "'); c.select(); print(c.fetch('1:*',"
            + " '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])'))\"",
        "Then look at both boxes:",
        "  ls " + base.resolve("demo-a/mail/alice/Maildir/new") + " "
            + base.resolve("demo-b/mail/alice/Maildir/new"),
        "  ./tandem status --config " + primaryConfig,
        "  ./tandem status --config " + replicaConfig,
        "  ./tandem journal dump --config " + replicaConfig,
        "Hand the primary role over and back:",
        "  ./tandem failover --config " + primaryConfig,
        "  ./tandem failover --config " + replicaConfig,
        "Play with the simulated hardware (watch the status and the alerts):",
        "  ./tandem sim show --config " + primaryConfig,
        "  ./tandem sim disk fail 2 --config " + primaryConfig,
        "  ./tandem sim psu ac-lost 2 --config " + replicaConfig,
        "",
        "Ctrl-C stops both; their data stays in " + base + ".");
  }
}
