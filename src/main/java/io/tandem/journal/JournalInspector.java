package io.tandem.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Read-only inspection of a journal folder for {@code tandem journal dump|verify}: it never
 * truncates or changes a file, so it is safe beside a running service.
 */
public final class JournalInspector {

  /** What one segment holds and whether it ends cleanly. */
  public record SegmentReport(Path file, long entries, long lastSeq, String state, String problem) {
    public boolean corrupt() {
      return state.equals("corrupt");
    }
  }

  /** Reads every segment in order, passing each valid entry to {@code sink}. */
  public List<SegmentReport> inspect(Path dir, Consumer<JournalEntry> sink) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> SegmentFormat.seqOfName(f) > 0).sorted().toList();
    }
    List<SegmentReport> reports = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      SegmentScan.Result result = new SegmentScan().scan(files.get(i), sink);
      boolean last = i == files.size() - 1;
      String state = switch (result.end()) {
        case CLEAN -> "ok";
        // Only the newest segment can have been cut by a crash; older ones were complete.
        case TORN -> last ? "torn-tail" : "corrupt";
        case CORRUPT -> "corrupt";
      };
      reports.add(new SegmentReport(files.get(i), result.entries(), result.lastSeq(), state,
          result.problem()));
    }
    return reports;
  }
}
