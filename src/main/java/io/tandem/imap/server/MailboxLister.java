package io.tandem.imap.server;

import io.tandem.store.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * LIST and LSUB (RFC 3501 §6.3.8-9) with the LIST-EXTENDED selection SUBSCRIBED and return
 * options CHILDREN, SUBSCRIBED and SPECIAL-USE (RFC 5258, RFC 6154): which names a pattern
 * matches and the attributes of each. Parents that do not exist themselves but have children
 * are listed {@code \Noselect}, as Maildir++ allows. Pure.
 */
final class MailboxLister {
  /** One LIST line: a name and its attributes. */
  record Listed(String name, List<String> attributes) {}

  private final Map<String, String> specialUse;
  private final Set<String> subscribed;

  /**
   * @param specialUse every existing mailbox and its special use (null for none)
   * @param subscribed the subscribed names
   */
  MailboxLister(Map<String, String> specialUse, Set<String> subscribed) {
    this.specialUse = specialUse;
    this.subscribed = subscribed;
  }

  /** LIST: existing mailboxes (and holding parents) matching {@code reference + pattern}. */
  List<Listed> list(String reference, String pattern, boolean onlySubscribed,
      boolean showSubscribed) {
    Matcher matcher = new Matcher(reference + pattern);
    Map<String, List<String>> out = new TreeMap<>(MailboxLister::compare);
    TreeSet<String> candidates = new TreeSet<>(specialUse.keySet());
    if (onlySubscribed) {
      candidates = new TreeSet<>(subscribed);
    }
    for (String name : candidates) {
      if (matcher.matches(name)) {
        out.put(name, attributes(name, onlySubscribed || showSubscribed));
      }
      if (!onlySubscribed) {
        for (String parent = Names.parent(name); parent != null; parent = Names.parent(parent)) {
          if (!specialUse.containsKey(parent) && matcher.matches(parent)) {
            out.putIfAbsent(parent, holdingParent(parent, showSubscribed));
          }
        }
      }
    }
    List<Listed> listed = new ArrayList<>();
    out.forEach((name, attributes) -> listed.add(new Listed(name, attributes)));
    return listed;
  }

  /** LSUB: subscribed names matching the pattern; a subscribed name that does not exist is
   *  {@code \Noselect}. */
  List<Listed> lsub(String reference, String pattern) {
    Matcher matcher = new Matcher(reference + pattern);
    List<Listed> listed = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(MailboxLister::compare);
    names.addAll(subscribed);
    for (String name : names) {
      if (matcher.matches(name)) {
        listed.add(new Listed(name,
            specialUse.containsKey(name) ? List.of() : List.of("\\Noselect")));
      }
    }
    return listed;
  }

  private List<String> attributes(String name, boolean showSubscribed) {
    List<String> attributes = new ArrayList<>();
    if (!specialUse.containsKey(name)) {
      attributes.add("\\NonExistent");
    }
    attributes.add(hasChildren(name) ? "\\HasChildren" : "\\HasNoChildren");
    if (showSubscribed && subscribed.contains(name)) {
      attributes.add("\\Subscribed");
    }
    String use = specialUse.get(name);
    if (use != null) {
      attributes.add(use);
    }
    return attributes;
  }

  private List<String> holdingParent(String name, boolean showSubscribed) {
    List<String> attributes = new ArrayList<>(List.of("\\Noselect", "\\HasChildren"));
    if (showSubscribed && subscribed.contains(name)) {
      attributes.add("\\Subscribed");
    }
    return attributes;
  }

  private boolean hasChildren(String name) {
    String prefix = name + Names.SEPARATOR;
    String next = new TreeSet<>(specialUse.keySet()).ceiling(prefix);
    return next != null && next.startsWith(prefix);
  }

  /** INBOX first, then by name. */
  private static int compare(String a, String b) {
    boolean inboxA = a.equals(Names.INBOX);
    boolean inboxB = b.equals(Names.INBOX);
    if (inboxA != inboxB) {
      return inboxA ? -1 : 1;
    }
    return a.compareTo(b);
  }

  /** A LIST pattern: {@code *} matches anything, {@code %} anything but the separator. */
  static final class Matcher {
    private final String pattern;

    Matcher(String pattern) {
      // INBOX is case-insensitive (RFC 3501 §5.1): compare it in its canonical form.
      this.pattern = pattern.regionMatches(true, 0, Names.INBOX, 0, 5)
          && (pattern.length() == 5 || pattern.charAt(5) == Names.SEPARATOR)
          ? Names.INBOX + pattern.substring(5) : pattern;
    }

    /** Wildcard matching as dynamic programming over (pattern, name) positions: linear in
     *  their product whatever the client's pattern, never exponential. */
    boolean matches(String name) {
      int plen = pattern.length();
      int nlen = name.length();
      // next[n]: whether pattern[p+1..] matches name[n..]; built from the pattern's end.
      boolean[] next = new boolean[nlen + 1];
      next[nlen] = true;
      for (int p = plen - 1; p >= 0; p--) {
        char c = pattern.charAt(p);
        boolean[] here = new boolean[nlen + 1];
        for (int n = nlen; n >= 0; n--) {
          if (c == '*') {
            here[n] = next[n] || (n < nlen && here[n + 1]);
          } else if (c == '%') {
            here[n] = next[n] || (n < nlen && name.charAt(n) != Names.SEPARATOR && here[n + 1]);
          } else {
            here[n] = n < nlen && name.charAt(n) == c && next[n + 1];
          }
        }
        next = here;
      }
      return next[0];
    }
  }
}
