package io.tandem.cli;

import io.tandem.config.ApplianceConfig;
import io.tandem.lifecycle.ExitCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem hardware event add|remove DEVICE}: tells the running service that udev saw a
 * disk come or go ({@code udev-rules/90-tandem-disks.rules} runs it through {@code systemd-run
 * --no-block}). One request with a short timeout; when no service listens it says so and exits
 * 0 (the service rescans everything when it starts), so udev's job never fails for that.
 */
@Command(name = "hardware", mixinStandardHelpOptions = true,
    description = "Hardware events for the running service.",
    subcommands = {HardwareCommand.Event.class})
public final class HardwareCommand {

  /** {@code tandem hardware event ACTION DEVICE}. */
  @Command(name = "event", mixinStandardHelpOptions = true,
      description = {"Tell the running service that a disk was added or removed (what the"
          + " udev rule runs): it reads the hardware again at once. Returns at once; exit 0"
          + " also when no service runs."})
  static final class Event implements java.util.concurrent.Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "ACTION", description = "add or remove")
    String action;

    @Parameters(index = "1", paramLabel = "DEVICE", description = "the kernel name (sdb)")
    String device;

    @Override
    public Integer call() {
      if (!action.equals("add") && !action.equals("remove")) {
        throw new CliException(ExitCode.USAGE, "ACTION must be add or remove, not " + action);
      }
      ApplianceConfig loaded = config.load();
      String base = AdminClient.baseOf(loaded);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/hardware/event?action="
          + action + "&device=" + URLEncoder.encode(device, StandardCharsets.UTF_8)))
          .timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.noBody()).build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
          throw new CliException(ExitCode.FAILURE, "the service refused the event (HTTP "
              + response.statusCode() + "): " + response.body().strip());
        }
        return 0;
      } catch (java.io.IOException e) {
        System.err.println("tandem: no running service took the event (" + e
            + "); it rescans the hardware when it starts");
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCode.FAILURE.code();
      }
    }
  }
}
