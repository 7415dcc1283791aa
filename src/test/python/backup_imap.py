#!/usr/bin/env python3
"""IMAP side of BackupImapIT (stdlib imaplib): the changes a user makes between two backup runs,
and a dump of what the mailbox holds, to compare restores with.

  backup_imap.py flags  --host H --port P --user U --password W
  backup_imap.py change --host H --port P --user U --password W
  backup_imap.py dump   --host H --port P --user U --password W

"flags" (before the first run): INBOX messages by UID order, 1: \\Seen; 2: \\Seen \\Flagged;
3: \\Answered and keyword $Work; 7: \\Flagged.
"change" (between the runs): CREATE Work; UID MOVE of messages 4 and 5 to Work; message 6 moved
the old way (UID COPY to Work, STORE +FLAGS \\Deleted, EXPUNGE); message 7 gets \\Seen, then
STORE +FLAGS \\Deleted and EXPUNGE (deleted); message 1 loses \\Seen and gets \\Answered; the
message that was 4 gets \\Flagged in Work.
"dump": every selectable folder (names with "/" between levels, whatever the server's delimiter)
and its messages, read with BODY.PEEK[] (no \\Seen set):
  {"messages": [{"folder": "INBOX", "message_id": "<..>", "sha256": "<hex of the maildir form:
   the bytes fetched with CRLF turned into LF>", "flags": ["\\\\Seen", ...]}, ...]}
  (flags sorted, \\Recent left out.)
Exit 0 on success; 1 with {"error": "..."} when a command was refused.
"""
import argparse
import email.parser
import hashlib
import imaplib
import json
import re
import sys

LIST_LINE = re.compile(rb'\((?P<attrs>[^)]*)\) (?P<delim>"[^"]*"|NIL) (?P<name>.+)$')


def ok(result, what):
    typ, data = result
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what}: {typ} {data!r}")
    return data


def connect(args):
    conn = imaplib.IMAP4(args.host, args.port, timeout=30)
    ok(conn.login(args.user, args.password), "LOGIN")
    return conn


def inbox_uids(conn):
    ok(conn.select("INBOX"), "SELECT INBOX")
    data = ok(conn.uid("SEARCH", "ALL"), "UID SEARCH ALL")
    return sorted(int(u) for u in data[0].split())


def store(conn, uid, how, flags):
    ok(conn.uid("STORE", str(uid), how, f"({flags})"), f"UID STORE {uid} {how} {flags}")


def do_flags(conn):
    uids = inbox_uids(conn)
    store(conn, uids[0], "+FLAGS", "\\Seen")
    store(conn, uids[1], "+FLAGS", "\\Seen \\Flagged")
    store(conn, uids[2], "+FLAGS", "\\Answered $Work")
    store(conn, uids[6], "+FLAGS", "\\Flagged")
    return {"done": "flags"}


def do_change(conn):
    uids = inbox_uids(conn)
    ok(conn.create("Work"), "CREATE Work")
    ok(conn.uid("MOVE", f"{uids[3]},{uids[4]}", "Work"), "UID MOVE to Work")
    ok(conn.uid("COPY", str(uids[5]), "Work"), "UID COPY to Work")
    store(conn, uids[5], "+FLAGS", "\\Deleted")
    store(conn, uids[6], "+FLAGS", "\\Seen")
    store(conn, uids[6], "+FLAGS", "\\Deleted")
    ok(conn.expunge(), "EXPUNGE")
    store(conn, uids[0], "-FLAGS", "\\Seen")
    store(conn, uids[0], "+FLAGS", "\\Answered")
    ok(conn.select("Work"), "SELECT Work")
    work = sorted(int(u) for u in ok(conn.uid("SEARCH", "ALL"), "UID SEARCH")[0].split())
    store(conn, work[0], "+FLAGS", "\\Flagged")
    return {"done": "change"}


def folders(conn):
    out = []
    for line in ok(conn.list('""', "*"), "LIST"):
        match = LIST_LINE.match(line)
        if not match or b"\\noselect" in match.group("attrs").lower():
            continue
        delim = match.group("delim").strip(b'"').decode()
        name = match.group("name").decode().strip('"')
        out.append((name, name.replace(delim, "/") if delim and delim != "NIL" else name))
    return out


def fetched(conn, items):
    """{uid: payload} for FETCH 1:* items, payload the literal (bytes) or the response line."""
    out = {}
    for part in ok(conn.fetch("1:*", items), f"FETCH {items}"):
        if isinstance(part, tuple):
            line, literal = part
        elif isinstance(part, bytes) and part != b")":
            line, literal = part, None
        else:
            continue
        uid = re.search(rb"UID (\d+)", line)
        if uid:
            out[int(uid.group(1))] = literal if literal is not None else line
    return out


def do_dump(conn):
    messages = []
    for name, shown in folders(conn):
        typ, data = conn.select(f'"{name}"', readonly=True)
        if typ != "OK":
            raise imaplib.IMAP4.error(f"SELECT {name}: {data!r}")
        if int(data[0]) == 0:
            continue
        flags = fetched(conn, "(UID FLAGS)")
        bodies = fetched(conn, "(UID BODY.PEEK[])")
        for uid, body in bodies.items():
            letters = re.search(rb"FLAGS \(([^)]*)\)", flags[uid]).group(1).decode().split()
            maildir_form = body.replace(b"\r\n", b"\n")
            headers = email.parser.BytesHeaderParser().parsebytes(maildir_form)
            messages.append({
                "folder": shown, "uid": uid,
                "message_id": headers.get("Message-ID", "").strip(),
                "sha256": hashlib.sha256(maildir_form).hexdigest(),
                "flags": sorted(f for f in letters if f != "\\Recent")})
    return {"messages": messages}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["flags", "change", "dump"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    try:
        conn = connect(args)
        result = {"flags": do_flags, "change": do_change, "dump": do_dump}[args.what](conn)
        conn.logout()
    except (imaplib.IMAP4.error, OSError) as e:
        print(json.dumps({"error": str(e)}))
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
