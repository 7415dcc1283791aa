package io.tandem;

import io.tandem.admin.StatusReport;
import io.tandem.alert.Alert;
import io.tandem.alert.Alerts;
import io.tandem.fence.FencedPromotion;
import io.tandem.replication.ReplicationService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.tandem.config.ApplianceConfig;
import io.tandem.delivery.FreeSpace;
import io.tandem.lifecycle.RoleState;
import io.tandem.lmtp.LmtpService;
import io.tandem.store.index.MessageCounter;
import io.tandem.store.write.MailStore;

/** The running service's answers to the status questions. */
final class ServiceStatus implements StatusReport.StatusSource {
  private final ApplianceConfig config;
  private final RoleState role;
  private final MailStore store;
  private final LmtpService lmtp;
  private final FreeSpace freeSpace;
  private final MessageCounter messages;
  private final ReplicationService replication;
  private final Alerts alerts;
  private java.util.function.Supplier<Map<String, Object>> scrub = () -> null;
  private final FencedPromotion promotion;

  ServiceStatus(ApplianceConfig config, RoleState role, MailStore store, LmtpService lmtp,
      FreeSpace freeSpace, MessageCounter messages, ReplicationService replication,
      Alerts alerts, FencedPromotion promotion) {
    this.promotion = promotion;
    this.replication = replication;
    this.alerts = alerts;
    this.config = config;
    this.role = role;
    this.store = store;
    this.lmtp = lmtp;
    this.freeSpace = freeSpace;
    this.messages = messages;
  }

  @Override
  public String applianceName() {
    return config.appliance().name();
  }

  @Override
  public String role() {
    return role.role().configName();
  }

  @Override
  public long epoch() {
    return role.epoch();
  }

  @Override
  public int users() {
    return store.users().size();
  }

  @Override
  public long messages() {
    return messages.count(store.users().names());
  }

  @Override
  public long freeBytes() {
    return freeSpace.usableBytes();
  }

  @Override
  public long journalFirstSeq() {
    return store.journal().firstSeq();
  }

  @Override
  public long journalLastSeq() {
    return store.journal().lastSeq();
  }

  @Override
  public long slowFsyncs() {
    return store.journal().slowFsyncs();
  }

  @Override
  public Map<String, Object> replication() {
    Map<String, Object> status = replication.status();
    promotion.lastFence().ifPresent(fence -> status.put("fence", fence));
    return status;
  }

  @Override
  public List<Map<String, Object>> alerts() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Alert alert : alerts.open()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", alert.id());
      item.put("severity", alert.severity().word());
      item.put("source", alert.source());
      item.put("message", alert.message());
      item.put("since", alert.since().toString());
      out.add(item);
    }
    return out;
  }

  private java.util.function.Supplier<Map<String, Object>> hardware = () -> null;

  private java.util.function.Supplier<Map<String, Object>> hotswap = () -> null;

  /** Adds the hot-swap under way. */
  ServiceStatus withHotswap(java.util.function.Supplier<Map<String, Object>> hotswap) {
    this.hotswap = hotswap;
    return this;
  }

  @Override
  public Map<String, Object> hotswap() {
    return hotswap.get();
  }

  /** Adds the hardware parts of the status. */
  ServiceStatus withHardware(java.util.function.Supplier<Map<String, Object>> hardware) {
    this.hardware = hardware;
    return this;
  }

  @Override
  public Map<String, Object> hardware() {
    return hardware.get();
  }

  private java.util.function.Supplier<Map<String, Object>> backup = () -> null;

  /** Adds the {@code backup} object of the status. */
  ServiceStatus withBackup(java.util.function.Supplier<Map<String, Object>> backup) {
    this.backup = backup;
    return this;
  }

  @Override
  public Map<String, Object> backup() {
    return backup.get();
  }

  private java.util.function.Supplier<Map<String, Object>> imap = () -> null;

  /** Adds the {@code imap} object of the status. */
  ServiceStatus withImap(java.util.function.Supplier<Map<String, Object>> imap) {
    this.imap = imap;
    return this;
  }

  @Override
  public Map<String, Object> imap() {
    return imap.get();
  }

  /** Adds the {@code scrub} object of the status. */
  ServiceStatus withScrub(java.util.function.Supplier<Map<String, Object>> scrub) {
    this.scrub = scrub;
    return this;
  }

  @Override
  public Map<String, Object> scrub() {
    return scrub.get();
  }

  @Override
  public String lmtpListen() {
    return config.lmtp().listen().host() + ":" + lmtp.port();
  }

  @Override
  public int lmtpConnections() {
    return lmtp.activeConnections();
  }
}
