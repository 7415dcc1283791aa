package io.tandem.hardware.smart;

import static io.tandem.hardware.smart.JsonTree.at;
import static io.tandem.hardware.smart.JsonTree.boolAt;
import static io.tandem.hardware.smart.JsonTree.countAt;
import static io.tandem.hardware.smart.JsonTree.intAt;
import static io.tandem.hardware.smart.JsonTree.longAt;
import static io.tandem.hardware.smart.JsonTree.textAt;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.hardware.HardwareException;
import io.tandem.hardware.smart.SmartReport.Message;
import io.tandem.hardware.smart.SmartReport.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON of {@code smartctl -a -j} (JSON format 1.0, smartctl 7.x) into a {@link
 * SmartReport}. Pure: no I/O. Every disk kind smartctl answers for: ATA/SATA, NVMe, SAS/SCSI.
 * Recorded and published outputs are in {@code test-hardware/smart/} (see its README). The
 * envelope is always there, also when smartctl could not read the disk:
 *
 * <pre>
 * {"json_format_version": [1, 0],
 *  "smartctl": {"version": [7, 3], "argv": [...], "exit_status": 1,
 *               "messages": [{"string": "/dev/vda: Unable to detect device type",
 *                             "severity": "error"}]},
 *  "local_time": {...}}
 * </pre>
 *
 * <p>and, when it could, the device keys: {@code device.protocol}, {@code model_name}, {@code
 * serial_number}, {@code user_capacity.bytes}, {@code smart_status.passed}, {@code
 * temperature.current}, then {@code ata_smart_attributes}, {@code
 * nvme_smart_health_information_log} or {@code scsi_grown_defect_list}/{@code
 * scsi_error_counter_log}. Keys drift between releases ({@code smart_support} a boolean or an
 * object, {@code scsi_temperature} in 7.3, {@code model_name} missing for SCSI before 7.5), so
 * every key is optional and of its expected type or ignored.
 */
public final class SmartctlJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** smartctl's answer under {@code -n standby} (ataprint.cpp, 7.3 to 7.5). */
  private static final Pattern LOW_POWER =
      Pattern.compile("Device is in ([A-Z][A-Z ()_]*?) mode, exit\\(\\d+\\)");
  private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d{1,18})");
  private static final int SNIPPET = 60;

  private SmartctlJson() {}

  /**
   * Parses one run's standard output.
   *
   * @param stdout what smartctl printed
   * @param processExitCode the process's exit status; its bits are added to the JSON's {@code
   *     exit_status} (ignored when outside 0..255)
   * @throws HardwareException when the output is not smartctl's JSON (empty, text, truncated)
   */
  public static SmartReport parse(String stdout, int processExitCode) throws HardwareException {
    JsonNode root = tree(stdout);
    int bits = processExitCode >= 0 && processExitCode <= 0xFF ? processExitCode : 0;
    Integer jsonBits = intAt(root, "smartctl", "exit_status");
    if (jsonBits != null) {
      bits |= jsonBits;
    }
    List<Message> messages = messages(root);
    return new SmartReport(textAt(root, "device", "name"), protocol(root), model(root),
        trimmed(textAt(root, "serial_number")), capacity(root), new SmartExitStatus(bits),
        messages, smartAvailable(root), boolAt(root, "smart_status", "passed"),
        temperature(root), attributes(root), nvme(at(root, "nvme_smart_health_information_log")),
        scsi(root), selfTestErrors(root), lowPowerMode(messages));
  }

  private static JsonNode tree(String stdout) throws HardwareException {
    if (stdout == null || stdout.isBlank()) {
      throw new HardwareException("smartctl printed nothing");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(stdout);
    } catch (JacksonException e) {
      throw new HardwareException("smartctl's output is not JSON (" + snippet(stdout) + ")", e);
    }
    if (root == null || !root.isObject()
        || !(root.has("json_format_version") || root.has("smartctl") || root.has("device"))) {
      throw new HardwareException(
          "smartctl's output is not its JSON report (" + snippet(stdout) + ")");
    }
    return root;
  }

  private static String snippet(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return "\"" + (line.length() <= SNIPPET ? line : line.substring(0, SNIPPET) + "...") + "\"";
  }

  private static List<Message> messages(JsonNode root) {
    List<Message> messages = new ArrayList<>();
    for (JsonNode message : at(root, "smartctl", "messages")) {
      String text = textAt(message, "string");
      if (text != null) {
        String severity = textAt(message, "severity");
        messages.add(new Message(severity == null ? "" : severity, text.strip()));
      }
    }
    return messages;
  }

  private static String lowPowerMode(List<Message> messages) {
    for (Message message : messages) {
      Matcher m = LOW_POWER.matcher(message.text());
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  private static Protocol protocol(JsonNode root) {
    String word = textAt(root, "device", "protocol");
    String name = word == null ? "" : word.toUpperCase(Locale.ROOT);
    return switch (name) {
      case "ATA" -> Protocol.ATA;
      case "NVME" -> Protocol.NVME;
      case "SCSI" -> Protocol.SCSI;
      default -> root.has("nvme_smart_health_information_log") ? Protocol.NVME
          : root.has("ata_smart_attributes") ? Protocol.ATA
          : root.has("scsi_error_counter_log") ? Protocol.SCSI : Protocol.UNKNOWN;
    };
  }

  private static String model(JsonNode root) {
    for (String key : List.of("model_name", "scsi_model_name")) {
      String model = trimmed(textAt(root, key));
      if (!model.isEmpty()) {
        return model;
      }
    }
    String vendor = trimmed(textAt(root, "scsi_vendor"));
    String product = trimmed(textAt(root, "scsi_product"));
    return (vendor + " " + product).strip();
  }

  private static String trimmed(String text) {
    return text == null ? "" : text.strip();
  }

  private static long capacity(JsonNode root) {
    Long bytes = longAt(root, "user_capacity", "bytes");
    if (bytes == null) {
      bytes = longAt(root, "nvme_total_capacity");
    }
    return bytes == null ? 0 : Math.max(0, bytes);
  }

  private static Boolean smartAvailable(JsonNode root) {
    Boolean flat = boolAt(root, "smart_support");
    return flat != null ? flat : boolAt(root, "smart_support", "available");
  }

  private static Integer temperature(JsonNode root) {
    for (JsonNode node : List.of(at(root, "temperature", "current"),
        at(root, "scsi_temperature", "current"),
        at(root, "nvme_smart_health_information_log", "temperature"))) {
      if (node.isIntegralNumber() && node.canConvertToInt()) {
        int celsius = node.intValue();
        if (celsius > 0 && celsius < 200) {
          return celsius;
        }
      }
    }
    return null;
  }

  private static List<AtaAttribute> attributes(JsonNode root) {
    List<AtaAttribute> attributes = new ArrayList<>();
    for (JsonNode row : at(root, "ata_smart_attributes", "table")) {
      Integer id = intAt(row, "id");
      if (id == null) {
        continue;
      }
      long rawValue = countAt(row, "raw", "value");
      attributes.add(new AtaAttribute(id, trimmed(textAt(row, "name")), intAt(row, "value"),
          intAt(row, "thresh"), AtaAttribute.WhenFailed.of(textAt(row, "when_failed")),
          decodedRaw(textAt(row, "raw", "string"), rawValue), rawValue));
    }
    return attributes;
  }

  private static long decodedRaw(String text, long rawValue) {
    if (text != null) {
      Matcher m = LEADING_NUMBER.matcher(text);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return rawValue;
  }

  private static NvmeHealth nvme(JsonNode log) {
    if (!log.isObject()) {
      return null;
    }
    Integer warning = intAt(log, "critical_warning");
    return new NvmeHealth(warning == null ? 0 : warning & 0xFF, intAt(log, "available_spare"),
        intAt(log, "available_spare_threshold"), intAt(log, "percentage_used"),
        countAt(log, "media_errors"), countAt(log, "num_err_log_entries"));
  }

  private static ScsiHealth scsi(JsonNode root) {
    Long defects = longAt(root, "scsi_grown_defect_list");
    JsonNode counters = at(root, "scsi_error_counter_log");
    if (defects == null && !counters.isObject()) {
      return null;
    }
    return new ScsiHealth(defects == null ? null : Math.max(0, defects),
        countAt(counters, "read", "total_uncorrected_errors"),
        countAt(counters, "write", "total_uncorrected_errors"),
        countAt(counters, "verify", "total_uncorrected_errors"));
  }

  private static Integer selfTestErrors(JsonNode root) {
    for (String log : List.of("extended", "standard")) {
      JsonNode node = at(root, "ata_smart_self_test_log", log);
      Long total = longAt(node, "error_count_total");
      if (total != null) {
        long current = total - countAt(node, "error_count_outdated");
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, current));
      }
    }
    return null;
  }
}
