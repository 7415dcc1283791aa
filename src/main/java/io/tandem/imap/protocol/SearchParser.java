package io.tandem.imap.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * search = "SEARCH" [SP "CHARSET" SP astring] 1*(SP search-key) (RFC 3501 §9), with MODSEQ
 * (RFC 7162 §3.1.5). Nesting through parentheses, NOT and OR is bounded by the limits.
 */
final class SearchParser {
  private SearchParser() {}

  static ImapCommand.Search search(ImapReader in, String tag, boolean uid)
      throws ImapSyntaxException {
    in.sp();
    Optional<String> charset = Optional.empty();
    if (in.acceptWord("CHARSET")) {
      in.sp();
      charset = Optional.of(in.astring().toUpperCase(Locale.ROOT));
      in.sp();
    }
    List<SearchKey> keys = new ArrayList<>();
    keys.add(key(in));
    while (!in.atEnd()) {
      in.sp();
      keys.add(key(in));
      in.checkListLength(keys.size());
    }
    return new ImapCommand.Search(tag, uid, charset, new SearchKey.And(keys));
  }

  private static SearchKey key(ImapReader in) throws ImapSyntaxException {
    if (ImapValues.startsSequenceSet(in)) {
      return new SearchKey.Sequence(ImapValues.sequenceSet(in));
    }
    if (in.accept('(')) {
      in.enter();
      List<SearchKey> keys = new ArrayList<>();
      keys.add(key(in));
      while (!in.accept(')')) {
        in.sp();
        keys.add(key(in));
        in.checkListLength(keys.size());
      }
      in.leave();
      return new SearchKey.And(keys);
    }
    String name = in.keyword("Expected a search key");
    SearchKey simple = simple(name);
    return simple != null ? simple : withArgument(in, name);
  }

  private static SearchKey simple(String name) {
    try {
      return new SearchKey.Simple(SearchKey.Kind.valueOf(name));
    } catch (IllegalArgumentException notSimple) {
      return null;
    }
  }

  private static SearchKey withArgument(ImapReader in, String name) throws ImapSyntaxException {
    switch (name) {
      case "BCC": case "BODY": case "CC": case "FROM": case "SUBJECT": case "TEXT": case "TO":
        in.sp();
        return new SearchKey.Text(SearchKey.TextField.valueOf(name), in.astring());
      case "BEFORE": case "ON": case "SINCE": case "SENTBEFORE": case "SENTON": case "SENTSINCE":
        in.sp();
        return new SearchKey.Date(SearchKey.DateField.valueOf(name), ImapValues.date(in));
      case "KEYWORD": case "UNKEYWORD":
        in.sp();
        return new SearchKey.Keyword(in.atom("Bad keyword"), name.equals("KEYWORD"));
      case "HEADER":
        in.sp();
        String field = in.astring();
        in.sp();
        return new SearchKey.Header(field, in.astring());
      case "LARGER": case "SMALLER":
        in.sp();
        return new SearchKey.Size(name.equals("LARGER"), in.number32());
      case "UID":
        in.sp();
        return new SearchKey.Uid(ImapValues.sequenceSet(in));
      case "NOT":
        in.sp();
        return new SearchKey.Not(nested(in));
      case "OR":
        in.sp();
        SearchKey left = nested(in);
        in.sp();
        return new SearchKey.Or(left, nested(in));
      case "MODSEQ":
        return modSeq(in);
      default:
        throw in.fail("Unknown search key");
    }
  }

  private static SearchKey nested(ImapReader in) throws ImapSyntaxException {
    in.enter();
    SearchKey key = key(in);
    in.leave();
    return key;
  }

  /** MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer. */
  private static SearchKey modSeq(ImapReader in) throws ImapSyntaxException {
    in.sp();
    if (!in.peekIs('"')) {
      return new SearchKey.ModSeq(in.modSeq(true), Optional.empty(), Optional.empty());
    }
    String entry = in.astring();
    if (!entry.regionMatches(true, 0, "/flags/", 0, 7) || entry.length() == 7) {
      throw in.fail("Bad MODSEQ entry name");
    }
    in.sp();
    String type = in.atom("Bad MODSEQ entry type").toLowerCase(Locale.ROOT);
    if (!type.equals("priv") && !type.equals("shared") && !type.equals("all")) {
      throw in.fail("Bad MODSEQ entry type");
    }
    in.sp();
    return new SearchKey.ModSeq(in.modSeq(true), Optional.of(entry.substring(7)),
        Optional.of(type));
  }
}
