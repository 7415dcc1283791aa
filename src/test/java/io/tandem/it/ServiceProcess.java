package io.tandem.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One appliance as a real process ({@code java -jar target/tandem.jar serve}) in a temporary
 * folder, on free loopback ports: the service picks them (port 0) and the test reads them from
 * the ready line.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile(
      "tandem: ready .* lmtp=([0-9.]+):(\\d+) admin=([0-9.]+):(\\d+)( replication=[0-9.]+:(\\d+))?"
      + "( imap=[0-9.]+:(\\d+))?\\R");
  /** The implicit-TLS IMAP listener's log line (the ready line names only the plain one). */
  private static final Pattern IMAPS = Pattern.compile("imaps listening on [0-9.]+:(\\d+)");

  final Path dir;
  final Path config;
  private Process process;
  private int lmtpPort;
  private int adminPort;
  private int replicationPort = -1;
  private int imapPort = -1;
  private int imapTlsPort = -1;
  private int starts;

  ServiceProcess(Path dir, String name, String extraConfig) throws IOException {
    this.dir = dir;
    this.config = dir.resolve(name + ".conf");
    Files.createDirectories(dir);
    // Defaults for a test appliance; a line in extraConfig with the same key replaces one, so
    // the file never sets a key twice (which the loader refuses).
    java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
    keys.put("appliance.name", name);
    keys.put("store.root", "./mail");
    keys.put("store.state", "./state");
    keys.put("store.min_free", "16M");
    keys.put("lmtp.listen", "127.0.0.1:0");
    keys.put("admin.listen", "127.0.0.1:0");
    keys.put("imap.listen", "127.0.0.1:0");
    StringBuilder extra = new StringBuilder();
    for (String line : extraConfig.split("\n")) {
      String key = line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : "";
      if (keys.containsKey(key)) {
        keys.put(key, line.substring(line.indexOf('=') + 1).strip());
      } else if (!line.isBlank()) {
        extra.append(line).append('\n');
      }
    }
    StringBuilder text = new StringBuilder();
    keys.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
    Files.writeString(config, text.append(extra).toString(), StandardCharsets.UTF_8);
  }

  static Path jar() {
    return Path.of(System.getProperty("tandem.jar", "target/tandem.jar"));
  }

  static Path project() {
    return Path.of(System.getProperty("tandem.project", "."));
  }

  /** Runs a CLI command against this appliance's config; returns exit code and output. */
  Result cli(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", jar().toString()));
    command.addAll(List.of(args));
    command.add("--config");
    command.add(config.toString());
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      cli.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    cli.getOutputStream().close();
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(120, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new IOException("tandem " + String.join(" ", args) + " did not finish");
    }
    return new Result(cli.exitValue(), output);
  }

  /** Adds a user (works with or without the service running). */
  void addUser(String name, String password) throws Exception {
    Result result = cli(password + "\n", "user", "add", name);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("user add " + name + " failed: " + result.output());
    }
  }

  /** Starts the service and waits for its ready line. */
  void start() throws Exception {
    starts++;
    Path log = dir.resolve("service-" + starts + ".log");
    process = new ProcessBuilder("java", "-Xmx256m", "-jar", jar().toString(), "serve",
        "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (ready.find()) {
        lmtpPort = Integer.parseInt(ready.group(2));
        adminPort = Integer.parseInt(ready.group(4));
        replicationPort = ready.group(6) == null ? -1 : Integer.parseInt(ready.group(6));
        imapPort = ready.group(8) == null ? -1 : Integer.parseInt(ready.group(8));
        Matcher imaps = IMAPS.matcher(Files.readString(log, StandardCharsets.UTF_8));
        imapTlsPort = imaps.find() ? Integer.parseInt(imaps.group(1)) : -1;
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the service did not become ready:\n" + Files.readString(log));
  }

  /** SIGKILL: the process gets no chance to clean up. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM and wait; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the service did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  int lmtpPort() {
    return lmtpPort;
  }

  int adminPort() {
    return adminPort;
  }

  /** The replication.listen port of the last start; -1 when it has none. */
  int replicationPort() {
    return replicationPort;
  }

  /** The plain IMAP port (imap.listen) of the last start; -1 when it has none. */
  int imapPort() {
    return imapPort;
  }

  /** The implicit-TLS IMAP port (imap.tls_listen) of the last start; -1 when it has none. */
  int imapTlsPort() {
    return imapTlsPort;
  }

  /** Sets {@code key} in the config file (replacing its line, or adding one). */
  void set(String key, String value) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(config, StandardCharsets.UTF_8));
    lines.removeIf(line -> line.startsWith(key + " ") || line.startsWith(key + "="));
    lines.add(key + " = " + value);
    Files.write(config, lines, StandardCharsets.UTF_8);
  }

  /** The status JSON from the running service's admin API. */
  com.fasterxml.jackson.databind.JsonNode status() throws IOException, InterruptedException {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + adminPort
            + "/api/status")).timeout(Duration.ofSeconds(30)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
  }

  Path stateDir() {
    return dir.resolve("state");
  }

  Path mailRoot() {
    return dir.resolve("mail");
  }

  String log() throws IOException {
    return Files.readString(dir.resolve("service-" + starts + ".log"));
  }

  @Override
  public void close() throws InterruptedException {
    if (running()) {
      kill();
    }
  }

  record Result(int exitCode, String output) {}
}
