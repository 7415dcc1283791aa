package io.tandem.imap.message;

import io.tandem.imap.message.HeaderLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters after the value of Content-Type or Content-Disposition (RFC 2045 §5.1,
 * RFC 2183): {@code ; name=value} with token or quoted-string values. Malformed ones are
 * skipped. RFC 2231 continuations ({@code name*0}, {@code name*1*}) are joined into one
 * {@code name} (or {@code name*} when the first piece is charset-encoded) after the others, as
 * Dovecot shows them; the encoded text itself is left as sent.
 */
final class MimeParams {
  /** A parameter: its name as sent and its value unquoted, raw bytes in Latin-1 strings. */
  record Param(String name, String value) {}

  private MimeParams() {}

  /** The parameters in {@code tokens} from {@code from} (comments removed beforehand). */
  static List<Param> parse(List<Token> tokens, int from) {
    List<Param> params = new ArrayList<>();
    int pos = from;
    while (pos < tokens.size()) {
      if (!tokens.get(pos).is(';')) {
        pos++;
        continue;
      }
      int end = pos + 1;
      while (end < tokens.size() && !tokens.get(end).is(';')) {
        end++;
      }
      Param param = param(tokens.subList(pos + 1, end));
      if (param != null) {
        params.add(param);
      }
      pos = end;
    }
    return joinContinuations(params);
  }

  /** The value of the parameter named {@code name} (any case), or null. */
  static String get(List<Param> params, String name) {
    for (Param param : params) {
      if (param.name().equalsIgnoreCase(name)) {
        return param.value();
      }
    }
    return null;
  }

  /** name "=" value, where a value that should have been quoted is taken as it stands. */
  private static Param param(List<Token> tokens) {
    if (tokens.size() < 2 || tokens.get(0).type() != HeaderLexer.Type.ATOM
        || !tokens.get(1).is('=')) {
      return null;
    }
    StringBuilder value = new StringBuilder();
    for (Token token : tokens.subList(2, tokens.size())) {
      value.append(token.text());
    }
    return new Param(tokens.get(0).text(), value.toString());
  }

  private static List<Param> joinContinuations(List<Param> params) {
    List<Param> plain = new ArrayList<>();
    Map<String, TreeMap<Integer, Param>> pieces = new LinkedHashMap<>();
    for (Param param : params) {
      int star = param.name().indexOf('*');
      int index = star < 0 ? -1 : pieceIndex(param.name(), star + 1);
      if (index < 0) {
        plain.add(param);
      } else {
        String base = param.name().substring(0, star).toLowerCase(Locale.ROOT);
        pieces.computeIfAbsent(base, b -> new TreeMap<>()).putIfAbsent(index, param);
      }
    }
    for (TreeMap<Integer, Param> split : pieces.values()) {
      Param first = split.firstEntry().getValue();
      String name = first.name().substring(0, first.name().indexOf('*'));
      StringBuilder value = new StringBuilder();
      split.values().forEach(piece -> value.append(piece.value()));
      plain.add(new Param(first.name().endsWith("*") ? name + "*" : name, value.toString()));
    }
    return plain;
  }

  /** The N of {@code name*N} or {@code name*N*} starting at {@code from}, or -1. */
  private static int pieceIndex(String name, int from) {
    int end = name.endsWith("*") && name.length() - 1 > from ? name.length() - 1 : name.length();
    if (from >= end || end - from > 4) {
      return -1;
    }
    int index = 0;
    for (int i = from; i < end; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      index = index * 10 + (c - '0');
    }
    return index;
  }
}
