package io.tandem.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/** Deterministic journal entries and small file helpers shared by the journal tests. */
final class TestEntries {
  static final int HEADER = 16;
  static final int RECORD_HEADER = 8;

  private TestEntries() {}

  /** A delivery of about 200 encoded bytes; equal seqs give equal entries (and bytes). */
  static JournalEntry deliver(long seq) {
    return new JournalEntry(seq, 3, 1_700_000_000_000L + seq,
        new Operation.Deliver("alice", "INBOX", seq, seq + 1, List.of("\\Seen"),
            1_699_999_000_000L + seq, 1000 + seq, String.format("%064x", seq),
            "1700000000.M" + seq + "P4242Q" + seq + ".tandem-a,S=" + (1000 + seq) + ",W="
                + (1020 + seq)));
  }

  static List<JournalEntry> deliveries(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(TestEntries::deliver).toList();
  }

  /** Offsets of the records of a segment, found by following the length fields. */
  static List<Long> recordOffsets(Path segment) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Long> offsets = new ArrayList<>();
    int at = HEADER;
    while (at + RECORD_HEADER <= bytes.limit()) {
      offsets.add((long) at);
      at += RECORD_HEADER + bytes.getInt(at);
    }
    return offsets;
  }

  static void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[Math.toIntExact(offset)] ^= 0x40;
    Files.write(file, bytes);
  }

  static void cutBytes(Path file, int count) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - count));
  }

  static void appendBytes(Path file, byte[] extra) throws IOException {
    Files.write(file, extra, java.nio.file.StandardOpenOption.APPEND);
  }

  /** Copies a fixture journal folder from the test class path into {@code target}. */
  static Path copyFixture(String name, List<String> files, Path target) throws IOException {
    Path dir = Files.createDirectories(target.resolve(name));
    for (String file : files) {
      String resource = "/journal/" + name + "/" + file;
      try (InputStream in = TestEntries.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("fixture missing from the class path: " + resource);
        }
        Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }
}
