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
 * {@link #startWithPowerSupplies} starts this appliance's own BMC instead (power supplies,
 * event log, a console to flip the sensors).
 */
final class IpmiSim implements AutoCloseable {
  static final String PASSWORD = "password";

  private final Path dir;
  private final int port;
  private final Process process;
  private Console console;

  private IpmiSim(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts it in {@code dir} and waits until it answers (a few hundred ms). */
  static IpmiSim start(Path dir) throws Exception {
    return start(dir, "peerbmc.emu", null);
  }

  /**
   * Starts this appliance's own BMC instead: {@code psubmc.emu} with the SDRs of {@code
   * psubmc.sdrs} (compiled with sdrcomp), two power supplies (sensors 0xc8, 0xc9) and their
   * redundancy sensor (0x77), a System Event Log, and the simulator's console on its standard
   * input, so that {@link #console} can flip the sensors while it runs.
   */
  static IpmiSim startWithPowerSupplies(Path dir) throws Exception {
    return start(dir, "psubmc.emu", "psubmc.sdrs");
  }

  private static IpmiSim start(Path dir, String emu, String sdrs) throws Exception {
    for (String tool : List.of("ipmi_sim", "ipmitool", "sdrcomp")) {
      if (!onPath(tool)) {
        throw new IllegalStateException(tool + " is not installed: apt-get install openipmi"
            + " ipmitool (./run-tests does it)");
      }
    }
    Path hardware = ServiceProcess.project().resolve("test-hardware/ipmi").toAbsolutePath();
    Files.createDirectories(dir.resolve("state"));
    if (sdrs != null) {
      // ipmi_sim reads its SDR repository from STATE/ipmi_sim/<name in lan.conf>/sdr.20.main
      Path repository = Files.createDirectories(dir.resolve("state/ipmi_sim/peerbmc"));
      Process compile = new ProcessBuilder("sdrcomp", "-o",
          repository.resolve("sdr.20.main").toString(), hardware.resolve(sdrs).toString())
          .redirectErrorStream(true).start();
      String said = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!compile.waitFor(30, TimeUnit.SECONDS) || compile.exitValue() != 0) {
        throw new IllegalStateException("sdrcomp failed on " + sdrs + ": " + said);
      }
    }
    int port = freeUdpPort();
    String conf = Files.readString(hardware.resolve("lan.conf"), StandardCharsets.UTF_8)
        .replace("@PORT@", Integer.toString(port))
        .replace("@CHASSISCTL@", hardware.resolve("chassisctl.sh") + " " + dir);
    Files.writeString(dir.resolve("lan.conf"), conf, StandardCharsets.UTF_8);
    boolean console = sdrs != null;
    List<String> command = new java.util.ArrayList<>(List.of("ipmi_sim", "-c",
        dir.resolve("lan.conf").toString(), "-f", hardware.resolve(emu).toString(), "-s",
        dir.resolve("state").toString()));
    if (!console) {
      command.add("-n"); // no console on standard input and output
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    if (!console) {
      builder.redirectOutput(dir.resolve("ipmi_sim.log").toFile());
    }
    Process process = builder.start();
    IpmiSim sim = new IpmiSim(dir, port, process);
    if (console) {
      sim.console = new Console(process, dir.resolve("ipmi_sim.log"));
    }
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

  /**
   * Types {@code commands} into the simulator's console (only after {@link
   * #startWithPowerSupplies}), e.g. {@code sensor_set_bit 0x20 0 0xc9 1 1 1}, and waits until it
   * has carried each out: the console echoes a command and prompts again when it is done.
   *
   * @throws IllegalStateException when the console answers an error ({@code **...})
   */
  void console(String... commands) throws Exception {
    if (console == null) {
      throw new IllegalStateException("this simulator was started without its console");
    }
    for (String command : commands) {
      console.type(command);
    }
  }

  /** What ipmitool (this simulator's {@link #ipmiCommand()} words) prints for {@code args}. */
  String ipmitoolOutput(String... args) throws Exception {
    Process process = new ProcessBuilder(ipmitool(args)).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** ipmi_sim's console on its standard input and output; the output also goes to the log. */
  private static final class Console {
    private final java.io.Writer in;
    private final StringBuilder out = new StringBuilder();

    Console(Process process, Path log) {
      this.in = new java.io.OutputStreamWriter(process.getOutputStream(),
          StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (var stream = process.getInputStream();
            var file = Files.newOutputStream(log)) {
          byte[] buffer = new byte[4096];
          int n;
          while ((n = stream.read(buffer)) >= 0) {
            file.write(buffer, 0, n);
            file.flush();
            synchronized (out) {
              out.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
              out.notifyAll();
            }
          }
        } catch (IOException e) {
          // the simulator is gone
        }
      }, "ipmi_sim-console");
      reader.setDaemon(true);
      reader.start();
    }

    void type(String command) throws Exception {
      int from;
      synchronized (out) {
        from = out.length();
      }
      in.write(command + "\n");
      in.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      synchronized (out) {
        while (true) {
          String said = out.substring(from).replace("\r", "");
          int echo = said.indexOf(command + "\n");
          if (echo >= 0) {
            String reply = said.substring(echo + command.length() + 1);
            if (reply.startsWith("**")) {
              throw new IllegalStateException("ipmi_sim refused '" + command + "': "
                  + reply.lines().findFirst().orElse(""));
            }
            if (reply.contains("> ")) {
              return;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException("ipmi_sim did not carry out '" + command + "': "
                + said);
          }
          out.wait(Math.max(1, left / 1_000_000));
        }
      }
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
