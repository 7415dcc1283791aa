package io.tandem.hardware.sim;

import io.tandem.hardware.sim.Enclosure.SelEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipmitool sel add FILE} on the simulated BMC: each line of the file is one event of 7
 * bytes ({@code 0x04 0x08 0x02 0x6f 0x01 0xff 0xff}), {@code #} starts a comment, blank lines
 * are skipped; a line with fewer than 7 bytes is reported ({@code Invalid Event}) and skipped,
 * as ipmitool does. Each event gets the next record id and the time it was added.
 */
final class SelEvents {
  private SelEvents() {}

  /** What {@code sel add} printed. */
  record Added(String stdout, String stderr) {}

  static Added add(SimEnclosure sim, List<String> lines) throws IOException {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    List<String[]> events = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String data = (hash >= 0 ? line.substring(0, hash) : line).strip();
      String comment = hash >= 0 ? line.substring(hash + 1).strip() : "";
      if (data.isEmpty()) {
        continue;
      }
      String[] bytes = data.split("\\s+");
      if (bytes.length < 7 || !valid(bytes)) {
        err.append("Invalid Event: ").append(data).append('\n');
        continue;
      }
      events.add(new String[] {String.join(" ", java.util.Arrays.copyOf(bytes, 7)), comment});
    }
    sim.change(enclosure -> {
      List<SelEntry> sel = new ArrayList<>(enclosure.sel());
      Instant now = sim.clock().instant();
      for (String[] event : events) {
        SelEntry entry = new SelEntry(sel.size() + 1, now, event[0], event[1]);
        sel.add(entry);
      }
      return enclosure.withSel(sel);
    });
    for (String[] event : events) {
      out.append(IpmitoolRenderer.selEcho(new SelEntry(0, Instant.EPOCH, event[0], event[1])));
    }
    return new Added(out.toString(), err.toString());
  }

  private static boolean valid(String[] bytes) {
    for (int i = 0; i < 7; i++) {
      try {
        int value = Integer.decode(bytes[i]);
        if (value < 0 || value > 0xff) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }
}
