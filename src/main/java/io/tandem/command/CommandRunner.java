package io.tandem.command;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool (ipmitool, mdadm, smartctl, ...) and collects what it said: the words
 * are passed as they are (no shell), with {@code LC_ALL=C} so that the output is the wording the
 * parsers know, standard input empty ({@code /dev/null}), and standard output and error each
 * kept up to a bound (the rest is read and dropped, so a chatty tool never blocks). When the
 * timeout passes, the process and every process it started are killed ({@code SIGKILL}) and the
 * result says so. Thread-safe: each {@link #run} is independent.
 *
 * <p>The output ends when the command ends: a process it leaves behind in the background is
 * not waited for (the JDK closes the pipes when the command exits; should a reader still be
 * blocked, it is given {@link #OUTPUT_GRACE}).
 */
public final class CommandRunner {
  /** Default bound on the output kept, per stream. */
  public static final int DEFAULT_MAX_OUTPUT = 64 * 1024;
  /** How long the output is still read after the command ended (or was killed). */
  static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

  private final Map<String, String> environment;
  private final int maxOutput;

  /**
   * What a command did.
   *
   * @param command the words that were run
   * @param exitCode the exit status; when killed, what the JVM reports for it (137 for SIGKILL)
   * @param stdout standard output (up to the bound, then a note of how much was dropped)
   * @param stderr standard error, the same way
   * @param timedOut the timeout passed and the process tree was killed
   * @param elapsed from start to end (or kill)
   */
  public record Result(List<String> command, int exitCode, String stdout, String stderr,
      boolean timedOut, Duration elapsed) {
    /** Exited by itself with status 0. */
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** The last non-blank line of standard error (or output), for one-line messages. */
    public String lastErrorLine() {
      String line = lastLine(stderr);
      return line.isEmpty() ? lastLine(stdout) : line;
    }

    private static String lastLine(String text) {
      String[] lines = text.strip().split("\n");
      return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
  }

  /** {@code LC_ALL=C} and {@link #DEFAULT_MAX_OUTPUT}. */
  public CommandRunner() {
    this(Map.of(), DEFAULT_MAX_OUTPUT);
  }

  /**
   * @param extraEnvironment set on top of this process's environment (and of {@code LC_ALL=C})
   * @param maxOutput bytes kept per stream
   */
  public CommandRunner(Map<String, String> extraEnvironment, int maxOutput) {
    if (maxOutput < 1) {
      throw new IllegalArgumentException("maxOutput must be positive");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LC_ALL", "C");
    env.putAll(extraEnvironment);
    this.environment = Map.copyOf(env);
    this.maxOutput = maxOutput;
  }

  /**
   * Runs {@code command} and waits for it, at most {@code timeout}.
   *
   * @throws IOException when it cannot be started (no such program, not executable); the message
   *     names the program and says which
   * @throws InterruptedException when this thread is interrupted; the process tree is killed
   */
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    List<String> words = List.copyOf(command);
    ProcessBuilder builder = new ProcessBuilder(words)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run '" + words.get(0) + "': " + whyNotStarted(e), e);
    }
    Capture out = Capture.start(process.getInputStream(), maxOutput, words.get(0) + "-stdout");
    Capture err = Capture.start(process.getErrorStream(), maxOutput, words.get(0) + "-stderr");
    boolean timedOut;
    try {
      timedOut = !process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    if (timedOut) {
      killTree(process);
      process.waitFor(5, TimeUnit.SECONDS);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long graceEnd = System.nanoTime() + OUTPUT_GRACE.toNanos();
    String stdout = out.finish(graceEnd);
    String stderr = err.finish(graceEnd);
    int exit = process.isAlive() ? -1 : process.exitValue();
    return new Result(words, exit, stdout, stderr, timedOut, elapsed);
  }

  /** SIGKILL to the process and everything it started (children first, several rounds). */
  static void killTree(Process process) {
    for (int round = 0; round < 3; round++) {
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      if (tree.isEmpty()) {
        break;
      }
      tree.forEach(ProcessHandle::destroyForcibly);
    }
    List<ProcessHandle> left = process.descendants().toList();
    process.destroyForcibly();
    left.forEach(ProcessHandle::destroyForcibly);
  }

  private static String whyNotStarted(IOException e) {
    String text = String.valueOf(e.getMessage());
    if (text.contains("error=2,")) {
      return "no such program (is it installed, and on the service's PATH?)";
    }
    if (text.contains("error=13,")) {
      return "permission denied (not executable?)";
    }
    return text;
  }

  /** Reads one stream on its own thread, keeping the first {@code max} bytes. */
  private static final class Capture implements Runnable {
    private final InputStream in;
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;
    private final Thread thread;

    private Capture(InputStream in, int max, String name) {
      this.in = in;
      this.max = max;
      this.thread = new Thread(this, "command-" + name);
      thread.setDaemon(true);
    }

    static Capture start(InputStream in, int max, String name) {
      Capture capture = new Capture(in, max, name);
      capture.thread.start();
      return capture;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (this) {
            int keep = (int) Math.min(n, Math.max(0, max - kept.size()));
            kept.write(buffer, 0, keep);
            dropped += n - keep;
          }
        }
      } catch (IOException e) {
        // The stream was closed under us (the process is gone): keep what was read.
      }
    }

    /** Waits for the end of the stream until {@code deadline} (nanoTime), then takes the text. */
    String finish(long deadline) throws InterruptedException {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, left);
      }
      // A reader still blocked is left to end with the stream (it is a daemon thread):
      // closing the pipe under it would not wake it.
      boolean open = thread.isAlive();
      synchronized (this) {
        String text = kept.toString(StandardCharsets.UTF_8);
        if (dropped > 0) {
          text += "\n[" + dropped + " more bytes not kept]\n";
        }
        if (open) {
          text += "\n[output still open: a background process of the command holds it]\n";
        }
        return text;
      }
    }
  }
}
