package io.tandem.hotswap.swap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.hotswap.HotswapTarget;
import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The swap in progress, kept in {@code <store.state>/hotswap.json} (written atomically at each
 * change), so a restart of the service resumes it where it stood; a finished swap is kept
 * there, in state done, until the next one is prepared.
 */
public final class SwapStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public SwapStore(Path state) {
    this.file = state.resolve("hotswap.json");
  }

  /** The swap recorded, if any. */
  public Optional<Swap> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      HotswapTarget target = new HotswapTarget(HotswapTarget.Kind.valueOf(
          root.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
          root.path("number").asInt());
      List<Swap.Member> members = new ArrayList<>();
      root.path("members").forEach(m -> members.add(new Swap.Member(m.path("array").asText(),
          m.path("device").asText())));
      Map<Integer, String> bays = new HashMap<>();
      root.path("bays_at_prepare").fields().forEachRemaining(e ->
          bays.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
      return Optional.of(new Swap(target, SwapState.valueOf(root.path("state").asText()
          .toUpperCase(java.util.Locale.ROOT)), root.path("serial").asText(), members, bays,
          root.path("new_serial").asText(), root.path("problem").asText(),
          root.path("forced_reason").asText(), Instant.parse(root.path("started").asText()),
          root.path("size_bytes").asLong(), root.path("wipe").asBoolean()));
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": damaged hot-swap record (" + e.getMessage() + "); move"
          + " it aside to start over (the hardware itself is unchanged by that)", e);
    }
  }

  /** Forgets the swap (it was closed). */
  public void clear() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Records {@code swap} (replacing what was there). */
  public void save(Swap swap) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("kind", swap.target().kind().word());
    root.put("number", swap.target().number());
    root.put("state", swap.state().word());
    root.put("serial", swap.serial());
    var members = root.putArray("members");
    for (Swap.Member member : swap.members()) {
      members.addObject().put("array", member.array()).put("device", member.device());
    }
    ObjectNode bays = root.putObject("bays_at_prepare");
    swap.baysAtPrepare().forEach((bay, serial) -> bays.put(String.valueOf(bay), serial));
    root.put("new_serial", swap.newSerial());
    root.put("problem", swap.problem());
    root.put("forced_reason", swap.forcedReason());
    root.put("started", swap.started().toString());
    root.put("size_bytes", swap.sizeBytes());
    root.put("wipe", swap.wipe());
    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
