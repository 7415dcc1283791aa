package io.tandem.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * IMAP flags as the store keeps them: a sorted, duplicate-free list of names. System flags are
 * kept in their canonical case ({@code \Seen}); keywords as given.
 *
 * <p>The maildir info suffix {@code :2,} carries the system flags as the standard letters
 * (D, F, R, S, T in ASCII order). Keywords live in the index only, so other readers of the maildir
 * see system flags but not keywords.
 */
public final class Flags {
  public static final String SEEN = "\\Seen";
  public static final String ANSWERED = "\\Answered";
  public static final String FLAGGED = "\\Flagged";
  public static final String DELETED = "\\Deleted";
  public static final String DRAFT = "\\Draft";

  private static final List<String> SYSTEM = List.of(ANSWERED, DELETED, DRAFT, FLAGGED, SEEN);

  private Flags() {}

  /** Canonical form of a flag list: system flags re-cased, sorted, no duplicates. */
  public static List<String> normalize(Collection<String> flags) {
    TreeSet<String> set = new TreeSet<>();
    for (String flag : flags) {
      set.add(canonical(flag));
    }
    return List.copyOf(set);
  }

  /** The maildir letters for a flag list, in ASCII order as the maildir spec asks. */
  public static String maildirLetters(Collection<String> flags) {
    TreeSet<Character> letters = new TreeSet<>();
    for (String flag : flags) {
      char letter = letterOf(flag);
      if (letter != 0) {
        letters.add(letter);
      }
    }
    StringBuilder out = new StringBuilder();
    letters.forEach(out::append);
    return out.toString();
  }

  /** The system flags that maildir letters stand for; unknown letters are ignored. */
  public static List<String> fromMaildirLetters(String letters) {
    List<String> flags = new ArrayList<>();
    for (char c : letters.toCharArray()) {
      switch (c) {
        case 'D' -> flags.add(DRAFT);
        case 'F' -> flags.add(FLAGGED);
        case 'R' -> flags.add(ANSWERED);
        case 'S' -> flags.add(SEEN);
        case 'T' -> flags.add(DELETED);
        default -> { }
      }
    }
    return normalize(flags);
  }

  private static char letterOf(String flag) {
    switch (flag) {
      case DRAFT: return 'D';
      case FLAGGED: return 'F';
      case ANSWERED: return 'R';
      case SEEN: return 'S';
      case DELETED: return 'T';
      default: return 0;
    }
  }

  private static String canonical(String flag) {
    if (flag.startsWith("\\")) {
      for (String system : SYSTEM) {
        if (system.equalsIgnoreCase(flag)) {
          return system;
        }
      }
      return "\\" + flag.substring(1, Math.min(2, flag.length())).toUpperCase(Locale.ROOT)
          + flag.substring(Math.min(2, flag.length())).toLowerCase(Locale.ROOT);
    }
    return flag;
  }
}
