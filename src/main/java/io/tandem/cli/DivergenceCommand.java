package io.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.ApplianceConfig;
import io.tandem.reconcile.DivergenceRecord;
import io.tandem.reconcile.DivergenceRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem divergence show}: what each rejoin after a forced failover found and did. Reads
 * the records in {@code <store.state>/divergence/}; the service need not run.
 */
@Command(name = "divergence", mixinStandardHelpOptions = true,
    description = "What an appliance did alone as primary before a forced failover replaced it,"
        + " and what became of it when it rejoined.")
public final class DivergenceCommand {

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"List every divergence this appliance took part in: on the old primary the"
          + " operations it did alone (and where their message bodies are kept), on the new"
          + " primary what it did with each.", "Read-only; safe while the service runs."})
  int show(@Mixin ConfigOption config,
      @Option(names = "--json", description = "The records as JSON.") boolean json)
      throws IOException {
    ApplianceConfig loaded = config.load();
    Path state = loaded.store().state();
    DivergenceRecords records = DivergenceRecords.in(state);
    List<DivergenceRecord> all = records.all();
    if (json) {
      Path dir = state.resolve("divergence");
      ObjectMapper mapper = new ObjectMapper();
      com.fasterxml.jackson.databind.node.ArrayNode array = mapper.createArrayNode();
      for (DivergenceRecord record : all) {
        array.add(mapper.readTree(dir.resolve(record.id() + ".json").toFile()));
      }
      System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      return 0;
    }
    if (all.isEmpty()) {
      System.out.println("No divergence: " + loaded.appliance().name() + " never wrote anything"
          + " its partner did not have.");
      return 0;
    }
    for (DivergenceRecord record : all) {
      print(record, records);
    }
    return 0;
  }

  private static void print(DivergenceRecord record, DivergenceRecords records) {
    boolean old = record.side().equals(DivergenceRecord.OLD_PRIMARY);
    System.out.println("Divergence " + record.id() + " (" + record.detected() + ")");
    System.out.println("  " + (old ? "this appliance wrote seqs " + (record.commonSeq() + 1)
        + " to " + record.divergentThrough() + " alone; the new primary is " + record.peer()
        : record.peer() + " wrote seqs " + (record.commonSeq() + 1) + " to "
            + record.divergentThrough() + " alone; this appliance took them over"));
    System.out.println("  " + (record.reconciled() ? "reconciled: " + record.result()
        : "not reconciled yet: " + record.summary() + " (done when the two are connected)"));
    if (old && Files.isDirectory(records.bodies(record.id()))) {
      System.out.println("  message bodies kept in " + records.bodies(record.id()));
    }
    for (DivergenceRecord.Item item : record.items()) {
      String outcome = item.outcome().isEmpty() ? "" : " -> " + item.outcome();
      System.out.println("    " + item.action().kind().wireName() + ": "
          + item.action().describe() + outcome);
    }
  }
}
