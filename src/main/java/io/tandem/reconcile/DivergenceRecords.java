package io.tandem.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.reconcile.DivergentAction.Kind;
import io.tandem.util.AtomicFiles;
import io.tandem.util.Fsync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The divergence records of this appliance, in {@code <store.state>/divergence/}: {@code
 * ID.json} per divergence, {@code ID.bodies/SHA256} with the bodies of the messages the old
 * primary took alone (kept there for the operator, whatever became of them), and on the new
 * primary {@code ID.done}, one line per action carried out, forced as it is written, so that a
 * reconciliation interrupted by a crash resumes where it stopped (only an action carried out
 * in the instant before the crash, and not yet noted, is done twice: a message delivered twice,
 * never one lost). Outside the
 * store's maildirs and indexes, so a full resync leaves it alone. Password hashes are never
 * written here.
 */
public final class DivergenceRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public DivergenceRecords(Path dir) {
    this.dir = dir;
  }

  /** The records of the store whose state folder is {@code state}. */
  public static DivergenceRecords in(Path state) {
    return new DivergenceRecords(state.resolve("divergence"));
  }

  /** Where the bodies of divergence {@code id} are kept. */
  public Path bodies(String id) {
    return dir.resolve(id + ".bodies");
  }

  /** Writes (or replaces) a record atomically. */
  public void save(DivergenceRecord record) throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(record.id() + ".json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(record)));
  }

  /** The record of {@code id}, if there is one. */
  public Optional<DivergenceRecord> load(String id) throws IOException {
    Path file = dir.resolve(id + ".json");
    return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** Every record, oldest first. */
  public List<DivergenceRecord> all() throws IOException {
    List<DivergenceRecord> records = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return records;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        records.add(read(file));
      }
    }
    records.sort(Comparator.comparing(DivergenceRecord::detected));
    return records;
  }

  /** Notes, durably, that action {@code index} of {@code id} was carried out. */
  public void done(String id, int index, String outcome) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(id + ".done");
    boolean created = !Files.exists(file);
    String line = index + "\t" + outcome.replace('\n', ' ') + "\n";
    try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
    }
    if (created) {
      Fsync.directory(dir);
    }
  }

  /** The outcomes noted by {@link #done} for {@code id}, by action index ({@code ""}: not yet). */
  public List<String> outcomes(String id, int actions) throws IOException {
    List<String> outcomes = new ArrayList<>(java.util.Collections.nCopies(actions, ""));
    Path file = dir.resolve(id + ".done");
    if (!Files.exists(file)) {
      return outcomes;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    // Only whole lines count: a last line without its newline was torn by a crash, and that
    // action is done again.
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        continue;
      }
      try {
        int index = Integer.parseInt(line.substring(0, tab));
        if (index >= 0 && index < actions) {
          outcomes.set(index, line.substring(tab + 1));
        }
      } catch (NumberFormatException e) {
        // not a line this class wrote: ignored
      }
    }
    return outcomes;
  }

  private static ObjectNode toJson(DivergenceRecord record) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", record.id());
    root.put("side", record.side());
    root.put("peer", record.peer());
    root.put("detected", record.detected().toString());
    root.put("common_seq", record.commonSeq());
    root.put("divergent_through", record.divergentThrough());
    root.put("reconciled", record.reconciled());
    root.put("summary", record.summary());
    root.put("result", record.result());
    ArrayNode items = root.putArray("actions");
    for (DivergenceRecord.Item item : record.items()) {
      DivergentAction a = item.action();
      ObjectNode node = items.addObject();
      node.put("kind", a.kind().wireName());
      node.put("user", a.user());
      node.put("mailbox", a.mailbox());
      node.put("target", a.target());
      node.put("uid", a.uid());
      node.put("sha256", a.sha256());
      node.put("size", a.size());
      node.putPOJO("flags", a.flags());
      node.put("internal_date", a.internalDateMillis());
      node.put("detail", secret(a.kind()) ? "" : a.detail());
      node.put("description", a.describe());
      node.put("outcome", item.outcome());
    }
    return root;
  }

  private static boolean secret(Kind kind) {
    return kind == Kind.ADD_USER || kind == Kind.CHANGE_PASSWORD;
  }

  private static DivergenceRecord read(Path file) throws IOException {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      List<DivergenceRecord.Item> items = new ArrayList<>();
      for (JsonNode node : root.path("actions")) {
        Kind kind = Kind.fromWire(node.path("kind").asText());
        if (kind == null) {
          throw new IOException("unknown action kind '" + node.path("kind").asText() + "'");
        }
        List<String> flags = new ArrayList<>();
        node.path("flags").forEach(flag -> flags.add(flag.asText()));
        items.add(new DivergenceRecord.Item(new DivergentAction(kind, node.path("user").asText(),
            node.path("mailbox").asText(), node.path("target").asText(),
            node.path("uid").asLong(), node.path("sha256").asText(), node.path("size").asLong(),
            flags, node.path("internal_date").asLong(), node.path("detail").asText()),
            node.path("outcome").asText()));
      }
      return new DivergenceRecord(root.path("id").asText(), root.path("side").asText(),
          root.path("peer").asText(), Instant.parse(root.path("detected").asText()),
          root.path("common_seq").asLong(), root.path("divergent_through").asLong(),
          root.path("reconciled").asBoolean(), root.path("result").asText(), items);
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": damaged divergence record (" + e.getMessage() + ")", e);
    }
  }
}
