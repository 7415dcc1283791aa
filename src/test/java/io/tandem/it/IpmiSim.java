package io.tandem.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The partner appliance's BMC: OpenIPMI's {@code ipmi_sim} on a free loopback UDP port, answering
 * {@code ipmitool -I lanplus} (user admin, password "password"), with {@code
 * test-hardware/ipmi/} as its configuration and {@code chassisctl.sh} keeping the chassis power
 * in a file. Needs the Debian packages openipmi and ipmitool ({@code ./run-tests} installs them).
 */
final class IpmiSim implements AutoCloseable {
  static final String PASSWORD = "password";

  private final Path dir;
  private final int port;
  private final Process process;

  private IpmiSim(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts it in {@code dir} and waits until it answers (a few hundred ms). */
  static IpmiSim start(Path dir) throws Exception {
    for (String tool : List.of("ipmi_sim", "ipmitool")) {
      if (!onPath(tool)) {
        throw new IllegalStateException(tool + " is not installed: apt-get install openipmi"
            + " ipmitool (./run-tests does it)");
      }
    }
    Path hardware = ServiceProcess.project().resolve("test-hardware/ipmi").toAbsolutePath();
    Files.createDirectories(dir.resolve("state"));
    int port = freeUdpPort();
    String conf = Files.readString(hardware.resolve("lan.conf"), StandardCharsets.UTF_8)
        .replace("@PORT@", Integer.toString(port))
        .replace("@CHASSISCTL@", hardware.resolve("chassisctl.sh") + " " + dir);
    Files.writeString(dir.resolve("lan.conf"), conf, StandardCharsets.UTF_8);
    Process process = new ProcessBuilder("ipmi_sim", "-c", dir.resolve("lan.conf").toString(),
        "-f", hardware.resolve("peerbmc.emu").toString(), "-s", dir.resolve("state").toString(),
        "-n").directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("ipmi_sim.log").toFile()).start();
    IpmiSim sim = new IpmiSim(dir, port, process);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("ipmi_sim exited: " + sim.log());
      }
      Process probe = new ProcessBuilder(sim.ipmitool("mc", "info")).redirectErrorStream(true)
          .start();
      probe.getInputStream().readAllBytes();
      if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        return sim;
      }
      if (System.nanoTime() > deadline) {
        sim.close();
        throw new IllegalStateException("ipmi_sim did not answer on port " + port + ": "
            + sim.log());
      }
      Thread.sleep(100);
    }
  }

  /** The {@code peer.ipmi.command} that reaches it, the password read from a file. */
  String ipmiCommand() throws IOException {
    Path secret = dir.resolve("bmc.pass");
    Files.writeString(secret, PASSWORD + "\n", StandardCharsets.UTF_8);
    return "ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p " + port + " -U admin -f "
        + secret;
  }

  int port() {
    return port;
  }

  private List<String> ipmitool(String... args) {
    List<String> words = new java.util.ArrayList<>(List.of("ipmitool", "-I", "lanplus", "-C",
        "3", "-N", "1", "-R", "1", "-H", "127.0.0.1", "-p", Integer.toString(port), "-U",
        "admin", "-P", PASSWORD));
    words.addAll(List.of(args));
    return words;
  }

  /** What the simulated chassis power is: "1" on, "0" off (chassisctl.sh's file). */
  String power() throws IOException {
    Path file = dir.resolve("power");
    return Files.exists(file) ? Files.readString(file).strip() : "1";
  }

  /** Every chassis control request the BMC carried out (chassisctl.sh's log). */
  String chassisLog() throws IOException {
    Path file = dir.resolve("chassis.log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("ipmi_sim.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A UDP port nothing listens on right now (the kernel's pick). */
  static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
