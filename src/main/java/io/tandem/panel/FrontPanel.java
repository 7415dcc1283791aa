package io.tandem.panel;

import com.fazecast.jSerialComm.SerialPort;
import io.tandem.alert.Alert;
import io.tandem.alert.AlertSink;
import io.tandem.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front-panel display on its serial line ({@code frontpanel.device}, 8N1 at
 * {@code frontpanel.baud}, no flow control), spoken to in the {@link MatrixOrbital} command set.
 * One daemon thread ({@code front-panel}) owns the port: every second, and at once on every alert
 * event or {@link #refresh()}, it takes the {@link PanelInputs} from the supplier, composes the
 * screen ({@link ScreenComposer}) and writes what changed; every {@value #FULL_REDRAW_EVERY}
 * refreshes it writes the settings and the whole screen, so a display that was power-cycled on
 * its own is right again within half a minute.
 *
 * <p>When the line goes away (a write fails, the device file vanishes or its symlink now points
 * elsewhere: a USB unplug or re-enumeration), it logs that once, closes the port, tries to open
 * the device again every few seconds, and when it is back resets the display and draws the
 * current screen. A device missing at start is treated the same way. Use a stable udev symlink
 * for the device (docs/operations.md, "Front panel"), not {@code /dev/ttyUSB0}.
 *
 * <p>Thread-safe. {@link #notify} and {@link #refresh} only wake the thread; nothing the caller
 * does waits for the line. {@link #close} draws "SERVICE STOPPED" (best effort, bounded) and ends
 * the thread.
 */
public final class FrontPanel implements AlertSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.tandem.panel");
  /** How often the screen is redrawn (the heartbeat's pace). */
  public static final Duration REFRESH = Duration.ofSeconds(1);
  /** How often a missing or failed line is tried again. */
  public static final Duration RETRY = Duration.ofSeconds(5);
  static final int FULL_REDRAW_EVERY = 30;
  /** A write that has not gone out by then counts as failed. */
  private static final int WRITE_TIMEOUT_MS = 2000;
  private static final int CLOSE_GRACE_MS = 300;

  private final Path device;
  private final int baud;
  private final Supplier<PanelInputs> inputs;
  private final Duration refresh;
  private final Duration retry;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean wake; // guarded by lock
  private boolean closing; // guarded by lock
  private volatile boolean connected;

  // Owned by the thread.
  private SerialPort port;
  private Path openedTarget;
  private Screen shown;
  private long refreshes;
  private int drawsSinceFull;
  private String applianceName = "TANDEM";
  private boolean downLogged;
  private boolean everOpened;
  private boolean inputsFailing;

  /**
   * A panel on {@code device} at {@code baud}, showing what {@code inputs} says at each refresh
   * (called on the panel's thread; it should be quick and not block). Call {@link #start()}.
   */
  public FrontPanel(Path device, int baud, Supplier<PanelInputs> inputs) {
    this(device, baud, inputs, REFRESH, RETRY);
  }

  FrontPanel(Path device, int baud, Supplier<PanelInputs> inputs, Duration refresh,
      Duration retry) {
    this.device = Objects.requireNonNull(device, "device");
    if (baud <= 0) {
      throw new IllegalArgumentException("baud must be positive, got " + baud);
    }
    this.baud = baud;
    this.inputs = Objects.requireNonNull(inputs, "inputs");
    this.refresh = refresh;
    this.retry = retry;
    this.thread = new Thread(this::run, "front-panel");
    thread.setDaemon(true);
  }

  /** Starts the panel's thread; returns at once (the device is opened on that thread). */
  public FrontPanel start() {
    thread.start();
    return this;
  }

  @Override
  public String name() {
    return "front panel";
  }

  /** Redraws soon, with the inputs as they are then; never blocks. */
  @Override
  public void notify(Alert alert, Event event) {
    refresh();
  }

  /** Redraws soon (a prompt changed, say); never blocks. */
  public void refresh() {
    synchronized (lock) {
      wake = true;
      lock.notifyAll();
    }
  }

  /** Whether the line is open and the last write went out. */
  public boolean isConnected() {
    return connected;
  }

  /** The configured device path. */
  public Path device() {
    return device;
  }

  /**
   * Draws "SERVICE STOPPED" if the line is up, closes the port and ends the thread; waits for
   * that a few seconds at most. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    if (thread.isAlive()) {
      try {
        thread.join(2 * WRITE_TIMEOUT_MS + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (!closing()) {
        if (port == null && !open()) {
          pause(retry);
          continue;
        }
        try {
          String moved = moved();
          if (moved != null) {
            lost(moved);
          } else {
            draw();
          }
        } catch (RuntimeException e) {
          LOG.warn("front panel: unexpected failure; closing the line", e);
          lost(e.toString());
        }
        pause(port == null ? retry : refresh);
      }
    } finally {
      if (port != null) {
        Screen last = ScreenComposer.stopped(applianceName);
        if (send(shown == null ? MatrixOrbital.draw(last) : MatrixOrbital.update(shown, last))) {
          drain();
        }
        closePort();
      }
    }
  }

  private void draw() {
    Screen next = nextScreen();
    byte[] bytes;
    if (shown == null || ++drawsSinceFull >= FULL_REDRAW_EVERY) {
      drawsSinceFull = 0;
      byte[] settings = shown == null ? new byte[0] : MatrixOrbital.settings();
      byte[] screen = MatrixOrbital.draw(next);
      bytes = new byte[settings.length + screen.length];
      System.arraycopy(settings, 0, bytes, 0, settings.length);
      System.arraycopy(screen, 0, bytes, settings.length, screen.length);
    } else {
      bytes = MatrixOrbital.update(shown, next);
    }
    if (send(bytes)) {
      shown = next;
    } else {
      lost("a write failed (error " + port.getLastErrorCode() + ")");
    }
  }

  private Screen nextScreen() {
    long number = refreshes++;
    try {
      PanelInputs now = inputs.get();
      applianceName = now.applianceName();
      if (inputsFailing) {
        LOG.info("front panel: the status is available again");
        inputsFailing = false;
      }
      return ScreenComposer.compose(now, number);
    } catch (RuntimeException e) {
      if (!inputsFailing) {
        LOG.warn("front panel: cannot get the status to show; showing STATUS UNAVAILABLE", e);
        inputsFailing = true;
      }
      return ScreenComposer.unavailable(number);
    }
  }

  private boolean open() {
    if (!Files.exists(device)) {
      down("no such device");
      return false;
    }
    SerialPort candidate;
    try {
      candidate = SerialPort.getCommPort(device.toString());
      candidate.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
      candidate.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
      candidate.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, WRITE_TIMEOUT_MS);
      if (!candidate.openPort()) {
        down("cannot open it (error " + candidate.getLastErrorCode() + ")");
        return false;
      }
    } catch (RuntimeException e) {
      down("cannot open it: " + e.getMessage());
      return false;
    } catch (LinkageError e) {
      down("jSerialComm's native library did not load (is java.io.tmpdir mounted noexec?): " + e);
      return false;
    }
    port = candidate;
    openedTarget = target();
    shown = null;
    if (!send(MatrixOrbital.reset())) {
      lost("the first write failed (error " + port.getLastErrorCode() + ")");
      return false;
    }
    if (everOpened) {
      LOG.info("front panel: {} is back; redrawing", device);
    } else {
      LOG.info("front panel: drawing on {} at {} baud", device, baud);
    }
    everOpened = true;
    downLogged = false;
    return true;
  }

  /** Why the open port is no longer the device, or null while it is. */
  private String moved() {
    Path now = target();
    if (now == null) {
      return "the device is gone";
    }
    if (!now.equals(openedTarget)) {
      return "the device is now " + now;
    }
    return null;
  }

  /** Where {@link #device} leads now (through symlinks), or null when it does not exist. */
  private Path target() {
    try {
      return device.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  private boolean send(byte[] bytes) {
    if (bytes.length == 0) {
      return true;
    }
    try {
      boolean sent = port.writeBytes(bytes, bytes.length) == bytes.length;
      connected = sent;
      return sent;
    } catch (RuntimeException e) {
      connected = false;
      return false;
    }
  }

  /**
   * Waits (boundedly) for the bytes written to leave before the port is closed: jSerialComm's
   * close discards what the far end has not taken yet ({@code tcflush}), which on a pty or a
   * USB adapter can be the last screen. The output queue is waited for, then a short grace,
   * since a pty reports no queue at all.
   */
  private void drain() {
    long end = System.nanoTime() + Duration.ofMillis(WRITE_TIMEOUT_MS).toNanos();
    try {
      while (port.bytesAwaitingWrite() > 0 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      Thread.sleep(CLOSE_GRACE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("front panel: cannot tell whether {} took everything", device, e);
    }
  }

  private void lost(String why) {
    if (!downLogged) {
      LOG.warn("front panel: lost the line to {}: {}; trying to open it again every {}",
          device, why, Durations.format(retry));
      downLogged = true;
    }
    closePort();
  }

  private void down(String why) {
    if (!downLogged) {
      LOG.warn("front panel: {}: {}; trying again every {}", device, why,
          Durations.format(retry));
      downLogged = true;
    }
  }

  private void closePort() {
    connected = false;
    if (port != null) {
      try {
        port.closePort();
      } catch (RuntimeException e) {
        LOG.debug("front panel: closing {} failed", device, e);
      }
    }
    port = null;
    shown = null;
  }

  private boolean closing() {
    synchronized (lock) {
      return closing;
    }
  }

  /** Waits {@code duration}, or less when woken or closing. */
  private void pause(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (lock) {
      try {
        while (!wake && !closing) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          lock.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        closing = true;
      }
      wake = false;
    }
  }
}
