package io.tandem.imap.message;

import io.tandem.imap.message.HeaderLexer.Grammar;
import io.tandem.imap.message.HeaderLexer.Token;
import io.tandem.imap.message.HeaderLexer.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an address-list (RFC 5322 §3.4) for ENVELOPE: mailboxes with or without a display name,
 * groups, quoted local parts, comments (the last one names an address that has no display name,
 * as Dovecot does), obsolete routes (dropped). Never fails: an address without a mailbox or a
 * domain gets Dovecot's placeholders {@code MISSING_MAILBOX} and {@code MISSING_DOMAIN}, and what
 * follows an address before the next comma is skipped. Empty list elements are skipped (RFC 5322
 * §4.4 allows them).
 */
final class AddressParser {
  static final String MISSING_MAILBOX = "MISSING_MAILBOX";
  static final String MISSING_DOMAIN = "MISSING_DOMAIN";

  private final List<Token> tokens;
  private final List<Address> out = new ArrayList<>();
  private int pos;

  private AddressParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The addresses of a header value (raw bytes in a Latin-1 string). */
  static List<Address> parse(String value) {
    AddressParser parser = new AddressParser(HeaderLexer.tokens(value, Grammar.ADDRESS));
    while (parser.pos < parser.tokens.size()) {
      if (parser.at(',') || parser.at(';')) {
        parser.pos++;
      } else {
        parser.element(false);
      }
    }
    return parser.out;
  }

  /** A mailbox, or a group when not already in one; stops before "," or ";". */
  private void element(boolean inGroup) {
    List<Token> words = new ArrayList<>();
    String comment = null;
    while (pos < tokens.size() && !at(',') && !at(';')) {
      Token token = tokens.get(pos++);
      if (token.type() == Type.COMMENT) {
        comment = token.text();
      } else if (token.is('<')) {
        angleAddress(phrase(words));
        skipToSeparator();
        return;
      } else if (token.is(':') && !inGroup) {
        group(phrase(words));
        return;
      } else if (token.is('@')) {
        String domain = domain();
        comment = lastComment(comment);
        add(comment == null || comment.isEmpty() ? null : comment, localPart(words), domain);
        return;
      } else {
        words.add(token);
      }
    }
    if (words.isEmpty()) {
      return;
    }
    if (isDotAtom(words)) {
      add(null, localPart(words), null);
    } else {
      add(phrase(words), null, null);
    }
  }

  /** After "<": [route ":"] local-part "@" domain ">". */
  private void angleAddress(String name) {
    if (at('@')) {
      while (pos < tokens.size() && !at(':') && !at('>')) {
        pos++;
      }
      if (at(':')) {
        pos++;
      }
    }
    List<Token> local = new ArrayList<>();
    while (pos < tokens.size() && !at('@') && !at('>')) {
      Token token = tokens.get(pos++);
      if (token.type() != Type.COMMENT) {
        local.add(token);
      }
    }
    String domain = null;
    if (at('@')) {
      pos++;
      domain = domain();
    }
    if (at('>')) {
      pos++;
    }
    add(name, localPart(local), domain);
  }

  /** After "name:": mailboxes up to ";", between the group's start and end markers. */
  private void group(String name) {
    out.add(Address.groupStart(name == null ? "" : name));
    while (pos < tokens.size() && !at(';')) {
      if (at(',')) {
        pos++;
      } else {
        element(true);
      }
    }
    if (at(';')) {
      pos++;
    }
    out.add(Address.GROUP_END);
  }

  /**
   * The dot-atom or domain literal after "@": it ends at anything else, or at a second word
   * without a dot between ({@code a@b c@d} is a@b and junk).
   */
  private String domain() {
    StringBuilder domain = new StringBuilder();
    boolean afterWord = false;
    while (pos < tokens.size()) {
      Token token = tokens.get(pos);
      boolean word = token.type() == Type.ATOM || token.type() == Type.DOMAIN_LITERAL;
      if (!(word && !afterWord) && !(token.is('.') && afterWord)) {
        break;
      }
      domain.append(token.text());
      afterWord = word;
      pos++;
    }
    return domain.toString();
  }

  /** The last comment before the next separator, else {@code comment}; skips to it. */
  private String lastComment(String comment) {
    while (pos < tokens.size() && !at(',') && !at(';')) {
      Token token = tokens.get(pos++);
      if (token.type() == Type.COMMENT) {
        comment = token.text();
      }
    }
    return comment;
  }

  private void skipToSeparator() {
    while (pos < tokens.size() && !at(',') && !at(';')) {
      pos++;
    }
  }

  private void add(String name, String mailbox, String host) {
    out.add(new Address(name,
        mailbox == null || mailbox.isEmpty() ? MISSING_MAILBOX : mailbox,
        host == null || host.isEmpty() ? MISSING_DOMAIN : host));
  }

  private boolean at(char special) {
    return pos < tokens.size() && tokens.get(pos).is(special);
  }

  /** Display-name words joined by one space, a dot kept on the word before it: "A. Person". */
  private static String phrase(List<Token> words) {
    StringBuilder phrase = new StringBuilder();
    for (Token word : words) {
      if (word.isWord() && phrase.length() > 0) {
        phrase.append(' ');
      }
      phrase.append(word.text());
    }
    return phrase.length() == 0 ? null : phrase.toString();
  }

  /** The words of a local part as they stand: {@code john.o'neil}, or {@code a b} quoted. */
  private static String localPart(List<Token> words) {
    StringBuilder local = new StringBuilder();
    words.forEach(word -> local.append(word.text()));
    return local.toString();
  }

  /** word *("." word): one local part rather than a display name. */
  private static boolean isDotAtom(List<Token> words) {
    for (int i = 0; i < words.size(); i++) {
      if (i % 2 == 0 ? !words.get(i).isWord() : !words.get(i).is('.')) {
        return false;
      }
    }
    return words.size() % 2 == 1;
  }
}
