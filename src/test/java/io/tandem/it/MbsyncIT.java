package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mbsync (Debian isync) synchronising an account on {@code tandem serve} both ways with a local
 * tree of maildirs, over STARTTLS and then the implicit-TLS port with the appliance's
 * certificate, round after round with changes on both sides in between: mail delivered over
 * LMTP and written into a local maildir, flags changed on each side (and on both at once),
 * messages deleted on each side, folders created on each side. After every run both sides hold exactly what a model of those changes
 * says: no duplicates, nothing lost, the same flags. The server side is read over IMAP (FETCH)
 * and, at the end, from its maildir on disk.
 */
class MbsyncIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "alice-password";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> LETTERS = Map.of("\\Draft", "D", "\\Flagged", "F",
      "\\Answered", "R", "\\Seen", "S", "\\Deleted", "T");

  @TempDir Path dir;
  private ServiceProcess service;
  private Path local;
  private Path rc;
  private int runs;
  /** What both sides must hold: folder -> Message-ID -> flag letters. */
  private final Map<String, Map<String, String>> model = new TreeMap<>();

  @AfterEach
  void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void mbsyncKeepsBothSidesEqualRoundAfterRound() throws Exception {
    service = new ServiceProcess(dir.resolve("a"), "mbsync-a", "imap.tls_listen = 127.0.0.1:0\n");
    ServiceProcess.Result init = service.cli(null, "tls", "init");
    assertThat(init.exitCode()).as(init.output()).isZero();
    service.start();
    service.addUser(USER, PASSWORD);
    for (String folder : List.of("INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash")) {
      model.put(folder, new TreeMap<>());
    }
    local = dir.resolve("local");
    Files.createDirectories(local);
    writeRc("STARTTLS", service.imapPort());

    // Round 1: the server has mail, the local side nothing.
    server(deliver("<s1@it>"), deliver("<s2@it>"), deliver("<s3@it>"),
        add("Sent", "<sent1@it>", "S"));
    syncAndCompare();

    // Round 2: new mail, flags, a deletion and a new folder on each side.
    server(deliver("<s4@it>"), flags("INBOX", "<s1@it>", "S"), delete("INBOX", "<s2@it>"),
        create("Projects"), add("Projects", "<p1@it>", "F"));
    local(add("INBOX", "<l1@it>", ""), flags("INBOX", "<s3@it>", "FS"),
        create("Notes"), add("Notes", "<n1@it>", "S"), create("Notes.2024"),
        add("Notes.2024", "<n2@it>", "R"));
    syncAndCompare();

    // Round 3: the other side's new messages changed, the same message changed on both sides
    // at once (flags merge), a deletion on each side, a message trashed (T) locally, nested
    // folders on the server, mail into folders the other side made.
    server(flags("INBOX", "<s3@it>", "S"), flags("INBOX", "<l1@it>", "R"),
        deliver("<s5@it>"), create("Projects.Sub"), add("Projects.Sub", "<p2@it>", ""),
        add("Notes", "<n3@it>", "D"), delete("Notes.2024", "<n2@it>"));
    local(flags("INBOX", "<l1@it>", "F"), delete("INBOX", "<s1@it>"),
        flags("Sent", "<sent1@it>", "RS"), add("Projects", "<l2@it>", "S"));
    model.get("INBOX").put("<l1@it>", "FR");
    local(flags("INBOX", "<s4@it>", "T"));
    model.get("INBOX").remove("<s4@it>");
    syncAndCompare();

    // Round 4: nothing changed; two runs change nothing either.
    syncAndCompare();
    syncAndCompare();

    // From here on over the implicit-TLS port (the same account and sync state).
    writeRc("IMAPS", service.imapTlsPort());

    // Round 5: many at once on both sides.
    List<Action> onServer = new ArrayList<>();
    List<Action> onLocal = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      onServer.add(deliver("<bulk-s" + i + "@it>"));
      onLocal.add(add(i % 2 == 0 ? "INBOX" : "Archive", "<bulk-l" + i + "@it>",
          i % 3 == 0 ? "S" : ""));
    }
    onServer.add(flags("INBOX", "<s5@it>", "FS"));
    onServer.add(flags("Projects", "<p1@it>", ""));
    onLocal.add(flags("Projects.Sub", "<p2@it>", "S"));
    onLocal.add(delete("Notes", "<n3@it>"));
    server(onServer.toArray(Action[]::new));
    local(onLocal.toArray(Action[]::new));
    syncAndCompare();

    // Round 6: the server's new mail changed locally before and after being read, flags taken
    // away on each side.
    server(flags("INBOX", "<bulk-s0@it>", "S"), flags("INBOX", "<l1@it>", "F"));
    local(flags("Archive", "<bulk-l3@it>", ""), flags("INBOX", "<bulk-s1@it>", "RS"));
    syncAndCompare();

    // The server's maildir on disk says the same as its IMAP answers, and its index is sound.
    assertThat(serverMaildir()).isEqualTo(expected());
    assertThat(service.stop()).isZero();
    ServiceProcess.Result verify = service.cli(null, "index", "verify");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
  }

  /** One mbsync run, then both sides against the model. */
  private void syncAndCompare() throws Exception {
    runs++;
    Path log = dir.resolve("mbsync-" + runs + ".log");
    ProcessBuilder builder = new ProcessBuilder("mbsync", "-V", "-c", rc.toString(), "-a")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("HOME", dir.toString());
    Process mbsync = builder.start();
    if (!mbsync.waitFor(120, TimeUnit.SECONDS)) {
      mbsync.destroyForcibly();
      throw new AssertionError("mbsync run " + runs + " did not finish:\n" + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(mbsync.exitValue()).as("mbsync run " + runs + ":\n" + output).isZero();
    assertThat(output).as("mbsync run " + runs).doesNotContainIgnoringCase("warning")
        .doesNotContainIgnoringCase("error");
    Map<String, List<String>> expected = expected();
    assertThat(localSide()).as("local maildirs after run " + runs).isEqualTo(expected);
    assertThat(serverSide()).as("server over IMAP after run " + runs).isEqualTo(expected);
  }

  /** The channel's configuration; {@code sslType} STARTTLS on the plain port, or IMAPS. */
  private void writeRc(String sslType, int port) throws Exception {
    rc = dir.resolve("mbsyncrc");
    Path cert = service.stateDir().resolve("tls/appliance.crt");
    Files.writeString(rc, String.join("\n",
        "IMAPAccount tandem",
        "Host 127.0.0.1",
        "Port " + port,
        "User " + USER,
        "Pass " + PASSWORD,
        "SSLType " + sslType,
        "CertificateFile " + cert,
        "AuthMechs PLAIN LOGIN",
        "",
        "IMAPStore remote",
        "Account tandem",
        "",
        "MaildirStore local",
        "Path " + local + "/",
        "Inbox " + local.resolve("INBOX"),
        "SubFolders Verbatim",
        "",
        "Channel sync",
        "Far :remote:",
        "Near :local:",
        "Patterns *",
        "Create Both",
        "Expunge Both",
        "SyncState *",
        ""), StandardCharsets.UTF_8);
  }

  /** An action on one side (see src/test/python/mbsync_sides.py). */
  record Action(String op, String folder, String message_id, String flags) {}

  private static Action deliver(String id) {
    return new Action("deliver", "INBOX", id, "");
  }

  private static Action add(String folder, String id, String flags) {
    return new Action("add", folder, id, flags);
  }

  private static Action flags(String folder, String id, String flags) {
    return new Action("flags", folder, id, flags);
  }

  private static Action delete(String folder, String id) {
    return new Action("delete", folder, id, "");
  }

  private static Action create(String folder) {
    return new Action("create", folder, "", "");
  }

  private void server(Action... actions) throws Exception {
    PythonTool.run("mbsync_sides.py", "server-change", "--port",
        Integer.toString(service.imapPort()), "--lmtp-port", Integer.toString(service.lmtpPort()),
        "--user", USER, "--password", PASSWORD, "--actions", json(actions));
    apply(actions);
  }

  private void local(Action... actions) throws Exception {
    PythonTool.run("mbsync_sides.py", "local-change", "--root", local.toString(), "--actions",
        json(actions));
    apply(actions);
  }

  private static String json(Action... actions) throws Exception {
    List<Map<String, String>> list = new ArrayList<>();
    for (Action action : actions) {
      Map<String, String> map = new LinkedHashMap<>();
      map.put("op", action.op());
      map.put("folder", action.folder());
      map.put("message_id", action.message_id());
      map.put("flags", action.flags());
      list.add(map);
    }
    return JSON.writeValueAsString(list);
  }

  /** What each action does to the model (a flag change is the new set of flags). */
  private void apply(Action... actions) {
    for (Action action : actions) {
      switch (action.op()) {
        case "deliver", "add", "flags" -> model.get(action.folder())
            .put(action.message_id(), action.flags());
        case "create" -> model.putIfAbsent(action.folder(), new TreeMap<>());
        case "delete" -> model.get(action.folder()).remove(action.message_id());
        default -> throw new IllegalArgumentException(action.op());
      }
    }
  }

  /** folder -> sorted "Message-ID flags" lines: a duplicate shows as a line twice. */
  private Map<String, List<String>> expected() {
    Map<String, List<String>> out = new TreeMap<>();
    model.forEach((folder, messages) -> {
      List<String> lines = new ArrayList<>();
      messages.forEach((id, flags) -> lines.add(id + " " + sorted(flags)));
      out.put(folder, lines);
    });
    return out;
  }

  private Map<String, List<String>> localSide() throws Exception {
    JsonNode state = PythonTool.run("mbsync_sides.py", "local-state", "--root",
        local.toString());
    Map<String, List<String>> out = new TreeMap<>();
    state.path("folders").fields().forEachRemaining(folder -> {
      List<String> lines = new ArrayList<>();
      folder.getValue().forEach(message -> lines.add(message.path("message_id").asText() + " "
          + sorted(message.path("flags").asText())));
      lines.sort(null);
      out.put(folder.getKey(), lines);
    });
    return out;
  }

  private Map<String, List<String>> serverSide() throws Exception {
    JsonNode listing = PythonTool.run("imap_list.py", "--host", "127.0.0.1", "--port",
        Integer.toString(service.imapPort()), "--user", USER, "--password", PASSWORD);
    Map<String, List<String>> out = new TreeMap<>();
    listing.path("folders").fields().forEachRemaining(folder -> {
      List<String> lines = new ArrayList<>();
      folder.getValue().path("messages").forEach(message -> {
        StringBuilder letters = new StringBuilder();
        message.path("flags").forEach(flag -> letters.append(
            LETTERS.getOrDefault(flag.asText(), "[" + flag.asText() + "]")));
        lines.add(message.path("message_id").asText() + " " + sorted(letters.toString()));
      });
      lines.sort(null);
      out.put(folder.getKey(), lines);
    });
    return out;
  }

  private Map<String, List<String>> serverMaildir() throws Exception {
    JsonNode dump = PythonTool.run("maildir_dump.py",
        service.mailRoot().resolve(USER).resolve("Maildir").toString());
    Map<String, List<String>> out = new TreeMap<>();
    dump.path("folders").forEach(folder -> out.put(folder.asText(), new ArrayList<>()));
    dump.path("messages").forEach(message -> out.get(message.path("folder").asText())
        .add(message.path("message_id").asText() + " "
            + sorted(message.path("flags").asText())));
    out.values().forEach(lines -> lines.sort(null));
    return out;
  }

  private static String sorted(String letters) {
    char[] chars = letters.toCharArray();
    java.util.Arrays.sort(chars);
    return new String(chars);
  }
}
