package io.tandem.hardware.md;

import io.tandem.hardware.HardwareException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of {@code /proc/mdstat} (kernel {@code md_seq_show}). Pure; thread-safe.
 *
 * <pre>
 * Personalities : [raid1] [raid6] [raid5] [raid4]
 * md0 : active raid1 vdc[3] vdb[2] vda[0](F)
 *       64512 blocks super 1.2 [2/1] [_U]
 *       [&gt;....................]  recovery =  3.1% (2048/64512) finish=1.5min speed=682K/sec
 *       bitmap: 1/1 pages [4KB], 65536KB chunk
 *
 * md8 : active raid1 nvme1n1p2[1] nvme0n1p2[0]
 *       56256 blocks super 1.2 [2/2] [UU]
 *       \tresync=DELAYED
 *
 * unused devices: &lt;none&gt;
 * </pre>
 *
 * <p>The variants that broke other parsers are accepted: raid0/linear/inactive arrays without
 * {@code [n/m]}, an array with no members whose status sits on the header line, the bitmap line
 * before or after the progress line, {@code (W)(F)} and other flag combinations, names that
 * are not {@code md\d+}, waiting lines ({@code DELAYED}, {@code PENDING}, {@code REMOTE}). What
 * is not understood is skipped and named in {@link Mdstat#warnings()}; only text that is not
 * mdstat at all (no {@code Personalities}, array or {@code unused devices} line) is refused.
 */
public final class MdstatParser {
  static final Set<String> KNOWN_LEVELS = Set.of("linear", "raid0", "raid1", "raid4", "raid5",
      "raid6", "raid10", "multipath", "faulty");
  private static final Pattern HEADER =
      Pattern.compile("^(\\S+)\\s+:\\s+(active|inactive)(?:\\s+(.*))?$");
  private static final Pattern MEMBER =
      Pattern.compile("^([^\\[\\]\\s()]+)\\[(\\d{1,9})\\]((?:\\([A-Za-z]\\))*)$");
  private static final Pattern BLOCKS = Pattern.compile("^(\\d{1,19}) blocks\\b(.*)$");
  private static final Pattern SUPER = Pattern.compile("\\bsuper (\\S+)");
  private static final Pattern COUNTS = Pattern.compile("\\[(\\d{1,9})/(\\d{1,9})\\]");
  private static final Pattern STATUS = Pattern.compile("\\[([U_]+)\\]");
  private static final Pattern PROGRESS = Pattern.compile("^(?:\\[[=>.]*\\]\\s*)?"
      + "(resync|recovery|check|reshape|repair)\\s*=\\s*(\\d{1,9}(?:\\.\\d{1,9})?)%"
      + "(?:\\s*\\((\\d{1,19})/(\\d{1,19})\\))?(?:\\s*finish=(\\d{1,12}(?:\\.\\d{1,9})?)min)?"
      + "(?:\\s*speed=(\\d{1,19})K/sec)?(.*)$");
  private static final Pattern WAITING = Pattern.compile(
      "^(resync|recover|recovery|reshape|check|repair)\\s*=\\s*(DELAYED|PENDING|REMOTE)\\s*$");
  private static final int MAX_WARNINGS = 50;

  private MdstatParser() {}

  /**
   * Parses the whole file.
   *
   * @throws HardwareException when the text is empty or is not {@code /proc/mdstat}
   */
  public static Mdstat parse(String text) throws HardwareException {
    if (text == null || text.isBlank()) {
      throw new HardwareException("/proc/mdstat is empty");
    }
    Parse parse = new Parse();
    for (String raw : text.split("\n", -1)) {
      parse.line(raw.replace("\r", ""));
    }
    parse.endArray();
    if (!parse.recognised) {
      throw new HardwareException("this is not /proc/mdstat (no 'Personalities', array or "
          + "'unused devices' line): it begins '" + excerpt(text) + "'");
    }
    return new Mdstat(parse.personalities, parse.arrays, parse.unused, parse.warnings);
  }

  /** The first line of {@code text}, at most 60 characters, control characters as '?'. */
  static String excerpt(String text) {
    String first = text.strip().split("\n", 2)[0];
    StringBuilder shown = new StringBuilder();
    first.codePoints().limit(60).forEach(c -> shown.appendCodePoint(
        Character.isISOControl(c) ? '?' : c));
    return shown + (first.codePointCount(0, first.length()) > 60 ? "..." : "");
  }

  /** The state of one pass over the lines. */
  private static final class Parse {
    final List<String> personalities = new ArrayList<>();
    final List<Mdstat.Array> arrays = new ArrayList<>();
    final List<String> unused = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    boolean recognised;
    ArrayBuilder current;

    void line(String line) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        endArray();
      } else if (trimmed.startsWith("Personalities :")) {
        endArray();
        recognised = true;
        for (String token : words(trimmed.substring("Personalities :".length()))) {
          if (token.length() > 2 && token.startsWith("[") && token.endsWith("]")) {
            personalities.add(token.substring(1, token.length() - 1));
          }
        }
      } else if (trimmed.startsWith("unused devices:")) {
        endArray();
        recognised = true;
        for (String token : words(trimmed.substring("unused devices:".length()))) {
          if (!token.equals("<none>")) {
            unused.add(token);
          }
        }
      } else {
        Matcher header = HEADER.matcher(trimmed);
        if (header.matches() && !Character.isWhitespace(line.charAt(0))) {
          endArray();
          recognised = true;
          current = new ArrayBuilder(header.group(1), header.group(2).equals("active"), this);
          current.header(header.group(3) == null ? "" : header.group(3));
        } else if (current != null) {
          current.detail(trimmed);
        } else if (!trimmed.startsWith("read_ahead") && !trimmed.startsWith("Event:")) {
          warn("skipped a line outside any array: '" + excerpt(trimmed) + "'");
        }
      }
    }

    void endArray() {
      if (current != null) {
        arrays.add(current.build());
        current = null;
      }
    }

    void warn(String warning) {
      if (warnings.size() < MAX_WARNINGS) {
        warnings.add(warning);
      } else if (warnings.size() == MAX_WARNINGS) {
        warnings.add("more warnings not kept");
      }
    }
  }

  private static List<String> words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
  }

  /** One array's lines, gathered. */
  private static final class ArrayBuilder {
    final String name;
    final boolean active;
    final Parse parse;
    String readOnly = "";
    String level = "";
    final List<Mdstat.Member> members = new ArrayList<>();
    long blocks = -1;
    String superblock = "";
    int raidDisks = -1;
    int inSync = -1;
    String status = "";
    Mdstat.Progress progress = Mdstat.Progress.NONE;
    boolean bitmap;

    ArrayBuilder(String name, boolean active, Parse parse) {
      this.name = name;
      this.active = active;
      this.parse = parse;
    }

    void header(String rest) {
      List<String> tokens = words(rest);
      int i = 0;
      if (i < tokens.size() && tokens.get(i).startsWith("(") && tokens.get(i).endsWith(")")
          && tokens.get(i).length() >= 2) {
        readOnly = tokens.get(i).substring(1, tokens.get(i).length() - 1);
        if (!readOnly.equals("read-only") && !readOnly.equals("auto-read-only")) {
          parse.warn(name + ": unknown mode '" + excerpt(readOnly) + "'");
        }
        i++;
      }
      if (i < tokens.size() && !tokens.get(i).contains("[") && !tokens.get(i).equals("super")) {
        level = tokens.get(i++);
        if (!KNOWN_LEVELS.contains(level)) {
          parse.warn(name + ": unknown personality '" + excerpt(level) + "'");
        }
      }
      for (; i < tokens.size(); i++) {
        Matcher member = MEMBER.matcher(tokens.get(i));
        if (!member.matches()) {
          break;
        }
        members.add(member(member));
      }
      if (i < tokens.size()) {
        // An array without members carries its size and status on the header line.
        status(String.join(" ", tokens.subList(i, tokens.size())));
      }
    }

    private Mdstat.Member member(Matcher member) {
      String flags = member.group(3);
      for (int f = 1; f < flags.length(); f += 3) {
        if ("WJFSR".indexOf(flags.charAt(f)) < 0) {
          parse.warn(name + ": unknown flag (" + flags.charAt(f) + ") on " + member.group(1));
        }
      }
      return new Mdstat.Member(member.group(1), Numbers.toInt(member.group(2), -1),
          flags.contains("(W)"), flags.contains("(J)"), flags.contains("(F)"),
          flags.contains("(S)"), flags.contains("(R)"));
    }

    void detail(String line) {
      Matcher blocksLine = BLOCKS.matcher(line);
      if (blocksLine.matches()) {
        blocks = Numbers.toLong(blocksLine.group(1), -1);
        status(blocksLine.group(2));
        return;
      }
      if (line.startsWith("bitmap:")) {
        bitmap = true;
        return;
      }
      Matcher waiting = WAITING.matcher(line);
      if (waiting.matches()) {
        String action = waiting.group(1).equals("recover") ? "recovery" : waiting.group(1);
        progress = new Mdstat.Progress(action, -1, -1, -1, -1, -1, waiting.group(2));
        return;
      }
      Matcher running = PROGRESS.matcher(line);
      if (running.matches()) {
        progress = new Mdstat.Progress(running.group(1),
            Numbers.toDouble(running.group(2), -1), Numbers.toLong(running.group(3), -1),
            Numbers.toLong(running.group(4), -1), Numbers.toDouble(running.group(5), -1),
            Numbers.toLong(running.group(6), -1), "");
        if (!running.group(7).isBlank()) {
          parse.warn(name + ": skipped '" + excerpt(running.group(7)) + "' after the progress");
        }
        return;
      }
      parse.warn(name + ": skipped a line: '" + excerpt(line) + "'");
    }

    void status(String text) {
      Matcher superblockWord = SUPER.matcher(text);
      if (superblockWord.find()) {
        superblock = superblockWord.group(1);
      }
      Matcher counts = COUNTS.matcher(text);
      if (counts.find()) {
        raidDisks = Numbers.toInt(counts.group(1), -1);
        inSync = Numbers.toInt(counts.group(2), -1);
      }
      Matcher roles = STATUS.matcher(text);
      if (roles.find()) {
        status = roles.group(1);
      }
    }

    Mdstat.Array build() {
      return new Mdstat.Array(name, active, readOnly, level, members, blocks, superblock,
          raidDisks, inSync, status, progress, bitmap);
    }
  }
}
