package io.tandem.backup.store;

import io.tandem.util.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The manifest file format, version 1: UTF-8 text, one record per line (LF), fields separated by
 * one TAB. The last line carries the SHA-256 of every byte before it, so a cut-off or altered
 * manifest never reads as a run.
 *
 * <pre>
 * manifest = "tandem-backup-manifest" SP "1" LF
 *            "run" TAB run-id LF
 *            "time" TAB instant LF                  ; ISO-8601 UTC, Instant.toString()
 *            "parent" TAB (run-id / "-") LF         ; "-": a full manifest
 *            "seq" TAB after TAB upto LF            ; journal entries after &lt; seq &lt;= upto
 *            ["accounts" TAB sha256 LF]             ; the object of the users and folders
 *            change*
 *            "end" TAB count TAB sha256 LF          ; count of change lines; hash of all bytes above
 * change   = "put" TAB message LF                   ; the message at (user, mailbox, uid) is this
 *          / "del" TAB message TAB deleted-at LF    ; the message at (user, mailbox, uid) is gone
 * message  = user TAB mailbox TAB uid TAB flags TAB internal-date TAB size TAB sha256
 * flags    = "" / flag *(SP flag)                   ; sorted
 * deleted-at, internal-date = ms since 1970; uid, size, after, upto = decimal
 * user, mailbox = text with "%" TAB CR LF written as %25 %09 %0D %0A
 * </pre>
 *
 * Changes apply in file order. Stateless.
 */
public final class ManifestCodec {
  static final String MAGIC = "tandem-backup-manifest 1";

  private ManifestCodec() {}

  /** Writes {@code manifest} to {@code out} (not closed, not flushed beyond what it writes). */
  public static void write(Manifest manifest, OutputStream out) throws IOException {
    begin(manifest, out).finish();
  }

  /**
   * Starts a manifest with {@code head}'s fields and changes; more changes may follow
   * ({@link Writer#add}) before {@link Writer#finish} writes the end line. A full run writes its
   * changes user by user this way and never holds them all (ADR 0021).
   */
  public static Writer begin(Manifest head, OutputStream out) throws IOException {
    Writer writer = new Writer(out);
    writer.line(MAGIC);
    writer.line("run\t" + head.runId());
    writer.line("time\t" + head.time());
    writer.line("parent\t" + head.parent().orElse("-"));
    writer.line("seq\t" + head.afterSeq() + "\t" + head.uptoSeq());
    if (head.accounts().isPresent()) {
      writer.line("accounts\t" + head.accounts().get());
    }
    for (Manifest.Change change : head.changes()) {
      writer.add(change);
    }
    return writer;
  }

  /** The bytes of {@code manifest}. */
  public static byte[] encode(Manifest manifest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(manifest, out);
    } catch (IOException e) {
      throw new IllegalStateException("a byte array does not fail", e);
    }
    return out.toByteArray();
  }

  private static String encode(Manifest.Change change) {
    if (change instanceof Manifest.Change.Put put) {
      return "put\t" + encode(put.entry());
    }
    Deletion deletion = ((Manifest.Change.Remove) change).deletion();
    return "del\t" + encode(deletion.entry()) + "\t" + deletion.deletedAtMs();
  }

  private static String encode(MessageEntry e) {
    return escape(e.user()) + "\t" + escape(e.mailbox()) + "\t" + e.uid() + "\t"
        + String.join(" ", e.flags()) + "\t" + e.internalDateMs() + "\t" + e.size() + "\t"
        + e.sha256();
  }

  /**
   * Reads a whole manifest.
   *
   * @throws ManifestFormatException when it is cut off, altered, or not a manifest
   */
  public static Manifest read(InputStream in) throws IOException {
    List<Manifest.Change> changes = new ArrayList<>();
    RunInfo info = read(in, changes::add);
    return new Manifest(info.runId(), info.time(), info.parent(), info.afterSeq(),
        info.uptoSeq(), changes, info.accounts());
  }

  /**
   * Reads a manifest, telling {@code sink} of each change as it is read and keeping none. The
   * end line is checked last: a caller that acts on the changes must undo what it did when this
   * throws (the catalog rolls back; retention and the verifier drop the run).
   *
   * @return the run's fields and counts
   * @throws ManifestFormatException when it is cut off, altered, or not a manifest
   */
  public static RunInfo read(InputStream in, ChangeSink sink) throws IOException {
    Reader reader = new Reader(in);
    if (!MAGIC.equals(reader.next())) {
      throw reader.error("not a backup manifest (version 1)");
    }
    try {
      String runId = reader.field("run");
      Instant time = Instant.parse(reader.field("time"));
      String parent = reader.field("parent");
      String[] seq = reader.field("seq").split("\t", -1);
      if (seq.length != 2) {
        throw reader.error("seq needs two numbers");
      }
      long puts = 0;
      long deletions = 0;
      Optional<String> accounts = Optional.empty();
      for (String line = reader.next(); ; line = reader.next()) {
        if (line != null && line.startsWith("accounts\t") && puts + deletions == 0
            && accounts.isEmpty()) {
          accounts = Optional.of(line.substring("accounts\t".length()));
          continue;
        }
        if (line == null) {
          throw reader.error("cut off: no end line");
        }
        if (line.startsWith("end\t")) {
          reader.end(line, puts + deletions);
          break;
        }
        Manifest.Change change = decodeChange(line, reader);
        if (change instanceof Manifest.Change.Put) {
          puts++;
        } else {
          deletions++;
        }
        sink.accept(change);
      }
      // The header's checks (run ids, seq range, accounts hash), without the changes.
      Manifest head = new Manifest(runId, time,
          parent.equals("-") ? Optional.empty() : Optional.of(parent), Long.parseLong(seq[0]),
          Long.parseLong(seq[1]), List.of(), accounts);
      return new RunInfo(head.runId(), head.time(), head.parent(), head.afterSeq(),
          head.uptoSeq(), head.accounts(), puts, deletions);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw reader.error(e.getMessage());
    }
  }

  private static Manifest.Change decodeChange(String line, Reader reader)
      throws ManifestFormatException {
    String[] f = line.split("\t", -1);
    boolean put = f[0].equals("put") && f.length == 8;
    boolean del = f[0].equals("del") && f.length == 9;
    if (!put && !del) {
      throw reader.error("not a change line");
    }
    List<String> flags = f[4].isEmpty() ? List.of() : Arrays.asList(f[4].split(" ", -1));
    MessageEntry entry = new MessageEntry(unescape(f[1]), unescape(f[2]), Long.parseLong(f[3]),
        flags, Long.parseLong(f[5]), Long.parseLong(f[6]), f[7]);
    return put ? Manifest.Change.put(entry) : Manifest.Change.remove(entry, Long.parseLong(f[8]));
  }

  static String escape(String text) {
    return text.replace("%", "%25").replace("\t", "%09").replace("\r", "%0D")
        .replace("\n", "%0A");
  }

  static String unescape(String text) {
    return text.replace("%09", "\t").replace("%0D", "\r").replace("%0A", "\n")
        .replace("%25", "%");
  }

  /** Writes a manifest's lines, hashing them; {@link #finish} writes the end line. */
  public static final class Writer {
    private final MessageDigest digest = Sha256.newDigest();
    private final OutputStream out;
    private long changes;

    private Writer(OutputStream out) {
      this.out = out;
    }

    /** Writes one more change line. */
    public void add(Manifest.Change change) throws IOException {
      line(encode(change));
      changes++;
    }

    /** How many change lines were written. */
    public long changes() {
      return changes;
    }

    /** Writes the end line (the count and the hash of everything above it). */
    public void finish() throws IOException {
      out.write(("end\t" + changes + "\t" + Sha256.hex(digest.digest()) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }

    private void line(String text) throws IOException {
      byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
      digest.update(bytes);
      out.write(bytes);
    }
  }

  /** Reads LF-terminated lines, hashing each, and counts them for error messages. */
  private static final class Reader {
    private final MessageDigest digest = Sha256.newDigest();
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private byte[] last = new byte[0];
    private int number;

    Reader(InputStream in) {
      this.in = in;
    }

    /** The next whole line, or null at the end; a last line without LF is an error. */
    String next() throws IOException {
      digest.update(last);
      line.reset();
      for (int b; (b = in.read()) >= 0; ) {
        line.write(b);
        if (b == '\n') {
          number++;
          last = line.toByteArray();
          return new String(last, 0, last.length - 1, StandardCharsets.UTF_8);
        }
      }
      if (line.size() > 0) {
        number++;
        throw error("cut off in the middle of a line");
      }
      last = new byte[0];
      return null;
    }

    String field(String name) throws IOException {
      String text = next();
      if (text == null || !text.startsWith(name + "\t")) {
        throw error("expected the " + name + " line");
      }
      return text.substring(name.length() + 1);
    }

    void end(String text, long count) throws IOException {
      String[] f = text.split("\t", -1);
      String expected = Sha256.hex(digest.digest());
      if (f.length != 3 || !f[1].equals(Long.toString(count)) || !f[2].equals(expected)) {
        throw error("end line does not match the content (altered or mixed manifest)");
      }
      last = new byte[0];
      if (in.read() >= 0) {
        throw error("bytes after the end line");
      }
    }

    ManifestFormatException error(String what) {
      return new ManifestFormatException("line " + number + ": " + what);
    }
  }
}
