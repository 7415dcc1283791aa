#!/usr/bin/env python3
"""End-to-end IMAP client scenarios with the stdlib (imaplib, smtplib.LMTP, ssl), for
ImapClientsIT. Each scenario drives a running Tandem and checks every answer on the way.

  imap_clients.py commands --host H --port P --tls-port P --lmtp-port P --user U --password W
                           --cert appliance.crt
  imap_clients.py policy   --host H --port P --tls-port P --user U --password W --cert CRT
  imap_clients.py tracking (the same arguments as commands)

"commands": LMTP deliveries, then LOGIN, LIST, SELECT, FETCH (headers, bodies, parts, flags,
BODYSTRUCTURE, ENVELOPE), STORE, SEARCH, APPEND, CREATE, COPY, MOVE, EXPUNGE, RENAME, DELETE,
STATUS; a second connection in IDLE hears an LMTP delivery (EXISTS), a flag change (FETCH) and an
expunge (EXPUNGE) made elsewhere; STARTTLS and the implicit-TLS port, each checked to present
the appliance's certificate. Leaves the mailbox in the state described by "expected".
"tracking": four clients follow INBOX only through the untagged responses of NOOP or IDLE
(two with QRESYNC, so VANISHED instead of EXPUNGE), keeping sequence number -> UID and flags as
RFC 3501 section 7 says a client must, while three other sessions store flags, expunge, move,
copy and append and LMTP delivers; every response must fit the picture (a FETCH naming the UID
the client has at that number, an EXPUNGE within the mailbox), and at the end each picture must
be what a fresh SELECT shows. Set IMAP_TRACKER_LOGS=DIR to keep each client's transcript.
"policy": with imap.plaintext_auth = tls: LOGINDISABLED and [PRIVACYREQUIRED] without TLS,
LOGIN and AUTHENTICATE PLAIN after STARTTLS and on the TLS port.

Output, one JSON object on stdout:
  {"checks": N, "failures": ["what was expected, and what came", ...],
   "expected": [{"message_id": "<id>", "folder": "INBOX", "flags": "FS"}, ...]}  (commands:
   every message the maildir must hold at the end, with its maildir flag letters)
Exit 0 when the scenario ran to its end (failures may still be listed), 1 when it stopped on an
unexpected error (the JSON then has "error").
"""
import argparse
import base64
import email.utils
import imaplib
import json
import os
import re
import smtplib
import socket
import ssl
import sys
import time

CHECKS = [0]
FAILURES = []
DEADLINE = 30.0  # seconds a pushed response may take before the check fails


def check(what, ok, got=None):
    CHECKS[0] += 1
    if not ok:
        FAILURES.append(f"{what}; got {got!r}" if got is not None else what)
    return ok


def ok(result, what):
    typ, data = result
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what}: {typ} {data!r}")
    return data


def message(mid, subject, body, extra=""):
    return (f"From: Sender <sender@example.test>\r\nTo: alice@example.test\r\n"
            f"Subject: {subject}\r\nMessage-ID: {mid}\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
            f"{extra}\r\n{body}").encode()


MULTIPART = ("From: Sender <sender@example.test>\r\nTo: alice@example.test\r\n"
             "Subject: second with attachment\r\nMessage-ID: <m2@it>\r\n"
             "Date: Mon, 1 Jan 2024 11:00:00 +0000\r\nMIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n"
             "--XX\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nthe marmalade word\r\n"
             "--XX\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\n"
             "Content-Transfer-Encoding: base64\r\n\r\n"
             + base64.b64encode(b"attachment bytes").decode() + "\r\n--XX--\r\n").encode()


def lmtp(args, data, rcpt=None):
    with smtplib.LMTP(args.host, args.lmtp_port, timeout=DEADLINE) as client:
        refused = client.sendmail("sender@example.test", [rcpt or f"{args.user}@example.test"],
                                  data)
        check("LMTP accepted the message", not refused, refused)


class Parser:
    """Parses imaplib's FETCH data (lines, and (line, literal) tuples) into Python values:
    atoms as str, quoted strings and literals as bytes, NIL as None, lists as lists."""

    def __init__(self, data):
        self.parts = []  # bytes of text, or ("lit", bytes)
        for item in data:
            if isinstance(item, tuple):
                self.parts.append(re.sub(rb"\{\d+\}$", b"", item[0]))
                self.parts.append(("lit", item[1]))
            elif item is not None:
                self.parts.append(item)
        self.text = b""
        self.pos = 0
        self.index = -1
        self.literals = {}
        chunks = []
        for part in self.parts:
            if isinstance(part, tuple):
                self.literals[sum(len(c) for c in chunks)] = part[1]
                chunks.append(b"\x00")
            else:
                chunks.append(part)
        self.text = b"".join(chunks)

    def skip(self):
        while self.pos < len(self.text) and self.text[self.pos:self.pos + 1] == b" ":
            self.pos += 1

    def value(self):
        self.skip()
        c = self.text[self.pos:self.pos + 1]
        if c == b"(":
            self.pos += 1
            out = []
            while True:
                self.skip()
                if self.text[self.pos:self.pos + 1] == b")":
                    self.pos += 1
                    return out
                out.append(self.value())
        if c == b"\x00" and self.pos in self.literals:
            self.pos += 1
            return self.literals[self.pos - 1]
        if c == b'"':
            m = re.compile(rb'"((?:[^"\\]|\\.)*)"').match(self.text, self.pos)
            self.pos = m.end()
            return re.sub(rb"\\(.)", rb"\1", m[1])
        m = re.compile(rb"[^ ()\[\x00]+(\[[^\]]*\](<\d+>)?)?").match(self.text, self.pos)
        self.pos = m.end()
        atom = m[0].decode()
        return None if atom == "NIL" else int(atom) if atom.isdigit() else atom

    def responses(self):
        """{seq: {ITEM: value}} for 'SEQ (ITEM value ...)' responses."""
        out = {}
        while self.pos < len(self.text):
            self.skip()
            if self.pos >= len(self.text):
                break
            seq = self.value()
            items = self.value()
            out[seq] = {items[i].upper() if isinstance(items[i], str) else items[i]: items[i + 1]
                        for i in range(0, len(items) - 1, 2)}
        return out


def fetched(data):
    return Parser(data).responses()


def flags_of(items):
    return sorted(items["FLAGS"]) if "FLAGS" in items else None


def tls_context(cert):
    """Trusts exactly the appliance's self-signed certificate (no host name to check)."""
    context = ssl.create_default_context(cafile=cert)
    context.check_hostname = False
    return context


def presented_cert_is(conn, cert):
    with open(cert) as f:
        expected = ssl.PEM_cert_to_DER_cert(f.read())
    return conn.sock.getpeercert(binary_form=True) == expected


class Idler:
    """A second connection in IDLE, reading pushed lines with a deadline."""

    def __init__(self, args):
        self.conn = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
        ok(self.conn.login(args.user, args.password), "LOGIN (idler)")
        ok(self.conn.select("INBOX"), "SELECT (idler)")
        self.tag = self.conn._new_tag()
        self.conn.send(self.tag + b" IDLE\r\n")
        line = self.conn.readline()
        check("IDLE answered with a continuation", line.startswith(b"+"), line)
        self.lines = []

    def wait_for(self, pattern, what):
        """Reads pushed lines until one matches; fails the check after DEADLINE seconds."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            self.conn.sock.settimeout(max(0.1, end - time.monotonic()))
            try:
                line = self.conn.readline()
            except (socket.timeout, TimeoutError):
                break
            if not line:
                break
            self.lines.append(line.decode(errors="replace").rstrip())
            if re.search(pattern, line):
                return line
        check(f"IDLE session told of {what} ({pattern!r}) within {DEADLINE} s", False,
              self.lines)
        return None

    def done(self):
        self.conn.sock.settimeout(DEADLINE)
        self.conn.send(b"DONE\r\n")
        while True:
            line = self.conn.readline()
            if not line or line.startswith(self.tag):
                break
            self.lines.append(line.decode(errors="replace").rstrip())
        check("DONE ends IDLE with a tagged OK", line.startswith(self.tag + b" OK"), line)
        self.conn.logout()


def commands(args):
    user = args.user
    lmtp(args, message("<m1@it>", "first plain", "hello there, first body\r\n"))
    lmtp(args, MULTIPART)
    lmtp(args, message("<m3@it>", "third", "third body with marmalade\r\n"))
    lmtp(args, message("<m4@it>", "fourth", "fourth body\r\n"))

    bad = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
    try:
        bad.login(user, "not-the-password")
        check("LOGIN with a wrong password is refused", False)
    except imaplib.IMAP4.error as e:
        check("a wrong password gets [AUTHENTICATIONFAILED]", "AUTHENTICATIONFAILED" in str(e), e)
    bad.logout()

    m = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
    check("greeting capabilities offer STARTTLS", "STARTTLS" in m.capabilities, m.capabilities)
    ok(m.login(user, args.password), "LOGIN")
    caps = ok(m.capability(), "CAPABILITY")[0].decode().split()
    for cap in ("IMAP4rev1", "IDLE", "MOVE", "UIDPLUS", "CONDSTORE", "QRESYNC", "SPECIAL-USE",
                "NAMESPACE", "LITERAL+", "ENABLE"):
        check(f"capability {cap} after login", cap in caps, caps)

    listed = ok(m.list('""', "*"), "LIST")
    names = {}
    for line in listed:
        lm = re.match(rb'\(([^)]*)\) "\." "?([^"]*)"?$', line)
        names[lm[2].decode()] = lm[1].decode().split()
    check("LIST shows INBOX and the special-use folders",
          {"INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"} <= set(names), names)
    check("Sent carries \\Sent", "\\Sent" in names.get("Sent", []), names.get("Sent"))
    check("Trash carries \\Trash", "\\Trash" in names.get("Trash", []), names.get("Trash"))

    exists = ok(m.select("INBOX"), "SELECT INBOX")
    check("SELECT INBOX: 4 EXISTS", exists == [b"4"], exists)
    uidvalidity = int(m.untagged_responses.get("UIDVALIDITY", [b"0"])[0])
    check("SELECT gives UIDVALIDITY", uidvalidity > 0, uidvalidity)

    # Headers, sizes, flags of everything.
    data = ok(m.fetch("1:*", "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)])"),
              "FETCH headers")
    items = fetched(data)
    check("FETCH 1:* answers 4 messages", sorted(items) == [1, 2, 3, 4], sorted(items))
    subjects = {seq: re.search(rb"Subject: (.*)\r\n",
                               got["BODY[HEADER.FIELDS (SUBJECT MESSAGE-ID)]"])[1].decode()
                for seq, got in items.items()}
    check("subjects in delivery order", subjects == {1: "first plain",
          2: "second with attachment", 3: "third", 4: "fourth"}, subjects)
    check("new mail has no flags", all(flags_of(got) == [] for got in items.values()),
          [flags_of(got) for got in items.values()])
    uids = {seq: got["UID"] for seq, got in items.items()}
    check("UIDs ascend from 1", [uids[s] for s in (1, 2, 3, 4)] == [1, 2, 3, 4], uids)

    # A whole message, its size as announced, the Tandem trace headers; PEEK keeps it unseen.
    data = ok(m.fetch("1", "(RFC822.SIZE BODY.PEEK[])"), "FETCH BODY.PEEK[]")
    got = fetched(data)[1]
    whole = got["BODY[]"]
    check("RFC822.SIZE is the length of BODY[]", got["RFC822.SIZE"] == len(whole),
          (got["RFC822.SIZE"], len(whole)))
    check("BODY[] ends with the body sent", whole.endswith(b"hello there, first body\r\n"),
          whole[-60:])
    check("BODY[] starts with Return-Path",
          whole.startswith(b"Return-Path: <sender@example.test>"), whole[:60])

    # The multipart: BODYSTRUCTURE, ENVELOPE, one part, a partial.
    data = ok(m.uid("FETCH", "2", "(BODYSTRUCTURE ENVELOPE BODY.PEEK[2] BODY.PEEK[1]<4.9>)"),
              "UID FETCH parts")
    got = fetched(data)[2]
    structure = got["BODYSTRUCTURE"]
    check("BODYSTRUCTURE of the multipart is mixed, text/plain and application/octet-stream",
          structure[2].lower() == b"mixed" and structure[0][:2] == [b"text", b"plain"]
          and structure[1][:2] == [b"application", b"octet-stream"], structure)
    check("ENVELOPE carries date, subject and Message-ID",
          got["ENVELOPE"][1] == b"second with attachment" and got["ENVELOPE"][9] == b"<m2@it>",
          got["ENVELOPE"])
    check("BODY[2] is the base64 attachment",
          base64.b64decode(got["BODY[2]"]) == b"attachment bytes", got)
    check("BODY[1]<4.9> is a partial of part 1", got.get("BODY[1]<4>") == b"marmalade", got)
    check("UID FETCH answers the UID", got["UID"] == 2, got)
    data = ok(m.fetch("2", "(FLAGS)"), "FETCH FLAGS after PEEK")
    check("PEEK leaves the message unseen", flags_of(fetched(data)[2]) == [], data)

    # BODY[TEXT] without PEEK sets \Seen and says so.
    data = ok(m.fetch("1", "(BODY[TEXT])"), "FETCH BODY[TEXT]")
    got = fetched(data)[1]
    check("BODY[TEXT] is the body", got["BODY[TEXT]"] == b"hello there, first body\r\n", got)
    check("fetching BODY[TEXT] reports \\Seen", flags_of(got) == ["\\Seen"], got)

    # STORE in its forms.
    data = ok(m.store("2", "+FLAGS", "(\\Flagged \\Answered)"), "STORE +FLAGS")
    check("STORE +FLAGS answers the new flags",
          flags_of(fetched(data)[2]) == ["\\Answered", "\\Flagged"], data)
    data = ok(m.store("3", "+FLAGS.SILENT", "(\\Draft $Important)"), "STORE +FLAGS.SILENT")
    check("STORE .SILENT answers no FETCH", data == [None], data)
    data = ok(m.uid("STORE", "3", "-FLAGS", "($Important)"), "UID STORE -FLAGS")
    got = fetched(data)[3]
    check("UID STORE -FLAGS answers UID and flags", got.get("UID") == 3
          and flags_of(got) == ["\\Draft"], got)
    data = ok(m.store("4", "FLAGS", "(\\Seen \\Flagged)"), "STORE FLAGS")
    check("STORE FLAGS replaces", flags_of(fetched(data)[4]) == ["\\Flagged", "\\Seen"],
          data)
    data = ok(m.fetch("1:4", "(FLAGS)"), "FETCH FLAGS")
    got = {seq: flags_of(items) for seq, items in fetched(data).items()}
    check("flags as stored", got == {1: ["\\Seen"], 2: ["\\Answered", "\\Flagged"],
          3: ["\\Draft"], 4: ["\\Flagged", "\\Seen"]}, got)

    # SEARCH.
    searches = {
        "UNSEEN": [2, 3], "SEEN": [1, 4], "FLAGGED": [2, 4], "ANSWERED": [2], "DRAFT": [3],
        'SUBJECT "attachment"': [2], 'BODY "marmalade"': [2, 3], 'FROM "sender@example.test"':
        [1, 2, 3, 4], "OR DRAFT ANSWERED": [2, 3], "NOT SEEN FLAGGED": [2], "1:2 UNSEEN": [2],
        'HEADER Message-ID "<m4@it>"': [4], "ALL": [1, 2, 3, 4], "LARGER 100000": [],
        "SENTBEFORE 2-Jan-2024": [1, 2, 3, 4], "KEYWORD $Important": [],
    }
    for criteria, expected in searches.items():
        data = ok(m.search(None, criteria), f"SEARCH {criteria}")
        found = [int(x) for x in data[0].split()]
        check(f"SEARCH {criteria}", found == expected, found)
    data = ok(m.uid("SEARCH", "UNSEEN"), "UID SEARCH")
    check("UID SEARCH UNSEEN", [int(x) for x in data[0].split()] == [2, 3], data)

    # APPEND to the selected mailbox (seen at the next NOOP) and to another.
    date = imaplib.Time2Internaldate(time.mktime((2023, 5, 6, 7, 8, 9, 0, 0, -1)))
    typ, data = m.append("INBOX", "(\\Seen $Label1)", date,
                         message("<m5@it>", "appended", "appended body\r\n"))
    check("APPEND answers OK with APPENDUID", typ == "OK" and b"APPENDUID" in data[0], data)
    appenduid = re.search(rb"APPENDUID (\d+) (\d+)", data[0])
    check("APPENDUID names INBOX's UIDVALIDITY and UID 5",
          appenduid and (int(appenduid[1]), int(appenduid[2])) == (uidvalidity, 5), data)
    ok(m.noop(), "NOOP")
    check("NOOP tells EXISTS 5 after the APPEND", b"5" in m.untagged_responses.get("EXISTS", []),
          m.untagged_responses)
    m.untagged_responses.clear()
    data = ok(m.fetch("5", "(UID FLAGS INTERNALDATE)"), "FETCH appended")
    got = fetched(data)[5]
    check("the appended message keeps its flags and date",
          flags_of(got) == ["$Label1", "\\Seen"] and got["INTERNALDATE"].startswith(b"06-May-2023"),
          got)
    typ, data = m.append("Sent", "(\\Seen)", None, message("<s1@it>", "sent one", "sent\r\n"))
    check("APPEND to Sent", typ == "OK", data)
    # Bytes as they were appended, a stray CR before a line end and a bare CR included
    # (imaplib's append() would rewrite them, so the literal is set directly).
    odd = message("<cr@it>", "stray CRs", "a stray CR\r\r\na bare\rCR\r\nend\r\n")
    m.literal = odd
    typ, data = m._simple_command("APPEND", "Drafts")
    check("APPEND of a message with stray CRs", typ == "OK", (typ, data))
    ok(m.select("Drafts", readonly=True), "EXAMINE Drafts")
    got = fetched(ok(m.fetch("1", "(RFC822.SIZE BODY.PEEK[])"), "FETCH from Drafts"))[1]
    check("BODY[] of the message with stray CRs is the bytes appended", got["BODY[]"] == odd,
          got["BODY[]"])
    check("RFC822.SIZE is the length of BODY[] (stray CRs)",
          got["RFC822.SIZE"] == len(got["BODY[]"]), (got["RFC822.SIZE"], len(got["BODY[]"])))
    ok(m.select("INBOX"), "SELECT INBOX")
    m.untagged_responses.clear()
    typ, data = m.append("Nowhere", None, None, message("<x@it>", "x", "x\r\n"))
    check("APPEND to a missing folder is NO [TRYCREATE]",
          typ == "NO" and b"TRYCREATE" in data[0], (typ, data))

    # CREATE, COPY, MOVE, EXPUNGE.
    ok(m.create("Work"), "CREATE Work")
    ok(m.create("Work.Sub"), "CREATE Work.Sub")
    typ, data = m.create("Work")
    check("CREATE of an existing folder is NO", typ == "NO", (typ, data))
    typ, data = m.copy("1:2", "Work")
    check("COPY answers COPYUID", typ == "OK" and re.search(rb"COPYUID \d+ 1:2|COPYUID \d+ 1,2 1,2",
          data[0]), data)
    data = ok(m.uid("COPY", "4", "Work.Sub"), "UID COPY")
    typ, data = m._simple_command("MOVE", "3", "Archive")
    check("MOVE is OK", typ == "OK", data)
    check("MOVE tells EXPUNGE of message 3", b"3" in m.untagged_responses.get("EXPUNGE", []),
          m.untagged_responses)
    check("MOVE tells COPYUID", any(b"COPYUID" in x for x in m.untagged_responses.get("OK", [])
          + m.untagged_responses.get("COPYUID", [])), m.untagged_responses)
    m.untagged_responses.clear()
    # INBOX now: 1 m1 (uid 1), 2 m2 (uid 2), 3 m4 (uid 4), 4 m5 (uid 5)
    data = ok(m.store("1", "+FLAGS", "(\\Deleted)"), "STORE \\Deleted")
    data = ok(m.expunge(), "EXPUNGE")
    check("EXPUNGE tells message 1", data == [b"1"], data)
    m.untagged_responses.clear()
    data = ok(m.uid("STORE", "5", "+FLAGS", "(\\Deleted)"), "UID STORE \\Deleted")
    typ, data = m.uid("EXPUNGE", "5")
    check("UID EXPUNGE 5", typ == "OK" and m.untagged_responses.get("EXPUNGE") == [b"3"],
          (typ, m.untagged_responses))
    m.untagged_responses.clear()
    # INBOX now: 1 m2 (uid 2, \Answered \Flagged), 2 m4 (uid 4, \Flagged \Seen)
    data = ok(m.fetch("1:*", "(UID)"), "FETCH UID after expunges")
    got = [items["UID"] for _, items in sorted(fetched(data).items())]
    check("INBOX holds UIDs 2 and 4", got == [2, 4], got)

    # RENAME (with the child), STATUS, DELETE.
    ok(m.rename("Work", "Projects"), "RENAME Work Projects")
    listed = [x.decode() for x in ok(m.list('""', "*"), "LIST after RENAME")]
    check("RENAME took the child along", any('"Projects.Sub"' in x for x in listed)
          and not any('"Work' in x for x in listed), listed)
    data = ok(m.status("Projects", "(MESSAGES UNSEEN UIDNEXT)"), "STATUS Projects")
    check("STATUS Projects: 2 messages, 1 unseen, UIDNEXT 3",
          re.search(rb"MESSAGES 2", data[0]) and re.search(rb"UNSEEN 1", data[0])
          and re.search(rb"UIDNEXT 3", data[0]), data)
    ok(m.create("Scratch"), "CREATE Scratch")
    ok(m.append("Scratch", None, None, message("<gone@it>", "gone", "gone\r\n")), "APPEND Scratch")
    ok(m.delete("Scratch"), "DELETE Scratch")
    typ, data = m.select("Scratch")
    check("a deleted folder cannot be selected", typ == "NO", (typ, data))
    ok(m.select("INBOX"), "SELECT INBOX again")

    # IDLE on a second connection: a delivery, a flag change and an expunge from elsewhere.
    idler = Idler(args)
    lmtp(args, message("<m6@it>", "while idling", "pushed\r\n"))
    idler.wait_for(rb"^\* 3 EXISTS", "an LMTP delivery")
    ok(m.store("1", "+FLAGS", "(\\Seen)"), "STORE while the other idles")
    idler.wait_for(rb"^\* 1 FETCH \(.*FLAGS \(\\Answered \\Flagged \\Seen\)", "a flag change")
    ok(m.store("2", "+FLAGS", "(\\Deleted)"), "STORE \\Deleted while the other idles")
    ok(m.expunge(), "EXPUNGE while the other idles")
    idler.wait_for(rb"^\* 2 EXPUNGE", "an expunge")
    idler.done()
    m.untagged_responses.clear()
    ok(m.noop(), "NOOP")
    # INBOX now: 1 m2 (uid 2, \Answered \Flagged \Seen), 2 m6 (uid 6, unseen)
    check("LOGOUT is answered with BYE", m.logout()[0] == "BYE")

    # STARTTLS on the plain port, then the implicit-TLS port; both show the appliance's cert.
    t = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
    ok(t.starttls(ssl_context=tls_context(args.cert)), "STARTTLS")
    check("STARTTLS presents the appliance certificate", presented_cert_is(t, args.cert))
    check("no STARTTLS offered once under TLS", "STARTTLS" not in t.capabilities, t.capabilities)
    ok(t.login(user, args.password), "LOGIN after STARTTLS")
    check("INBOX over STARTTLS holds 2", ok(t.select("INBOX", readonly=True), "EXAMINE") == [b"2"])
    data = ok(t.fetch("2", "(BODY[])"), "FETCH BODY[] under EXAMINE")
    check("EXAMINE leaves the message unseen",
          flags_of(fetched(data)[2]) is None, data)
    check("LOGOUT is answered with BYE", t.logout()[0] == "BYE")
    s = imaplib.IMAP4_SSL(args.host, args.tls_port, ssl_context=tls_context(args.cert),
                          timeout=DEADLINE)
    check("the TLS port presents the appliance certificate", presented_cert_is(s, args.cert))
    ok(s.login(user, args.password), "LOGIN on the TLS port")
    data = ok(s.status("Archive", "(MESSAGES)"), "STATUS Archive over TLS")
    check("Archive holds the moved message", b"MESSAGES 1" in data[0], data)
    check("LOGOUT is answered with BYE", s.logout()[0] == "BYE")

    expected = [
        {"message_id": "<m2@it>", "folder": "INBOX", "flags": "FRS"},
        {"message_id": "<m6@it>", "folder": "INBOX", "flags": ""},
        {"message_id": "<m3@it>", "folder": "Archive", "flags": "D"},
        {"message_id": "<s1@it>", "folder": "Sent", "flags": "S"},
        {"message_id": "<cr@it>", "folder": "Drafts", "flags": ""},
        {"message_id": "<m1@it>", "folder": "Projects", "flags": "S"},
        {"message_id": "<m2@it>", "folder": "Projects", "flags": "FR"},
        {"message_id": "<m4@it>", "folder": "Projects.Sub", "flags": "FS"},
    ]
    return {"expected": expected}


def expect_no(result, code, what):
    typ, data = result
    check(f"{what} is NO [{code}]", typ == "NO" and code.encode() in b" ".join(data), (typ, data))


def policy(args):
    p = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
    check("without TLS the greeting says LOGINDISABLED", "LOGINDISABLED" in p.capabilities,
          p.capabilities)
    check("without TLS no AUTH=PLAIN is offered", "AUTH=PLAIN" not in p.capabilities,
          p.capabilities)
    check("STARTTLS is offered", "STARTTLS" in p.capabilities, p.capabilities)
    expect_no(p._simple_command("LOGIN", args.user, imaplib.IMAP4._quote(p, args.password)),
              "PRIVACYREQUIRED", "LOGIN without TLS")
    plain = base64.b64encode(f"\0{args.user}\0{args.password}".encode()).decode()
    expect_no(p._simple_command("AUTHENTICATE", "PLAIN", plain), "PRIVACYREQUIRED",
              "AUTHENTICATE PLAIN without TLS")
    ok(p.starttls(ssl_context=tls_context(args.cert)), "STARTTLS")
    check("after STARTTLS no LOGINDISABLED", "LOGINDISABLED" not in p.capabilities,
          p.capabilities)
    check("after STARTTLS AUTH=PLAIN is offered", "AUTH=PLAIN" in p.capabilities, p.capabilities)
    ok(p.login(args.user, args.password), "LOGIN after STARTTLS")
    ok(p.select("INBOX"), "SELECT after STARTTLS")
    check("LOGOUT is answered with BYE", p.logout()[0] == "BYE")

    a = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
    ok(a.starttls(ssl_context=tls_context(args.cert)), "STARTTLS")
    ok(a.authenticate("PLAIN", lambda _: f"\0{args.user}\0{args.password}".encode()),
       "AUTHENTICATE PLAIN after STARTTLS")
    check("LOGOUT is answered with BYE", a.logout()[0] == "BYE")

    s = imaplib.IMAP4_SSL(args.host, args.tls_port, ssl_context=tls_context(args.cert),
                          timeout=DEADLINE)
    check("the TLS port offers AUTH=PLAIN", "AUTH=PLAIN" in s.capabilities, s.capabilities)
    ok(s.login(args.user, args.password), "LOGIN on the TLS port")
    check("LOGOUT is answered with BYE", s.logout()[0] == "BYE")
    return {}


class Raw:
    """A line-level IMAP client that keeps every untagged response in the order it came (imaplib
    files them by kind, which loses the order EXPUNGE and EXISTS must be read in)."""

    def __init__(self, args):
        self.sock = socket.create_connection((args.host, args.port), timeout=DEADLINE)
        self.buffer = b""
        self.count = 0
        self.transcript = []
        self.readline()
        lines, tagged = self.command(f"LOGIN {args.user} \"{args.password}\"")
        if not tagged.startswith("OK"):
            raise imaplib.IMAP4.error(f"LOGIN: {tagged}")

    def _fill(self, until):
        """Reads more bytes; False when nothing came before the monotonic time {until}."""
        self.sock.settimeout(max(0.01, until - time.monotonic()))
        try:
            chunk = self.sock.recv(65536)
        except (socket.timeout, TimeoutError):
            return False
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buffer += chunk
        return True

    def readline(self, seconds=DEADLINE):
        """One response line (literals inlined), or None when none came within {seconds}."""
        until = time.monotonic() + seconds
        while b"\r\n" not in self.buffer:
            if not self._fill(until) and time.monotonic() >= until:
                return None
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        m = re.search(rb"\{(\d+)\}$", line)
        if m:  # not expected for UID/FLAGS/MODSEQ, but keep the framing right
            while len(self.buffer) < int(m[1]):
                self._fill(time.monotonic() + DEADLINE)
            line += self.buffer[:int(m[1])]
            self.buffer = self.buffer[int(m[1]):]
            line += (self.readline() or "").encode()
        self.transcript.append("S: " + line.decode(errors="replace"))
        return line.decode(errors="replace")

    def send(self, text):
        self.transcript.append("C: " + text)
        self.sock.sendall(text.encode() + b"\r\n")

    def command(self, text):
        self.count += 1
        tag = f"r{self.count}"
        self.send(f"{tag} {text}")
        return self.until(tag)

    def until(self, tag):
        lines = []
        while True:
            line = self.readline()
            if line is None:
                raise TimeoutError(f"no answer to {tag} within {DEADLINE} s; got {lines}")
            if line.startswith(tag + " "):
                return lines, line[len(tag) + 1:]
            lines.append(line)

    def close(self):
        try:
            self.command("LOGOUT")
        except (OSError, EOFError):
            pass
        self.sock.close()


class Tracker:
    """A client's picture of its selected mailbox (sequence number -> UID, flags), kept only from
    the untagged responses the server sends, as RFC 3501 section 7 and RFC 7162 say a client
    must read them. Any response that does not fit the picture is a failure."""

    def __init__(self, args, name, qresync=False):
        self.name = name
        self.qresync = qresync
        self.raw = Raw(args)
        if qresync:
            self.raw.command("ENABLE QRESYNC")
        lines, tagged = self.raw.command("SELECT INBOX")
        self.view = []  # [uid or None, flags]
        self.apply(lines, "SELECT")
        self.fill()

    def apply(self, lines, during):
        for line in lines:
            m = re.match(r"\* (\d+) EXISTS$", line)
            if m:
                n = int(m[1])
                if not check(f"{self.name}: EXISTS {n} after {during} does not shrink the mailbox"
                             f" of {len(self.view)}", n >= len(self.view)):
                    raise AssertionError(f"{self.name}: lost track")
                self.view += [[None, None] for _ in range(n - len(self.view))]
                continue
            m = re.match(r"\* (\d+) EXPUNGE$", line)
            if m:
                n = int(m[1])
                if not check(f"{self.name}: EXPUNGE {n} after {during} names a message"
                             f" (there are {len(self.view)})", 1 <= n <= len(self.view)):
                    raise AssertionError(f"{self.name}: lost track")
                check(f"{self.name}: no EXPUNGE once QRESYNC is on", not self.qresync, line)
                del self.view[n - 1]
                continue
            m = re.match(r"\* VANISHED (\S+)$", line)
            if m:
                check(f"{self.name}: VANISHED only with QRESYNC", self.qresync, line)
                gone = set()
                for part in m[1].split(","):
                    low, _, high = part.partition(":")
                    gone.update(range(int(low), int(high or low) + 1))
                known = {uid for uid, _ in self.view if uid is not None}
                unknown = gone - known
                # A message told by EXISTS whose UID this client has not fetched yet: its UID is
                # above every known one, and it is one of the placeholders (which one does not
                # matter: their UIDs are fetched by sequence number afterwards).
                placeholders = sum(1 for uid, _ in self.view if uid is None)
                check(f"{self.name}: VANISHED after {during} names messages told by EXISTS",
                      len(unknown) <= placeholders, (sorted(unknown), placeholders, line))
                self.view = [entry for entry in self.view if entry[0] not in gone]
                for uid in sorted(unknown):
                    # UIDs ascend with sequence numbers: the vanished message is a placeholder
                    # between the known UIDs around it (any of a run of them: they are alike).
                    at = None
                    for i, (known_uid, _) in enumerate(self.view):
                        if known_uid is None and at is None:
                            at = i
                        elif known_uid is not None and known_uid < uid:
                            at = None
                        elif known_uid is not None and known_uid > uid:
                            break
                    if check(f"{self.name}: VANISHED {uid} after {during} fits between the"
                             f" known UIDs", at is not None, line):
                        del self.view[at]
                continue
            m = re.match(r"\* (\d+) FETCH \((.*)\)$", line)
            if m:
                n = int(m[1])
                if not check(f"{self.name}: FETCH {n} after {during} names a message"
                             f" (there are {len(self.view)})", 1 <= n <= len(self.view), line):
                    raise AssertionError(f"{self.name}: lost track")
                uid = re.search(r"UID (\d+)", m[2])
                flags = re.search(r"FLAGS \(([^)]*)\)", m[2])
                entry = self.view[n - 1]
                if uid:
                    if entry[0] is None:
                        entry[0] = int(uid[1])
                    else:
                        check(f"{self.name}: FETCH after {during}: message {n} is UID {entry[0]}",
                              entry[0] == int(uid[1]), line)
                if flags:
                    entry[1] = sorted(flags[1].split())

    def fill(self):
        """Asks for the UID and flags of messages it has only heard exist."""
        first = next((i for i, entry in enumerate(self.view) if entry[0] is None), None)
        if first is not None:
            lines, tagged = self.raw.command(f"FETCH {first + 1}:* (UID FLAGS)")
            check(f"{self.name}: FETCH of new messages", tagged.startswith("OK"), tagged)
            self.apply(lines, "FETCH")

    def noop(self):
        lines, tagged = self.raw.command("NOOP")
        self.apply(lines, "NOOP")
        self.fill()

    def idle_round(self, seconds):
        """IDLE for a while, reading what is pushed, then DONE."""
        self.raw.count += 1
        tag = f"r{self.raw.count}"
        self.raw.send(f"{tag} IDLE")
        line = self.raw.readline()
        check(f"{self.name}: IDLE continues", line is not None and line.startswith("+"), line)
        end = time.monotonic() + seconds
        pushed = []
        while time.monotonic() < end:
            line = self.raw.readline(end - time.monotonic())
            if line is None:
                break
            pushed.append(line)
        self.raw.send("DONE")
        lines, tagged = self.raw.until(tag)
        check(f"{self.name}: IDLE ends OK", tagged.startswith("OK"), tagged)
        self.apply(pushed + lines, "IDLE")
        self.fill()

    def picture(self):
        return [(uid, flags) for uid, flags in self.view]


def tracking(args):
    """Clients that only ever read untagged responses keep the same picture of INBOX as a fresh
    SELECT, while other sessions and LMTP change it under them."""
    import random
    import threading
    rng = random.Random(7)
    for i in range(10):
        lmtp(args, message(f"<t{i}@it>", f"tracked {i}", "body\r\n"))
    trackers = [Tracker(args, "noop"), Tracker(args, "noop+qresync", qresync=True),
                Tracker(args, "idle"), Tracker(args, "idle+qresync", qresync=True)]
    stop = threading.Event()
    errors = []

    def mutate(seed):
        r = random.Random(seed)
        conn = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
        try:
            ok(conn.login(args.user, args.password), "LOGIN (mutator)")
            for i in range(40):
                ok(conn.select("INBOX"), "SELECT")
                uids = ok(conn.uid("SEARCH", "ALL"), "UID SEARCH")[0].split()
                action = r.choice(["flag", "flag", "unflag", "expunge", "deliver", "move",
                                   "copyback", "append"])
                if action in ("flag", "unflag") and uids:
                    flag = r.choice(["\\Seen", "\\Flagged", "\\Answered", "$Tag"])
                    conn.uid("STORE", r.choice(uids), "+FLAGS" if action == "flag" else "-FLAGS",
                             f"({flag})")
                elif action == "expunge" and len(uids) > 3:
                    uid = r.choice(uids)
                    conn.uid("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)")
                    conn.uid("EXPUNGE", uid)
                elif action == "deliver":
                    lmtp(args, message(f"<d{seed}-{i}@it>", "delivered", "x\r\n"))
                elif action == "move" and len(uids) > 3:
                    conn._simple_command("UID", "MOVE", r.choice(uids), "Archive")
                elif action == "copyback":
                    ok(conn.select("Archive"), "SELECT Archive")
                    archived = ok(conn.uid("SEARCH", "ALL"), "UID SEARCH")[0].split()
                    if archived:
                        conn.uid("COPY", r.choice(archived), "INBOX")
                else:
                    conn.append("INBOX", "(\\Seen)", None,
                                message(f"<a{seed}-{i}@it>", "appended", "x\r\n"))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"mutator {seed}: {type(e).__name__}: {e}")
        finally:
            try:
                conn.logout()
            except (imaplib.IMAP4.error, OSError):
                pass

    def follow(tracker):
        try:
            while not stop.is_set():
                if tracker.name.startswith("idle"):
                    tracker.idle_round(0.3)
                else:
                    tracker.noop()
                    time.sleep(0.05)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"{tracker.name}: {type(e).__name__}: {e}")

    followers = [threading.Thread(target=follow, args=(t,)) for t in trackers]
    mutators = [threading.Thread(target=mutate, args=(seed,)) for seed in (1, 2, 3)]
    for thread in followers + mutators:
        thread.start()
    for thread in mutators:
        thread.join()
    stop.set()
    for thread in followers:
        thread.join()
    check("no client failed", not errors, errors)

    fresh = imaplib.IMAP4(args.host, args.port, timeout=DEADLINE)
    ok(fresh.login(args.user, args.password), "LOGIN")
    ok(fresh.select("INBOX"), "SELECT")
    data = ok(fresh.fetch("1:*", "(UID FLAGS)"), "FETCH")
    truth = [(items["UID"], sorted(items["FLAGS"])) for _, items in sorted(fetched(data).items())]
    fresh.logout()
    for tracker in trackers:
        if os.environ.get("IMAP_TRACKER_LOGS"):
            with open(os.path.join(os.environ["IMAP_TRACKER_LOGS"], tracker.name + ".log"),
                      "w") as f:
                f.write("\n".join(tracker.raw.transcript))
        tracker.noop()  # the last changes, then the picture must be the mailbox
        picture = tracker.picture()
        check(f"{tracker.name}: the picture kept from untagged responses is the mailbox"
              f" ({len(truth)} messages)", picture == truth,
              [x for x in picture if x not in truth][:5] + ["vs"]
              + [x for x in truth if x not in picture][:5])
        tracker.raw.close()
    return {"messages": len(truth)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", choices=["commands", "policy", "tracking"])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--tls-port", type=int, required=True)
    ap.add_argument("--lmtp-port", type=int)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--cert", required=True)
    args = ap.parse_args()
    out = {}
    code = 0
    try:
        out = {"commands": commands, "policy": policy, "tracking": tracking}[args.scenario](args)
    except Exception as e:  # noqa: BLE001 - reported to the test with its type
        out["error"] = f"{type(e).__name__}: {e}"
        code = 1
    out["checks"] = CHECKS[0]
    out["failures"] = FAILURES
    print(json.dumps(out))
    return code


if __name__ == "__main__":
    sys.exit(main())
