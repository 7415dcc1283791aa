package io.tandem;

import io.tandem.alert.AlertNotifier;
import io.tandem.alert.AlertSink;
import io.tandem.alert.Alerts;
import io.tandem.alert.HookSink;
import io.tandem.command.CommandRunner;
import io.tandem.config.ApplianceConfig;
import io.tandem.config.HardwareMode;
import io.tandem.hardware.ConfiguredBays;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.HardwareHealth;
import io.tandem.hardware.HardwareMonitor;
import io.tandem.hardware.HardwareSnapshot;
import io.tandem.hardware.HardwareStatus;
import io.tandem.hardware.OshiSensors;
import io.tandem.hardware.Sources;
import io.tandem.hardware.SysfsDisks;
import io.tandem.hardware.Tools;
import io.tandem.hardware.disk.DiskPreparation;
import io.tandem.hardware.disk.MdMembership;
import io.tandem.hardware.ipmi.BmcAccess;
import io.tandem.hardware.ipmi.BmcCommand;
import io.tandem.hardware.ipmi.IpmiPowerSupplies;
import io.tandem.hardware.ipmi.SelSink;
import io.tandem.hardware.led.ChosenLeds;
import io.tandem.hardware.md.MdSource;
import io.tandem.hardware.md.StoreOnMd;
import io.tandem.hardware.sim.EnclosureLayout;
import io.tandem.hardware.sim.SimEnclosure;
import io.tandem.hardware.smart.SmartSource;
import io.tandem.hotswap.swap.DiskKit;
import io.tandem.lifecycle.RoleState;
import io.tandem.panel.FrontPanel;
import io.tandem.panel.PanelInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The hardware side of the service, built from {@code hardware.*}: the monitor with its sources
 * (the machine's own, or the simulated enclosure's, through the same parsers), and the alert
 * notifier with its sinks (front panel, BMC event log, hook). Owns their threads.
 */
final class HardwareWiring implements AutoCloseable {
  private final ApplianceConfig config;
  private final HardwareMonitor monitor;
  private final AlertNotifier notifier;
  private final ScheduledExecutorService notifying;
  private final io.tandem.hardware.HardwareEvents events;

  private final DiskKit diskKit;
  /** Guidance for the technician on the front panel (the hot-swap workflow sets it). */
  private final AtomicReference<Supplier<
      List<String>>> prompt;

  private HardwareWiring(ApplianceConfig config, HardwareMonitor monitor,
      AlertNotifier notifier, ScheduledExecutorService notifying,
      DiskKit diskKit,
      AtomicReference<Supplier<List<String>>>
          prompt) {
    this.diskKit = diskKit;
    this.prompt = prompt;
    this.config = config;
    this.monitor = monitor;
    this.notifier = notifier;
    this.notifying = notifying;
    this.events = new io.tandem.hardware.HardwareEvents(Clock.systemUTC(), monitor::pollSoon);
  }

  /** Builds and starts everything; the first poll runs at once on the monitor's thread. */
  static HardwareWiring start(ApplianceConfig config, RoleState role, Alerts alerts,
      Clock clock) throws IOException {
    ApplianceConfig.Hardware settings = config.hardware();
    HardwareSide side = settings.mode() == HardwareMode.SIM ? simulated(settings, clock)
        : new HardwareSide(settings.root(), Tools.real(new CommandRunner()), () -> { },
            Optional.of(new OshiSensors()),
            new StoreOnMd(settings.root(), config.store().root())::read, false);
    BmcAccess bmc = new BmcAccess();
    Optional<BmcCommand> ipmi = side.ipmiCommand(settings.ipmiCommand());
    // One SMART reader: it remembers each disk's last verdict (a sleeping disk is not woken).
    SmartSource smart = new SmartSource(side.tools(), settings.smartCommand(), settings.timeout());
    HardwareMonitor.Parts parts = new HardwareMonitor.Parts(
        new MdSource(side.root(), side.tools(), settings.mdadmCommand(), settings.timeout()),
        new SysfsDisks(side.root()),
        smart,
        ipmi.map(command -> (Sources.PowerSupplies) new IpmiPowerSupplies(command,
            side.tools(), bmc, settings.timeout())),
        new ConfiguredBays(side.root(), settings.bays()),
        side.sensors(),
        side.storeArray(),
        side.beforePoll());
    HardwareMonitor monitor = new HardwareMonitor(parts, alerts, clock, settings.poll(),
        settings.smartPoll(), settings.debounce());
    AtomicReference<Supplier<List<String>>>
        prompt = new AtomicReference<>(List::of);
    List<AlertSink> sinks = new ArrayList<>();
    config.frontPanel().device().ifPresent(device -> sinks.add(new FrontPanel(device,
        config.frontPanel().baud(), () -> new PanelInputs(config.appliance().name(),
            role.role().configName(), role.epoch(), alerts.open(), prompt.get().get()))
        .start()));
    ipmi.ifPresent(command -> sinks.add(new SelSink(command, side.tools(), bmc,
        settings.timeout(), config.store().state())));
    config.alert().hook().ifPresent(command -> sinks.add(new HookSink(command)));
    AlertNotifier notifier = new AlertNotifier(alerts, config.alert().renotify(), clock, sinks);
    ScheduledExecutorService notifying = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "alert-notifier");
      thread.setDaemon(true);
      return thread;
    });
    notifying.scheduleWithFixedDelay(notifier::check, 1, 1, TimeUnit.SECONDS);
    DiskKit diskKit = new DiskKit(
        new MdMembership(side.tools(), settings.mdadmCommand(),
            settings.timeout(), side.root()),
        new DiskPreparation(side.tools(),
            DiskPreparation.Commands.defaults(settings.mdadmCommand()),
            settings.timeout(), side.root()),
        smart,
        ChosenLeds.of(side.root(), side.tools(), List.of("ledctl"),
            settings.timeout()),
        side.root());
    monitor.start();
    return new HardwareWiring(config, monitor, notifier, notifying, diskKit, prompt);
  }

  /**
   * Where readings come from: the root standing in for {@code /}, the tools, what to do before
   * each poll, and the sensors.
   */
  record HardwareSide(Path root, Tools tools, Runnable beforePoll,
      Optional<Sources.Sensors> sensors, Sources.StoreArray storeArray, boolean simulated) {
    /** The BMC to read; the simulated enclosure always has one. */
    Optional<BmcCommand> ipmiCommand(Optional<List<String>> configured) {
      if (simulated) {
        return Optional.of(new BmcCommand(configured.orElse(List.of("ipmitool"))));
      }
      return configured.map(BmcCommand::new);
    }
  }

  /**
   * The simulated enclosure of {@code hardware.sim.dir} (a default one is made when the folder
   * has none yet): its rendered tree as the root, its tools, re-rendered before each poll so
   * rebuilds progress.
   */
  private static HardwareSide simulated(ApplianceConfig.Hardware settings, Clock clock)
      throws IOException {
    SimEnclosure sim = new SimEnclosure(settings.simDir().orElseThrow(), clock,
        java.time.ZoneId.systemDefault());
    if (!sim.store().exists()) {
      sim.create(EnclosureLayout.build(EnclosureLayout.Choices.defaults(), clock.instant()));
    }
    sim.refresh();
    return new HardwareSide(sim.root(), sim.tools(settings), () -> {
      try {
        sim.refresh();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("the simulated enclosure in "
            + settings.simDir().orElseThrow() + " could not be read: " + e.getMessage(), e);
      }
    }, Optional.empty(), () -> {
      // The simulated store sits on the enclosure's first array, as the demo describes it.
      try {
        return sim.read().arrays().stream().findFirst().orElseThrow(() ->
            new HardwareException("the simulated enclosure has no md array for the store"))
            .name();
      } catch (IOException e) {
        throw new HardwareException("the simulated enclosure could not be read: "
            + e.getMessage(), e);
      }
    }, true);
  }

  /** What a disk swap acts with, on this machine or the simulated enclosure. */
  DiskKit diskKit() {
    return diskKit;
  }

  /** Shows {@code lines} (read at each refresh) as the front panel's prompt. */
  void promptFrom(Supplier<List<String>> lines) {
    prompt.set(lines);
  }

  /** Calls {@code listener} with each new snapshot, on the monitor's thread. */
  void onSnapshot(Consumer<HardwareSnapshot> listener) {
    monitor.addListener(listener);
  }

  /** This appliance's hardware health, for a failover's comparison. */
  HardwareHealth health() {
    return HardwareHealth.of(monitor.snapshot());
  }

  /** The latest hardware snapshot (the hot-swap guard reads it). */
  HardwareSnapshot snapshot() {
    return monitor.snapshot();
  }

  /** The hardware parts of the status. */
  Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("arrays", HardwareStatus.arrays(monitor.snapshot()));
    out.put("disks", HardwareStatus.disks(monitor.snapshot()));
    out.put("psus", HardwareStatus.psus(monitor.snapshot()));
    out.put("summary", HardwareStatus.summary(config.hardware().mode().configName(),
        monitor.snapshot()));
    return out;
  }

  /** The udev disk events ({@code POST /api/hardware/event}); each makes the monitor poll. */
  io.tandem.hardware.HardwareEvents events() {
    return events;
  }

  /** Reads again now (a {@code tandem sim} change, a udev event). */
  void pollSoon() {
    monitor.pollSoon();
  }

  @Override
  public void close() {
    monitor.close();
    notifying.shutdownNow();
    notifier.close();
  }
}
