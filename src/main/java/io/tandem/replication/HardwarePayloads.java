package io.tandem.replication;

import io.tandem.hardware.HardwareHealth;
import io.tandem.replication.HardwareMessage.HardwareReport;
import io.tandem.replication.HardwareMessage.HardwareRequest;
import io.tandem.replication.PeerProtocolException.Kind;
import java.io.IOException;

/**
 * The payloads of {@link HardwareMessage}s:
 *
 * <pre>
 * 31 hardware-request  (empty)
 * 32 hardware-report   arrays-at-risk:u32 psus-down:u32 disks-failing:u32
 *                      count:u32 (&lt;= 65536) problem:str{count}
 * </pre>
 */
final class HardwarePayloads {
  private HardwarePayloads() {}

  static void write(WireOutput out, HardwareMessage message) {
    if (message instanceof HardwareRequest) {
      out.u8(MessageTypes.HARDWARE_REQUEST);
    } else if (message instanceof HardwareReport report) {
      HardwareHealth health = report.health();
      out.u8(MessageTypes.HARDWARE_REPORT).u32(health.arraysAtRisk()).u32(health.psusDown())
          .u32(health.disksFailing()).count(health.problems().size(), PeerLimits.MAX_LIST);
      health.problems().forEach(out::str);
    } else {
      throw new IllegalArgumentException("no encoding for " + message.getClass());
    }
  }

  static HardwareMessage read(int type, WireInput in) throws IOException, PeerProtocolException {
    switch (type) {
      case MessageTypes.HARDWARE_REQUEST:
        return new HardwareRequest();
      case MessageTypes.HARDWARE_REPORT: {
        int arrays = in.u32();
        int psus = in.u32();
        int disks = in.u32();
        if (arrays < 0 || psus < 0 || disks < 0) {
          throw new PeerProtocolException(Kind.MALFORMED, "negative hardware counts");
        }
        int count = in.count(PeerLimits.MAX_LIST, 2);
        return new HardwareReport(new HardwareHealth(arrays, psus, disks, in.strings(count)));
      }
      default:
        throw new PeerProtocolException(Kind.UNKNOWN_TYPE, "no message has type " + type);
    }
  }
}
