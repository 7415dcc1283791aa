package io.tandem.imap.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protocol transcripts, one per group of commands, played against the real service on a
 * loopback port with a real store. alice's INBOX holds three messages before each: a plain one,
 * a \Seen one, and a multipart one with an attachment.
 */
class ImapTranscriptTest {
  static final String FIRST = "From: Bob Example <bob@example.test>\n"
      + "To: alice@example.test\n"
      + "Subject: first\n"
      + "Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
      + "Message-ID: <1@example.test>\n"
      + "\n"
      + "Hello one\n";
  static final String SECOND = "From: carol@example.test\n"
      + "To: alice@example.test\n"
      + "Subject: =?UTF-8?B?c2Vjw7ZuZA==?=\n"
      + "Date: Wed, 15 Nov 2023 08:00:00 +0100\n"
      + "\n"
      + "Second body with the word zebra\n";
  static final String THIRD = "From: dave@example.test\n"
      + "To: alice@example.test\n"
      + "Subject: report\n"
      + "MIME-Version: 1.0\n"
      + "Content-Type: multipart/mixed; boundary=\"b1\"\n"
      + "\n"
      + "--b1\n"
      + "Content-Type: text/plain; charset=us-ascii\n"
      + "\n"
      + "See attached.\n"
      + "--b1\n"
      + "Content-Type: application/pdf; name=\"r.pdf\"\n"
      + "Content-Transfer-Encoding: base64\n"
      + "\n"
      + "JVBERi0xLjQK\n"
      + "--b1--\n";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth", "select", "fetch", "store", "search", "copy-move", "expunge",
      "mailboxes", "append", "extensions", "errors", "condstore"})
  void transcript(String name) throws Exception {
    try (ImapFixture fixture = new ImapFixture(dir)) {
      fixture.deliver("alice", "INBOX", FIRST, List.of());
      fixture.deliver("alice", "INBOX", SECOND, List.of("\\Seen"));
      fixture.deliver("alice", "INBOX", THIRD, List.of());
      try (Socket socket = new Socket("127.0.0.1", fixture.imap.port())) {
        new ImapTranscript().play(socket, read(name));
      }
    }
  }

  private static String read(String name) throws IOException {
    try (InputStream in = ImapTranscriptTest.class.getResourceAsStream(
        "/io/tandem/imap/transcripts/" + name + ".txt")) {
      if (in == null) {
        throw new IOException("no transcript " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
