package io.tandem.journal;

import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which epoch wrote which part of the journal: each epoch and the seq of its first entry,
 * oldest first, kept in {@code <store.state>/epochs} for the life of the store (a line per
 * promotion, so it stays tiny, and it survives journal pruning). The catch-up planner uses it
 * to tell whether the partner's history is a prefix of ours. Thread-safe.
 */
public final class EpochHistory {
  /** From {@code firstSeq} on, entries were written in {@code epoch}. */
  public record Start(long epoch, long firstSeq) {}

  private final Path file;
  private final List<Start> starts;

  private EpochHistory(Path file, List<Start> starts) {
    this.file = file;
    this.starts = starts;
  }

  /**
   * Loads the history, or builds it once from the journal when the file does not exist yet (a
   * store from before this file existed, or a new one).
   */
  public static EpochHistory load(Path file, Journal journal) throws IOException {
    if (Files.exists(file)) {
      return new EpochHistory(file, parse(file));
    }
    List<Start> starts = new ArrayList<>();
    if (journal.lastSeq() >= journal.firstSeq()) {
      journal.read(journal.firstSeq() - 1, entry -> {
        if (starts.isEmpty() || starts.get(starts.size() - 1).epoch() < entry.epoch()) {
          starts.add(new Start(entry.epoch(), entry.seq()));
        }
      });
    }
    EpochHistory history = new EpochHistory(file, starts);
    history.save();
    return history;
  }

  /** Notes entries just made durable; records an epoch that begins among them. */
  public synchronized void appended(List<JournalEntry> entries) throws IOException {
    boolean changed = false;
    for (JournalEntry entry : entries) {
      if (starts.isEmpty() || starts.get(starts.size() - 1).epoch() < entry.epoch()) {
        starts.add(new Start(entry.epoch(), entry.seq()));
        changed = true;
      }
    }
    if (changed) {
      save();
    }
  }

  /** Forgets the history: the journal was reset, and its next entries start it again. */
  public synchronized void reset() throws IOException {
    starts.clear();
    save();
  }

  /** The epochs, oldest first; empty while the journal has never had an entry. */
  public synchronized List<Start> starts() {
    return List.copyOf(starts);
  }

  private static List<Start> parse(Path file) throws IOException {
    List<Start> starts = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] fields = text.split("\\s+");
      try {
        if (fields.length != 2) {
          throw new NumberFormatException("two numbers expected");
        }
        starts.add(new Start(Long.parseLong(fields[0]), Long.parseLong(fields[1])));
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + number + ": damaged epoch history line '" + text
            + "'; each line is 'EPOCH FIRST_SEQ'. Delete the file to have it rebuilt from the"
            + " journal");
      }
    }
    return starts;
  }

  private void save() throws IOException {
    StringBuilder text = new StringBuilder("# Written by Tandem: EPOCH FIRST_SEQ, one line per"
        + " epoch that wrote journal entries.\n");
    for (Start start : starts) {
      text.append(start.epoch()).append(' ').append(start.firstSeq()).append('\n');
    }
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
