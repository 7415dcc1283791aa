#!/usr/bin/env python3
"""Self-test of the tools in this folder against a private Dovecot 2.3 (needs root and
Debian dovecot-imapd + dovecot-lmtpd). Not part of the Maven build; run it after changing a tool:

  python3 src/test/python/selftest.py [--keep]

1. Reader: a maildir tree written with Python's mailbox module (root-owned, world-readable, as
   Tandem runs here) is served by dovecot_reader.sh; imap_list.py must agree with
   maildir_dump.py (folders, Message-IDs, flags), and the tree must be byte-for-byte and
   name-for-name unchanged afterwards.
2. LMTP: lmtp_send.py delivers to a Dovecot LMTP (DOVECOT_LMTP_PORT, Received: header off)
   single, multi-recipient, pipelined, dot-stuffed, raw and in load mode; the stored files
   must have the sha256 lmtp_send.py predicted.
Prints PASS/FAIL per check; exit 0 only when all pass.
"""
import hashlib
import json
import mailbox
import os
import shutil
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FAILED = []


def check(name, ok, detail=""):
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + str(detail) if detail and not ok else ''}", flush=True)
    if not ok:
        FAILED.append(name)


def tool(*args, expect=0):
    cmd = [sys.executable, os.path.join(HERE, args[0]), *args[1:]] if args[0].endswith(".py") \
        else [os.path.join(HERE, args[0]), *args[1:]]
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, **ENV))
    if p.returncode != expect:
        raise SystemExit(f"{args[0]} exited {p.returncode}, expected {expect}: {p.stderr.strip()}")
    return json.loads(p.stdout) if p.stdout.strip().startswith("{") else p.stdout


ENV = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            st = os.stat(p)
            out[os.path.relpath(p, root)] = (st.st_size, st.st_mtime_ns, hashlib.sha256(open(p, "rb").read()).hexdigest())
        out[os.path.relpath(d, root) + "/"] = sorted(os.listdir(d))
    return out


def make_store(root):
    os.makedirs(os.path.join(root, "alice"))
    md = mailbox.Maildir(os.path.join(root, "alice", "Maildir"), factory=None, create=True)
    for i, (subdir, flags) in enumerate([("new", ""), ("cur", "S"), ("cur", "FS"), ("cur", "RST")]):
        m = mailbox.MaildirMessage(f"Message-ID: <inbox{i}@selftest>\nSubject: {i}\n\nbody {i}\n".encode())
        m.set_subdir(subdir)
        m.set_flags(flags)
        md.add(m)
    for name in ("Sent", "Archive.2024"):
        m = mailbox.MaildirMessage(f"Message-ID: <{name}@selftest>\n\nin {name}\n".encode())
        m.set_subdir("cur")
        m.set_flags("S")
        md.add_folder(name).add(m)
    md.add_folder("Empty")
    for d, dirs, files in os.walk(root):  # the reader needs world-readable when root owns the store
        for x in dirs:
            os.chmod(os.path.join(d, x), 0o755)
        for x in files:
            os.chmod(os.path.join(d, x), 0o644)
    os.chmod(os.path.join(root, "alice"), 0o755)


IMAP_FLAG = {"S": "\\Seen", "R": "\\Answered", "F": "\\Flagged", "T": "\\Deleted", "D": "\\Draft"}


def reader_test(work):
    root, dc = os.path.join(work, "store"), os.path.join(work, "reader")
    os.makedirs(root)
    make_store(root)
    users = os.path.join(work, "users")
    open(users, "w").write("# test users\nalice:secret\n")
    before = snapshot(root)
    port = free_port()
    started = tool("dovecot_reader.sh", "start", dc, root, str(port), users)
    check("dovecot_reader start prints JSON with the port", started.get("imap") == f"127.0.0.1:{port}", started)
    try:
        imap = tool("imap_list.py", "--host", "127.0.0.1", "--port", str(port), "--user", "alice", "--password", "secret")
        tool("imap_list.py", "--host", "127.0.0.1", "--port", str(port), "--user", "alice", "--password", "bad", expect=1)
    finally:
        tool("dovecot_reader.sh", "stop", dc)
    dump = tool("maildir_dump.py", os.path.join(root, "alice", "Maildir"))
    check("maildir_dump lists INBOX and folders", dump["folders"] == ["INBOX", "Archive.2024", "Empty", "Sent"], dump["folders"])
    check("imap_list lists the same folders", sorted(imap["folders"]) == sorted(dump["folders"]), list(imap["folders"]))
    for folder in dump["folders"]:
        want = sorted((m["message_id"], sorted(IMAP_FLAG[f] for f in m["flags"])) for m in dump["messages"] if m["folder"] == folder)
        info = imap["folders"].get(folder, {"messages": [], "exists": -1})
        got = sorted((m["message_id"], sorted(f for f in m["flags"] if f != "\\Recent")) for m in info["messages"])
        check(f"IMAP {folder}: Message-IDs and flags match the maildir", got == want and info["exists"] == len(want), (got, want))
        check(f"IMAP {folder}: UIDVALIDITY present", isinstance(info.get("uidvalidity"), int), info.get("uidvalidity"))
    check("store unchanged after Dovecot read it (names, sizes, mtimes, hashes)", snapshot(root) == before)
    check("Dovecot kept its files out of the store",
          not any("dovecot" in p for p in snapshot(root)), [p for p in snapshot(root) if "dovecot" in p])
    check("dovecot_reader stop leaves no master", not os.path.exists(os.path.join(dc, "run", "master.pid")))


def lmtp_test(work):
    root, dc = os.path.join(work, "lmtp-store"), os.path.join(work, "lmtp-dovecot")
    os.makedirs(root)
    shutil.chown(root, "mail", "mail")
    users = os.path.join(work, "lmtp-users")
    open(users, "w").write("alice:pw\nbob:pw\n")
    lmtp = free_port()
    ENV["DOVECOT_LMTP_PORT"] = str(lmtp)
    tool("dovecot_reader.sh", "start", dc, root, str(free_port()), users)
    del ENV["DOVECOT_LMTP_PORT"]
    try:
        send = lambda *a, expect=0: tool("lmtp_send.py", "--host", "127.0.0.1", "--port", str(lmtp), *a, expect=expect)
        msg = os.path.join(work, "msg.txt")
        open(msg, "wb").write(b"Message-ID: <one@selftest>\nSubject: dots\n\n.starts with a dot\n..two\n.\n\xc3\xa9 8-bit\n")
        one = send("--from", "s@example.test", "--to", "alice@example.test", "--file", msg)
        check("single: 250 per recipient", one["replies"]["alice@example.test"][0] == 250, one)
        check("single: LHLO reply recorded", one["lhlo"][0] == 250 and "PIPELINING" in one["lhlo"][1], one["lhlo"])
        piped = send("--from", "s@example.test", "--to", "bob@example.test", "--file", msg, "--pipelined",
                     "--mail-option", "BODY=8BITMIME")
        check("pipelined: 250", piped["replies"]["bob@example.test"][0] == 250, piped)
        multi = send("--from", "s@example.test", "--to", "alice@example.test", "--to", "bob@example.test", "--file", msg)
        check("multi-recipient: one DATA reply each", [r[0] for r in multi["replies"].values()] == [250, 250], multi)
        raw = os.path.join(work, "raw.txt")
        open(raw, "wb").write(b"Subject: raw\r\n\r\nraw body\r\n.\r\n")
        r = send("--to", "alice@example.test", "--file", raw, "--raw")
        check("raw: every reply line, 250 after the body", r["after_body"][:1] and r["after_body"][0].startswith("250 "), r)
        open(raw, "wb").write(b"Subject: cut\r\n\r\nno final dot\r\n")
        r = send("--to", "alice@example.test", "--file", raw, "--raw", "--wait", "0.5")
        check("raw: unterminated body gets no reply", r["after_body"] == [], r)
        acked = os.path.join(work, "acked.jsonl")
        summary = send("--count", "30", "--users", "alice@example.test,bob@example.test", "--seed", "3", "--out", acked)
        lines = [json.loads(x) for x in open(acked)]
        check("load: summary and one acked line per 250", summary["acked_recipients"] == 30 == len(lines), summary)
    finally:
        tool("dovecot_reader.sh", "stop", dc)
    stored = set()
    for u in ("alice", "bob"):
        stored |= {m["sha256"] for m in tool("maildir_dump.py", os.path.join(root, u, "Maildir"))["messages"]}
    # Dovecot writes Delivered-To only for single-recipient transactions, so skip `multi`.
    check("single: stored bytes hash as predicted", one["sha256"]["alice@example.test"] in stored)
    check("pipelined: stored bytes hash as predicted", piped["sha256"]["bob@example.test"] in stored)
    check("load: every acknowledged message stored with the predicted hash",
          all(x["sha256"] in stored for x in lines), [x for x in lines if x["sha256"] not in stored][:2])


def main():
    if os.geteuid() != 0 or not shutil.which("dovecot"):
        print("selftest: needs root and Dovecot (dovecot-imapd, dovecot-lmtpd)", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="tools-selftest.")
    os.chmod(work, 0o755)
    try:
        reader_test(work)
        lmtp_test(work)
    finally:
        if "--keep" in sys.argv:
            print(f"kept {work}")
        else:
            shutil.rmtree(work)
    print(f"{'FAILED: ' + ', '.join(FAILED) if FAILED else 'all passed'}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
