#!/usr/bin/env python3
"""IMAP clients for ImapPairIT (stdlib imaplib, smtplib.LMTP): act on the primary of a pair,
hold sessions open across a failover, reconnect with QRESYNC.

Common arguments: --host H --port IMAP_PORT --user U --password W [--lmtp-port P]

  imap_pair.py act --actions JSON
      Carries out a list of actions, in order, on one IMAP connection (and LMTP for "deliver"):
        {"op": "deliver", "id": "<mid>"}                      LMTP to the user's INBOX
        {"op": "append", "folder": F, "id": "<mid>", "flags": "(\\\\Seen)", "size": BYTES}
        {"op": "store", "folder": F, "uid": N, "mode": "+FLAGS"|"-FLAGS"|"FLAGS", "flags": "(...)"}
        {"op": "expunge", "folder": F, "uid": N}              STORE +FLAGS \\Deleted, UID EXPUNGE
        {"op": "copy"|"move", "folder": F, "uid": N, "to": T}
        {"op": "create", "folder": F} / {"op": "rename", "folder": F, "to": T}
      -> {"results": ["OK [COPYUID ...] ...", ...]}  the tagged text of each IMAP command
  imap_pair.py state --folders INBOX,Work,...
      -> {"folders": {F: {"uidvalidity": n, "highestmodseq": n, "uidnext": n,
                          "messages": [{"uid", "flags", "modseq", "message_id"}]}}}
      Read with EXAMINE after ENABLE CONDSTORE, so reading changes nothing.
  imap_pair.py hold --seconds S [--stuck-folder F [--stuck-tls-port P]]
      Opens two sessions with INBOX selected, one of them in IDLE; prints {"ready": true} on a
      line of its own, then reads both until the server ends them or S seconds pass
      -> {"sessions": [{"idle": true, "lines": [...], "closed": true}, ...]}
      With --stuck-folder, first a third session asks for message 1 of F (make it large) and
      reads nothing until the other two are over and stdin is closed; then it reads to the end
      (over TLS to the port --stuck-tls-port names, when given)
      -> "stuck": {"received": bytes, "closed": true, "complete": whether the FETCH's tagged
                   OK came (the server was not cut off), "tail": "the last bytes"}
  imap_pair.py writer --folders F --seconds S
      APPEND (with a keyword) and UID STORE +FLAGS \\Flagged in F, in a loop, until the server
      ends the session or S seconds pass; prints {"ready": true} once 5 messages are in, then
      -> {"appended": [{"uid", "id", "keyword"}], "flagged": [uid], "refused": ["NO ..."],
          "ended": "how the session ended"}   (only what the server answered OK is listed)
  imap_pair.py login
      -> {"result": "OK"|"NO"|..., "text": "..."}
  imap_pair.py qresync --uidvalidity V --modseq M
      ENABLE QRESYNC, SELECT INBOX (QRESYNC (V M)), UID FETCH 1:* (FLAGS) (CHANGEDSINCE M
      VANISHED), then UID FETCH 1:* (FLAGS MODSEQ Message-ID)
      -> {"enabled": "...", "select": [every untagged line of the SELECT], "tagged": "OK ...",
          "vanished_earlier": [uids], "fetched": [{"uid", "flags", "modseq"}],
          "highestmodseq": n, "exists": n, "messages": [{"uid", "flags", "modseq",
          "message_id"}], "changedsince": {"lines": [...], "vanished_earlier": [uids],
          "fetched": [{"seq", "uid", "flags", "modseq"}], "tagged": "OK ..."}}
Exit 0 on success; 1 on an error (JSON {"error": ...} on stdout).
"""
import argparse
import imaplib
import json
import re
import smtplib
import socket
import ssl
import sys
import threading
import time


def ok(result, what):
    typ, data = result
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what}: {typ} {data!r}")
    return data


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect(a):
    conn = imaplib.IMAP4(a.host, a.port, timeout=30)
    ok(conn.login(a.user, a.password), "LOGIN")
    return conn


def message(mid, size=0):
    """A small message, or with size, one padded with 1,000-byte lines to about that size."""
    return (f"From: s@example.test\r\nTo: {mid}\r\nSubject: {mid}\r\nMessage-ID: {mid}\r\n"
            f"\r\nbody of {mid}\r\n").encode() + (b"y" * 998 + b"\r\n") * (size // 1000)


def tagged_text(conn, typ, data):
    return f"{typ} {b' '.join(x for x in data if isinstance(x, bytes)).decode(errors='replace')}"


def act(a, actions):
    conn = connect(a)
    results = []
    try:
        for x in actions:
            op = x["op"]
            if op == "deliver":
                with smtplib.LMTP(a.host, a.lmtp_port, timeout=30) as lmtp:
                    refused = lmtp.sendmail("s@example.test", [f"{a.user}@example.test"],
                                            message(x["id"]))
                    if refused:
                        raise RuntimeError(f"LMTP refused {refused}")
                results.append("LMTP 250")
                continue
            if op == "append":
                typ, data = conn.append(quote(x["folder"]), x.get("flags"), None,
                                       message(x["id"], x.get("size", 0)))
            elif op == "create":
                typ, data = conn.create(quote(x["folder"]))
            elif op == "rename":
                typ, data = conn.rename(quote(x["folder"]), quote(x["to"]))
            else:
                ok(conn.select(quote(x["folder"])), f"SELECT {x['folder']}")
                uid = str(x["uid"])
                if op == "store":
                    typ, data = conn.uid("STORE", uid, x["mode"], x["flags"])
                elif op == "expunge":
                    ok(conn.uid("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)"), "STORE \\Deleted")
                    typ, data = conn.uid("EXPUNGE", uid)
                elif op in ("copy", "move"):
                    typ, data = conn.uid(op.upper(), uid, quote(x["to"]))
                else:
                    raise ValueError(f"unknown action {op}")
            if typ != "OK":
                raise imaplib.IMAP4.error(f"{x}: {typ} {data!r}")
            results.append(tagged_text(conn, typ, data))
    finally:
        conn.logout()
    return {"results": results}


FETCH_RE = re.compile(rb"^(\d+) \((.*)$", re.S)


def parse_fetch(data):
    """UID FETCH (UID FLAGS MODSEQ BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]) -> [message]."""
    out = []
    for item in data:
        if item is None or item == b")":
            continue
        meta, literal = (item[0], item[1]) if isinstance(item, tuple) else (item, b"")
        uid = re.search(rb"UID (\d+)", meta)
        flags = re.search(rb"FLAGS \(([^)]*)\)", meta)
        modseq = re.search(rb"MODSEQ \((\d+)\)", meta)
        mid = re.search(rb"(?im)^Message-ID:\s*(\S+)", literal)
        out.append({"uid": int(uid[1]), "flags": sorted(flags[1].decode().split()) if flags else [],
                    "modseq": int(modseq[1]) if modseq else None,
                    "message_id": mid[1].decode() if mid else None})
    return sorted(out, key=lambda m: m["uid"])


def messages(conn):
    data = ok(conn.uid("FETCH", "1:*", "(UID FLAGS MODSEQ BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"),
              "UID FETCH")
    return parse_fetch(data)


def code(conn, name):
    value = conn.untagged_responses.get(name, [None])[-1]
    return int(value) if value is not None else None


def state(a, folders):
    conn = connect(a)
    out = {}
    try:
        ok(conn._simple_command("ENABLE", "CONDSTORE"), "ENABLE CONDSTORE")
        for folder in folders:
            conn.untagged_responses.clear()
            data = ok(conn.select(quote(folder), readonly=True), f"EXAMINE {folder}")
            info = {"uidvalidity": code(conn, "UIDVALIDITY"), "uidnext": code(conn, "UIDNEXT"),
                    "highestmodseq": code(conn, "HIGHESTMODSEQ"), "messages": []}
            if int(data[0]):
                info["messages"] = messages(conn)
            out[folder] = info
    finally:
        conn.logout()
    return {"folders": out}


def stuck_session(a, folder):
    """A client that asks for a large message and stops reading: the server's write to it
    blocks once the socket buffers are full. Over the implicit-TLS port with --stuck-tls-port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(30)
    sock.connect((a.host, a.stuck_tls_port or a.port))
    if a.stuck_tls_port:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # what is tested here is not the certificate
        sock = context.wrap_socket(sock)
    f = sock.makefile("rb")
    f.readline()
    sock.sendall(f"s1 LOGIN {a.user} {quote(a.password)}\r\n".encode())
    sock.sendall(f"s2 SELECT {quote(folder)}\r\n".encode())
    while True:
        line = f.readline()
        if not line or line.startswith(b"s2 "):
            break
    if not line.startswith(b"s2 OK"):
        raise imaplib.IMAP4.error(f"stuck session: SELECT {folder}: {line!r}")
    sock.sendall(b"s3 FETCH 1 (BODY.PEEK[])\r\n")
    return sock


def hold(a, seconds, stuck_folder=None):
    stuck = stuck_session(a, stuck_folder) if stuck_folder else None
    sessions = []
    for idle in (True, False):
        conn = connect(a)
        ok(conn.select("INBOX"), "SELECT INBOX")
        entry = {"idle": idle, "lines": [], "closed": False, "conn": conn}
        if idle:
            tag = conn._new_tag()
            conn.send(tag + b" IDLE\r\n")
            line = conn.readline()
            if not line.startswith(b"+"):
                raise imaplib.IMAP4.error(f"IDLE not accepted: {line!r}")
        sessions.append(entry)
    print(json.dumps({"ready": True}), flush=True)
    end = time.monotonic() + seconds

    def read(entry):
        conn = entry["conn"]
        while time.monotonic() < end:
            conn.sock.settimeout(max(0.1, end - time.monotonic()))
            try:
                line = conn.readline()
            except (socket.timeout, TimeoutError):
                return
            except OSError as e:
                entry["lines"].append(f"(error: {e})")
                entry["closed"] = True
                return
            if not line:
                entry["closed"] = True
                return
            entry["lines"].append(line.decode(errors="replace").rstrip("\r\n"))

    threads = [threading.Thread(target=read, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in sessions:
        del s["conn"]
    out = {"sessions": sessions}
    if stuck:
        # Only once the test says so (it closes our stdin) is the stuck session read: the server
        # must have cut it by then, so it ends (EOF or reset) after the bytes the server managed
        # to send, and the FETCH's tagged OK never comes.
        sys.stdin.read()
        end = time.monotonic() + 30
        received, closed, tail = 0, False, b""
        while time.monotonic() < end:
            stuck.settimeout(max(0.1, end - time.monotonic()))
            try:
                chunk = stuck.recv(1 << 16)
            except (socket.timeout, TimeoutError):
                break
            except OSError as e:
                closed, tail = True, tail + f"(error: {e})".encode()
                break
            if not chunk:
                closed = True
                break
            received += len(chunk)
            tail = (tail + chunk)[-300:]
        out["stuck"] = {"received": received, "closed": closed,
                        "complete": b"\r\ns3 OK" in tail, "tail": tail.decode(errors="replace")}
    return out


def writer(a, folder, seconds):
    """APPENDs and STOREs in a loop until the server ends the session (or the time is up),
    noting each change the server answered OK to, so the test can look for every one of them on
    the appliance that is primary afterwards."""
    conn = connect(a)
    out = {"appended": [], "flagged": [], "refused": [], "ended": None}
    end = time.monotonic() + seconds
    ready = False
    i = 0
    try:
        ok(conn.select(quote(folder)), f"SELECT {folder}")
        while time.monotonic() < end:
            i += 1
            mid = f"<w{i}@it>"
            typ, data = conn.append(quote(folder), f"($w{i})", None, message(mid))
            if typ != "OK":
                out["refused"].append(tagged_text(conn, typ, data))
                time.sleep(0.02)
                continue
            uid = int(re.search(rb"APPENDUID \d+ (\d+)", data[0])[1])
            out["appended"].append({"uid": uid, "id": mid, "keyword": f"$w{i}"})
            typ, data = conn.uid("STORE", str(uid), "+FLAGS.SILENT", "(\\Flagged)")
            if typ == "OK":
                out["flagged"].append(uid)
            else:
                out["refused"].append(tagged_text(conn, typ, data))
            if not ready and len(out["appended"]) >= 5:
                print(json.dumps({"ready": True}), flush=True)
                ready = True
    except (imaplib.IMAP4.abort, OSError, EOFError) as e:
        out["ended"] = f"{type(e).__name__}: {e}"
    if not ready:
        print(json.dumps({"ready": False}), flush=True)
    try:
        conn.logout()
    except (imaplib.IMAP4.error, OSError):
        pass
    return out


def login(a):
    conn = imaplib.IMAP4(a.host, a.port, timeout=30)
    try:
        typ, data = conn._simple_command("LOGIN", a.user, conn._quote(a.password))
    except imaplib.IMAP4.error as e:
        typ, data = "NO", [str(e).encode()]
    text = b" ".join(x for x in data if isinstance(x, bytes)).decode(errors="replace")
    try:
        conn.logout()
    except (imaplib.IMAP4.error, OSError):
        pass
    return {"result": typ, "text": text}


def untagged(lines):
    """VANISHED (EARLIER) UIDs, FETCH responses (seq, UID, flags, MODSEQ), EXISTS and
    HIGHESTMODSEQ among untagged response lines."""
    vanished, fetched, exists, highest = [], [], None, None
    for line in lines:
        m = re.match(r"\* VANISHED \(EARLIER\) (\S+)$", line)
        if m:
            for part in m[1].split(","):
                low, _, high = part.partition(":")
                vanished.extend(range(int(low), int(high or low) + 1))
        m = re.match(r"\* (\d+) FETCH \((.*)\)$", line)
        if m:
            uid = re.search(r"UID (\d+)", m[2])
            flags = re.search(r"FLAGS \(([^)]*)\)", m[2])
            mod = re.search(r"MODSEQ \((\d+)\)", m[2])
            fetched.append({"seq": int(m[1]), "uid": int(uid[1]) if uid else None,
                            "flags": sorted(flags[1].split()) if flags else None,
                            "modseq": int(mod[1]) if mod else None})
        m = re.match(r"\* (\d+) EXISTS$", line)
        if m:
            exists = int(m[1])
        m = re.match(r"\* OK \[HIGHESTMODSEQ (\d+)\]", line)
        if m:
            highest = int(m[1])
    return sorted(vanished), sorted(fetched, key=lambda f: f["uid"] or 0), exists, highest


def qresync(a, uidvalidity, modseq):
    conn = connect(a)
    try:
        conn.untagged_responses.clear()
        enabled = ok(conn._simple_command("ENABLE", "QRESYNC"), "ENABLE QRESYNC")
        enabled = conn.untagged_responses.pop("ENABLED", [b""])
        conn.untagged_responses.clear()
        # Every line the SELECT brings, as it comes, so the test sees exactly what was sent.
        tag = conn._new_tag()
        conn.send(tag + f" SELECT INBOX (QRESYNC ({uidvalidity} {modseq}))\r\n".encode())
        lines = []
        while True:
            line = conn._get_line()
            if line.startswith(tag):
                tagged = line[len(tag) + 1:].decode()
                break
            lines.append(line.decode(errors="replace"))
        if not tagged.startswith("OK"):
            raise imaplib.IMAP4.error(f"SELECT with QRESYNC: {tagged}")
        conn.state = "SELECTED"
        vanished, fetched, exists, highest = untagged(lines)
        # The same question once selected (RFC 7162 3.2.6): UID FETCH ... (CHANGEDSINCE VANISHED).
        tag = conn._new_tag()
        conn.send(tag + f" UID FETCH 1:* (FLAGS) (CHANGEDSINCE {modseq} VANISHED)\r\n".encode())
        changed_lines = []
        while True:
            line = conn._get_line()
            if line.startswith(tag):
                changed_tagged = line[len(tag) + 1:].decode()
                break
            changed_lines.append(line.decode(errors="replace"))
        changed_vanished, changed_fetched, _, _ = untagged(changed_lines)
        return {"enabled": [x.decode() for x in enabled if x], "select": lines, "tagged": tagged,
                "vanished_earlier": vanished, "fetched": fetched, "exists": exists,
                "highestmodseq": highest, "messages": messages(conn),
                "changedsince": {"lines": changed_lines, "vanished_earlier": changed_vanished,
                                 "fetched": changed_fetched, "tagged": changed_tagged}}
    finally:
        conn.logout()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["act", "state", "hold", "login", "qresync", "writer"])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--lmtp-port", type=int)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--actions", default="[]")
    ap.add_argument("--folders", default="INBOX")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--stuck-folder")
    ap.add_argument("--stuck-tls-port", type=int)
    ap.add_argument("--uidvalidity", type=int)
    ap.add_argument("--modseq", type=int)
    a = ap.parse_args()
    try:
        if a.command == "act":
            out = act(a, json.loads(a.actions))
        elif a.command == "state":
            out = state(a, a.folders.split(","))
        elif a.command == "hold":
            out = hold(a, a.seconds, a.stuck_folder)
        elif a.command == "login":
            out = login(a)
        elif a.command == "writer":
            out = writer(a, a.folders, a.seconds)
        else:
            out = qresync(a, a.uidvalidity, a.modseq)
    except (imaplib.IMAP4.error, OSError, ValueError, RuntimeError) as e:
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
