#!/usr/bin/env python3
"""List every folder of one IMAP account with its messages, as JSON (stdlib imaplib).

  imap_list.py --host 127.0.0.1 --port 10143 --user alice --password secret [--select]

Runs LIST "" "*", opens each selectable folder and, when it holds messages, runs
UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]).
Folders are opened with EXAMINE (read-only) by default: a read-write SELECT lets a server move
maildir files from new/ to cur/ (Dovecot does), which would change the store under test.
--select uses SELECT instead.

Output, one JSON object on stdout:
  {"folders": {"INBOX": {"delimiter": ".", "attributes": ["\\HasNoChildren"],
                         "uidvalidity": 1700000000, "uidnext": 4, "exists": 3,
                         "messages": [{"uid": 1, "flags": ["\\Seen"], "size": 4321,
                                       "message_id": "<id@example.test>"}, ...]}, ...}}
"message_id" is null when the header is absent. Exit 0 on success, 1 on an IMAP or
connection error (JSON {"error": ...} on stdout), 2 on a usage error.
"""
import argparse
import email.parser
import imaplib
import json
import re
import sys

LIST_RE = re.compile(rb'\((?P<attrs>[^)]*)\) (?P<delim>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$')


def unquote(raw):
    raw = raw.strip()
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = re.sub(rb'\\(.)', rb'\1', raw[1:-1])
    return raw.decode("utf-8", "replace")


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_list(data):
    """LIST response items -> [(name, delimiter, [attributes])]; literals come as tuples."""
    folders = []
    for item in data:
        if item is None:
            continue
        line, name = (item[0], item[1].decode("utf-8", "replace")) if isinstance(item, tuple) else (item, None)
        m = LIST_RE.match(line)
        if not m:
            raise ValueError(f"unparsable LIST line: {line!r}")
        delim = None if m["delim"] == b"NIL" else unquote(m["delim"])
        folders.append((name if name is not None else unquote(m["name"]), delim, m["attrs"].decode().split()))
    return folders


def parse_fetch(data):
    """UID FETCH response items -> [message dict], sorted by UID."""
    messages = []
    for item in data:
        if not isinstance(item, tuple):
            continue  # the b')' closing each literal, or a bare line without literal
        meta, literal = item
        uid = re.search(rb"\bUID (\d+)", meta)
        flags = re.search(rb"\bFLAGS \(([^)]*)\)", meta)
        size = re.search(rb"\bRFC822\.SIZE (\d+)", meta)
        header = email.parser.BytesHeaderParser().parsebytes(literal or b"")
        messages.append({
            "uid": int(uid[1]) if uid else None,
            "flags": flags[1].decode().split() if flags else [],
            "size": int(size[1]) if size else None,
            "message_id": header["Message-ID"],
        })
    return sorted(messages, key=lambda m: m["uid"] or 0)


def first_int(conn, key):
    typ, data = conn.response(key)
    return int(data[0]) if data and data[0] is not None else None


def check(typ, data, what):
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what} failed: {typ} {data!r}")
    return data


def list_account(a):
    conn = imaplib.IMAP4(a.host, a.port, timeout=a.timeout)
    try:
        check(*conn.login(a.user, a.password), "LOGIN")
        folders = {}
        for name, delim, attrs in parse_list(check(*conn.list('""', "*"), "LIST")):
            if {"\\noselect", "\\nonexistent"} & {x.lower() for x in attrs}:
                continue
            typ, data = conn.select(quote(name), readonly=not a.select)
            check(typ, data, f"{'SELECT' if a.select else 'EXAMINE'} {name}")
            exists = int(data[0])
            info = {"delimiter": delim, "attributes": attrs,
                    "uidvalidity": first_int(conn, "UIDVALIDITY"), "uidnext": first_int(conn, "UIDNEXT"),
                    "exists": exists, "messages": []}
            if exists:
                data = check(*conn.uid("FETCH", "1:*",
                                       "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"),
                             f"UID FETCH in {name}")
                info["messages"] = parse_fetch(data)
            folders[name] = info
        return {"folders": folders}
    finally:
        try:
            conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def main():
    ap = argparse.ArgumentParser(description="List all IMAP folders and messages of one account as JSON.")
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--select", action="store_true", help="open folders read-write (SELECT), not EXAMINE")
    ap.add_argument("--timeout", type=float, default=30.0, help="socket timeout in seconds (default 30)")
    a = ap.parse_args()
    try:
        out = list_account(a)
    except (imaplib.IMAP4.error, OSError, ValueError) as e:
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        print(f"imap_list: {e}", file=sys.stderr)
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
