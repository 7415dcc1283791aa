package io.tandem.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the Python protocol tools in src/test/python and parses its JSON output. */
final class PythonTool {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PythonTool() {}

  static Path script(String name) {
    return ServiceProcess.project().resolve("src/test/python").resolve(name);
  }

  /** Runs the tool and returns its JSON; fails with the tool's output when it exits non-zero. */
  static JsonNode run(String tool, String... args) throws IOException, InterruptedException {
    Output out = runRaw(tool, args);
    if (out.exitCode() != 0) {
      throw new IllegalStateException(tool + " exited " + out.exitCode() + ": " + out.stderr()
          + out.stdout());
    }
    return JSON.readTree(out.stdout());
  }

  static Output runRaw(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3", script(tool).toString()));
    command.addAll(List.of(args));
    Path errors = java.nio.file.Files.createTempFile("python-tool", ".err");
    try {
      // stderr goes to a file so a chatty tool can never block on a full pipe.
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      process.getOutputStream().close();
      byte[] stdout = process.getInputStream().readAllBytes();
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(tool + " did not finish within 300 s");
      }
      return new Output(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
          java.nio.file.Files.readString(errors));
    } finally {
      java.nio.file.Files.deleteIfExists(errors);
    }
  }

  record Output(int exitCode, String stdout, String stderr) {}
}
