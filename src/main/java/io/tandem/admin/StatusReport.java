package io.tandem.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The appliance status as {@code tandem status --json} and {@code GET /api/status} show it
 * (DESIGN §4): an ordered map, so the JSON keeps a stable field order.
 */
public final class StatusReport {
  private StatusReport() {}

  /** Builds the map from the live values. */
  public static Map<String, Object> of(StatusSource source) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("appliance", source.applianceName());
    status.put("role", source.role());
    status.put("epoch", source.epoch());
    status.put("replication", source.replication());
    Map<String, Object> store = new LinkedHashMap<>();
    store.put("users", source.users());
    store.put("messages", source.messages());
    store.put("free_bytes", source.freeBytes());
    status.put("store", store);
    Map<String, Object> journal = new LinkedHashMap<>();
    journal.put("first_seq", source.journalFirstSeq());
    journal.put("last_seq", source.journalLastSeq());
    journal.put("slow_fsyncs", source.slowFsyncs());
    status.put("journal", journal);
    Map<String, Object> scrub = source.scrub();
    if (scrub != null) {
      status.put("scrub", scrub);
    }
    Map<String, Object> backup = source.backup();
    if (backup != null) {
      status.put("backup", backup);
    }
    Map<String, Object> hardware = source.hardware();
    if (hardware != null) {
      status.put("arrays", hardware.get("arrays"));
      status.put("disks", hardware.get("disks"));
      status.put("psus", hardware.get("psus"));
      status.put("hardware", hardware.get("summary"));
    }
    Map<String, Object> hotswap = source.hotswap();
    if (hotswap != null) {
      status.put("hotswap", hotswap);
    }
    Map<String, Object> lmtp = new LinkedHashMap<>();
    lmtp.put("listen", source.lmtpListen());
    lmtp.put("connections", source.lmtpConnections());
    status.put("lmtp", lmtp);
    Map<String, Object> imap = source.imap();
    if (imap != null) {
      status.put("imap", imap);
    }
    status.put("alerts", source.alerts());
    return status;
  }

  /** Where the status values come from; implemented by the running service. */
  public interface StatusSource {
    String applianceName();

    String role();

    long epoch();

    int users();

    long messages();

    long freeBytes();

    long journalFirstSeq();

    long journalLastSeq();

    long slowFsyncs();

    String lmtpListen();

    int lmtpConnections();

    /** The {@code replication} object: peer, connected, lag_ops, lag_ms, last_seq, ... */
    Map<String, Object> replication();

    /** The open alerts: id, severity, source, message, since. */
    List<Map<String, Object>> alerts();

    /**
     * The hardware parts: {@code arrays}, {@code disks}, {@code psus} (lists) and {@code
     * summary} (the {@code hardware} object), or null when the hardware is not watched.
     */
    default Map<String, Object> hardware() {
      return null;
    }

    /** The hot-swap under way (target, state, prompt, ...), or null when there is none. */
    default Map<String, Object> hotswap() {
      return null;
    }

    /** The {@code backup} object (last good run, its age, the last failure), or null. */
    default Map<String, Object> backup() {
      return null;
    }

    /** The {@code imap} object (listen, tls_listen, sessions), or null without IMAP. */
    default Map<String, Object> imap() {
      return null;
    }

    /** The {@code scrub} object (state, counters, times), or null when there is no scrub. */
    default Map<String, Object> scrub() {
      return null;
    }
  }
}
