package io.tandem.lmtp;

import java.io.ByteArrayOutputStream;

/**
 * Decodes the escapes of transcript text into bytes: {@code \r \n \t \\ \xHH}, and {@code \*Nc}
 * for the character c repeated N times. Other characters become one byte each (ISO-8859-1).
 */
final class Escapes {
  private Escapes() {}

  static byte[] decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.write(c);
        continue;
      }
      char e = text.charAt(++i);
      switch (e) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case '\\' -> out.write('\\');
        case 'x' -> {
          out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case '*' -> {
          int start = i + 1;
          while (Character.isDigit(text.charAt(i + 1))) {
            i++;
          }
          int count = Integer.parseInt(text.substring(start, i + 1));
          char repeated = text.charAt(++i);
          for (int n = 0; n < count; n++) {
            out.write(repeated);
          }
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + text);
      }
    }
    return out.toByteArray();
  }
}
