#!/usr/bin/env python3
"""LMTP test client (stdlib only). Prints JSON on stdout.

One message, with smtplib.LMTP (the file's line endings become CRLF on the wire):
  lmtp_send.py --host H --port P --from ADDR --to ADDR [--to ADDR ...] --file MSGFILE [--pipelined]
  -> {"greeting": [220, "..."], "lhlo": [250, "..."], "mail": [250, "..."],
      "rcpt": {ADDR: [code, "text"]}, "data": [354, "..."],
      "replies": {ADDR: [code, "text"]},   # final answer per recipient: the DATA reply if RCPT
                                           # was accepted, else the RCPT reply
      "quit": [221, "..."], "pipelining_advertised": true,
      "sha256": {ADDR: "<hex of the bytes a store should hold>"}, "body_sha256": "<hex>"}

One message, raw (the bytes of MSGFILE are sent unchanged after the 354, so they must carry
their own terminating "." line, or deliberately not):
  lmtp_send.py ... --file MSGFILE --raw [--pipelined] [--wait SECONDS]
  -> {"greeting": [lines], "lhlo": [lines], "mail": [lines], "rcpt": {ADDR: [lines]},
      "data": [lines], "after_body": [lines], "quit": [lines], "closed": bool, "lines": [every line]}

Load loop, for crash tests:
  lmtp_send.py --host H --port P --count N --users u1,u2 [--size 4096] [--seed S] --out acked.jsonl
               [--rcpts K] [--deadline SECONDS] [--attempts attempts.jsonl] [--pipelined]
  Delivers N generated messages (unique Message-ID, X-Seq: <n>), each to K users round-robin.
  Appends one line per recipient that got a 250, flushed at once:
    {"seq": n, "message_id": "<...>", "rcpt": ADDR, "sha256": "...", "body_sha256": "...",
     "reply": [250, "..."]}
  --attempts FILE gets one line per message just before its DATA is sent ({"seq", "message_id",
  "rcpts"}), so a checker can tell "in doubt" (sent, answer lost) from "never sent".
  Connection errors are counted, and the client reconnects with a short backoff, until N messages
  were attempted or the deadline passed. Prints a summary {"attempts", "acked_recipients", ...}.

Stored bytes (what "sha256" hashes): b"Return-Path: <FROM>\\nDelivered-To: RCPT\\n" followed by
the message as sent, with CRLF turned into LF. "body_sha256" hashes only the LF message.
Exit codes: 0 done (whatever the server answered), 1 connection or protocol failure,
2 usage error.
"""
import argparse
import hashlib
import json
import os
import random
import re
import smtplib
import socket
import string
import sys
import time

TRANSIENT = (OSError, smtplib.SMTPException)


# ---- message bytes --------------------------------------------------------------------------

def to_wire(raw):
    """Message file bytes -> CRLF line endings, ending in CRLF (what smtplib would send)."""
    wire = re.sub(rb"\r?\n", b"\r\n", raw)
    return wire if wire.endswith(b"\r\n") else wire + b"\r\n"


def dot_stuff(wire):
    return re.sub(rb"(?m)^\.", b"..", wire) + b".\r\n"


def body_lf(wire):
    return wire.replace(b"\r\n", b"\n")


def stored_bytes(sender, rcpt, wire):
    return f"Return-Path: <{sender}>\nDelivered-To: {rcpt}\n".encode() + body_lf(wire)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def generate(rng, seq, seed, run, size, sender, rcpts):
    """A CRLF message of about `size` bytes; some body lines start with '.' (dot-stuffing)."""
    mid = f"<{seq}.{seed}.{run}@lmtp-send.test>"
    head = (f"From: <{sender}>\r\nTo: {', '.join(rcpts)}\r\nSubject: load {seq}\r\n"
            f"Message-ID: {mid}\r\nX-Seq: {seq}\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n\r\n")
    lines, left = [], max(0, size - len(head))
    while left > 0:
        n = min(76, max(0, left - 2))
        line = "".join(rng.choices(string.ascii_letters + string.digits + " ", k=n))
        if n and rng.random() < 0.05:
            line = "." + line[1:]
        lines.append(line + "\r\n")
        left -= n + 2
    return mid, (head + "".join(lines)).encode("ascii")


# ---- smtplib transaction --------------------------------------------------------------------

def reply(code_msg):
    code, msg = code_msg
    return [code, msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)]


def connect(a):
    conn = smtplib.LMTP(timeout=a.timeout)
    greeting = reply(conn.connect(a.host, a.port))
    lhlo = reply(conn.ehlo(a.lhlo))
    return conn, greeting, lhlo


def transaction(conn, sender, rcpts, wire, options, pipelined):
    """MAIL, RCPT..., DATA, body. Returns the replies; raises on connection loss."""
    out = {"rcpt": {}, "replies": {}}
    if pipelined:
        opts = "".join(" " + o for o in options)
        cmds = f"MAIL FROM:{smtplib.quoteaddr(sender)}{opts}\r\n"
        cmds += "".join(f"RCPT TO:{smtplib.quoteaddr(r)}\r\n" for r in rcpts) + "DATA\r\n"
        conn.send(cmds.encode("utf-8"))
        out["mail"] = reply(conn.getreply())
        for r in rcpts:
            out["rcpt"][r] = reply(conn.getreply())
        out["data"] = reply(conn.getreply())
    else:
        out["mail"] = reply(conn.mail(sender, list(options)))
        if out["mail"][0] != 250:
            out["replies"] = {r: out["mail"] for r in rcpts}
            conn.rset()
            return out
        for r in rcpts:
            out["rcpt"][r] = reply(conn.rcpt(r))
    accepted = [r for r in rcpts if out["rcpt"].get(r, [0])[0] in (250, 251)]
    for r in rcpts:
        if r not in accepted and r in out["rcpt"]:
            out["replies"][r] = out["rcpt"][r]
    if not pipelined:
        if not accepted:
            conn.rset()
            return out
        conn.putcmd("data")
        out["data"] = reply(conn.getreply())
    if out["data"][0] != 354:
        out["replies"].update({r: out["data"] for r in accepted})
        return out
    conn.send(dot_stuff(wire) if accepted else b".\r\n")
    for r in accepted or [None]:
        answer = reply(conn.getreply())
        if r is not None:
            out["replies"][r] = answer
    return out


def send_one(a, wire):
    conn, greeting, lhlo = connect(a)
    out = {"greeting": greeting, "lhlo": lhlo, "pipelining_advertised": conn.has_extn("pipelining")}
    if lhlo[0] == 250:
        out.update(transaction(conn, a.sender, a.to, wire, a.mail_option, a.pipelined))
    try:
        out["quit"] = reply(conn.quit())
    except TRANSIENT:
        out["quit"] = None
    out["sha256"] = {r: sha(stored_bytes(a.sender, r, wire)) for r in a.to}
    out["body_sha256"] = sha(body_lf(wire))
    return out


# ---- raw socket session ---------------------------------------------------------------------

class Raw:
    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.timeout, self.buf, self.lines, self.closed = timeout, b"", [], False

    def send(self, data):
        self.sock.sendall(data)

    def reply(self, timeout=None):
        """One complete (possibly multi-line) reply; fewer lines on timeout or close."""
        got = []
        self.sock.settimeout(timeout if timeout is not None else self.timeout)
        while not self.closed:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                text = line.rstrip(b"\r").decode("utf-8", "replace")
                got.append(text)
                self.lines.append(text)
                if len(text) < 4 or text[3] != "-":
                    return got
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return got
            self.closed = not chunk
            self.buf += chunk
        return got


def code_of(lines):
    return int(lines[-1][:3]) if lines and lines[-1][:3].isdigit() else 0


def send_raw(a, body):
    w = Raw(a.host, a.port, a.timeout)
    out = {"greeting": w.reply(), "rcpt": {}, "after_body": [], "quit": []}
    w.send(f"LHLO {a.lhlo}\r\n".encode())
    out["lhlo"] = w.reply()
    mail = f"MAIL FROM:<{a.sender}>{''.join(' ' + o for o in a.mail_option)}\r\n".encode()
    rcpts = [f"RCPT TO:<{r}>\r\n".encode() for r in a.to]
    if a.pipelined:
        w.send(mail + b"".join(rcpts) + b"DATA\r\n")
        out["mail"] = w.reply()
        for r in a.to:
            out["rcpt"][r] = w.reply()
    else:
        w.send(mail)
        out["mail"] = w.reply()
        for r, cmd in zip(a.to, rcpts):
            w.send(cmd)
            out["rcpt"][r] = w.reply()
        w.send(b"DATA\r\n")
    out["data"] = w.reply()
    if code_of(out["data"]) == 354:
        w.send(body)
        accepted = sum(1 for lines in out["rcpt"].values() if code_of(lines) in (250, 251))
        for _ in range(max(accepted, 1)):
            lines = w.reply(timeout=a.wait)
            out["after_body"] += lines
            if not lines or w.closed:
                break
    if not w.closed:
        try:
            w.send(b"QUIT\r\n")
            out["quit"] = w.reply(timeout=a.wait)
        except OSError:
            pass
    out["closed"], out["lines"] = w.closed, w.lines
    w.sock.close()
    return out


# ---- load loop ------------------------------------------------------------------------------

def load(a):
    users = [u for u in a.users.split(",") if u]
    rng, run = random.Random(a.seed), f"{time.time_ns():x}"
    start = time.monotonic()
    deadline = start + a.deadline if a.deadline else None
    s = {"attempts": 0, "acked_recipients": 0, "acked_messages": 0, "refused_recipients": 0,
         "errors": 0, "reconnects": 0, "deadline_hit": False}
    conn, backoff, down_since = None, 0.05, None
    acked = open(a.out, "a", encoding="utf-8")
    attempts = open(a.attempts, "a", encoding="utf-8") if a.attempts else None
    while s["attempts"] < a.count:
        if deadline and time.monotonic() >= deadline:
            s["deadline_hit"] = True
            break
        if conn is None:
            try:
                conn, _, lhlo = connect(a)
                if lhlo[0] != 250:
                    raise smtplib.SMTPException(f"LHLO refused: {lhlo}")
                backoff, down_since = 0.05, None
            except TRANSIENT as e:
                conn, down_since = None, down_since or time.monotonic()
                if not deadline and time.monotonic() - down_since > a.give_up:
                    s["error"] = f"no connection for {a.give_up}s: {e}"
                    break
                s["reconnects"] += 1
                time.sleep(backoff)
                backoff = min(backoff * 2, 1.0)
                continue
        seq = s["attempts"]
        rcpts = [users[(seq * a.rcpts + j) % len(users)] for j in range(a.rcpts)]
        mid, wire = generate(rng, seq, a.seed, run, a.size, a.sender, rcpts)
        s["attempts"] += 1
        if attempts:
            attempts.write(json.dumps({"seq": seq, "message_id": mid, "rcpts": rcpts}) + "\n")
            attempts.flush()
        try:
            result = transaction(conn, a.sender, rcpts, wire, a.mail_option, a.pipelined)
        except TRANSIENT:
            s["errors"] += 1
            conn.close()
            conn = None
            continue
        ok = [r for r in rcpts if result["replies"].get(r, [0])[0] == 250]
        for r in ok:
            acked.write(json.dumps({"seq": seq, "message_id": mid, "rcpt": r,
                                    "sha256": sha(stored_bytes(a.sender, r, wire)),
                                    "body_sha256": sha(body_lf(wire)), "reply": result["replies"][r]}) + "\n")
            acked.flush()
        s["acked_recipients"] += len(ok)
        s["acked_messages"] += bool(ok)
        s["refused_recipients"] += len(rcpts) - len(ok)
    if conn is not None:
        try:
            conn.quit()
        except TRANSIENT:
            pass
    acked.close()
    if attempts:
        attempts.close()
    s["elapsed_s"] = round(time.monotonic() - start, 3)
    return s


def main():
    ap = argparse.ArgumentParser(description="LMTP test client: one message, raw bytes, or a load loop. "
                                 "Prints JSON. See the module docstring for the output formats.")
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--from", dest="sender", default="sender@example.test", help="envelope sender")
    ap.add_argument("--to", action="append", default=[], help="recipient (repeatable)")
    ap.add_argument("--file", help="message file (single and raw modes)")
    ap.add_argument("--pipelined", action="store_true", help="send MAIL, RCPTs and DATA in one write")
    ap.add_argument("--raw", action="store_true", help="send MSGFILE bytes unchanged after DATA")
    ap.add_argument("--mail-option", action="append", default=[], help="MAIL FROM parameter, e.g. BODY=8BITMIME")
    ap.add_argument("--lhlo", default="lmtp-send.test", help="name sent with LHLO")
    ap.add_argument("--timeout", type=float, default=30.0, help="socket timeout in seconds (default 30)")
    ap.add_argument("--wait", type=float, default=2.0, help="raw mode: how long to wait for replies after the body")
    ap.add_argument("--count", type=int, help="load mode: number of messages to attempt")
    ap.add_argument("--users", help="load mode: comma-separated recipients, used round-robin")
    ap.add_argument("--rcpts", type=int, default=1, help="load mode: recipients per message (default 1)")
    ap.add_argument("--size", type=int, default=4096, help="load mode: message size in bytes (default 4096)")
    ap.add_argument("--seed", type=int, default=1, help="load mode: random seed for message bodies")
    ap.add_argument("--out", help="load mode: JSON lines file of acknowledged recipients (appended)")
    ap.add_argument("--attempts", help="load mode: JSON lines file of attempted messages (appended)")
    ap.add_argument("--deadline", type=float, help="load mode: stop after this many seconds")
    ap.add_argument("--give-up", type=float, default=60.0,
                    help="load mode without --deadline: stop after this long without a connection (default 60)")
    a = ap.parse_args()

    if a.count is not None:
        if a.raw or a.file or a.to:
            ap.error("--count (load mode) does not take --raw, --file or --to")
        if not a.users or not a.out:
            ap.error("--count needs --users and --out")
        if a.count < 0 or not 1 <= a.rcpts <= len([u for u in a.users.split(",") if u]):
            ap.error("--count must be >= 0 and 1 <= --rcpts <= number of --users")
        summary = load(a)
        print(json.dumps(summary))
        return 1 if "error" in summary else 0

    if not a.to or not a.file:
        ap.error("give --to and --file (one message), or --count/--users/--out (load mode)")
    try:
        with open(a.file, "rb") as f:
            raw = f.read()
    except OSError as e:
        ap.error(f"cannot read --file: {e}")
    try:
        out = send_raw(a, raw) if a.raw else send_one(a, to_wire(raw))
    except TRANSIENT as e:
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        print(f"lmtp_send: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
