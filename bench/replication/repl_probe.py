#!/usr/bin/env python3
"""Replication probe (stdlib only): LMTP load on a primary, and when each acknowledged message
becomes visible on the replica.

  repl_probe.py load --port P -n 2000 -c 4 [--rate 100] [--size 4096] [--users 10]
                [--domain example.test] [--warmup 0] [--watch DIR ...] [--status-port B]
                [--label NAME] [--dump FILE] [--json]
  repl_probe.py catchup --admin HOST:PORT --t0 EPOCH_SECONDS [--timeout 600] [--json]
  repl_probe.py cyrus-setup --master-imap A --replica-imap B [--users 10]

load: one OS process per connection (C). Message i (0..N-1) goes to user((i mod U)+1) on
connection i mod C; each is one MAIL/RCPT/DATA transaction on a reused connection and carries
`Message-ID: <LABEL.i@repl-probe>`. With --rate R the messages are paced on a fixed schedule
(message i is due at start + i/R; a connection that falls behind sends at once); without it
every connection goes as fast as it can. The ack latency is DATA -> 250 (the server's reply
after the final dot); the transaction time is MAIL -> 250.
With --watch, a separate process watches the given replica folders with inotify
(IN_CREATE | IN_MOVED_TO, through ctypes) from before the first message, and timestamps every
new file name (CLOCK_MONOTONIC, the same clock as the acks). After the load, the new files are
read (the Message-ID in the first 4 KiB names the message) until every acknowledged message is
found or --lag-timeout passes. lag = replica visibility - LMTP 250 of that message; it is
negative when the replica had the message before the primary answered (replication.ack = peer,
Cyrus sync_rightnow). Names that do not look like a message (Cyrus' cyrus.* files) are skipped.
With --status-port (Cyrus only), another process polls the replica's IMAP STATUS (UIDNEXT) of
every user mailbox as the Cyrus reference probe does (admin cyrus/admin, 2 ms between sweeps),
and each message's "STATUS lag" is when UIDNEXT first passed its UID (the replica file is named
UID.). Warm-up messages (--warmup, untimed, Message-ID <LABEL-w.i@repl-probe>) go first.

catchup: polls the primary's GET /api/status every 20 ms until replication.acked_seq equals
journal.last_seq; --t0 is when the replica was started (date +%s.%N). Reports the entries to
catch up (last_seq - acked_seq at the first poll), the time from --t0 to the link coming up and
to acked == last, and the entries per second from link-up to the end (and from t0).

Every result is one JSON object (--json) or one line of key=value.
"""
import argparse
import ctypes
import imaplib
import json
import multiprocessing as mp
import os
import random
import re
import select
import smtplib
import string
import struct
import sys
import time
import urllib.request

MSGID = re.compile(rb"^Message-ID:\s*<([^>]+)@repl-probe>", re.I | re.M)
CYRUS_FILE = re.compile(r"^(\d+)\.$")


def pct(values, f):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * f))]


def ms(x):
    return None if x is None else round(x * 1e3, 2)


# ---- inotify watcher -----------------------------------------------------------------------
IN_CREATE, IN_MOVED_TO, IN_Q_OVERFLOW = 0x100, 0x80, 0x4000


def watcher(dirs, pipe, ready):
    """Process: timestamps every file created in or moved into DIRS; answers 'get'/'stop'.

    It asks for SCHED_FIFO (root only; it does almost no work), so that on a busy 2-CPU machine
    it runs the moment an event arrives instead of waiting for a time slice."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
    except (OSError, AttributeError):
        pass
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = libc.inotify_init1(os.O_CLOEXEC | os.O_NONBLOCK)
    if fd < 0:
        pipe.send(("error", f"inotify_init1: errno {ctypes.get_errno()}"))
        ready.set()
        return
    wds = {}
    for d in dirs:
        wd = libc.inotify_add_watch(fd, os.fsencode(d), IN_CREATE | IN_MOVED_TO)
        if wd < 0:
            pipe.send(("error", f"inotify_add_watch {d}: errno {ctypes.get_errno()}"))
            ready.set()
            return
        wds[wd] = d
    events, overflow = [], 0
    ready.set()
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    poller.register(pipe.fileno(), select.POLLIN)
    while True:
        for f, _ in poller.poll(1000):
            if f == fd:
                try:
                    buf = os.read(fd, 1 << 20)
                except BlockingIOError:
                    continue
                now = time.monotonic()
                off = 0
                while off < len(buf):
                    wd, mask, _cookie, length = struct.unpack_from("iIII", buf, off)
                    name = buf[off + 16: off + 16 + length].rstrip(b"\0").decode("utf-8", "replace")
                    off += 16 + length
                    if mask & IN_Q_OVERFLOW:
                        overflow += 1
                    elif wd in wds:
                        events.append((wds[wd], name, now))
            else:
                cmd = pipe.recv()
                pipe.send(("events", events, overflow))
                events = []
                if cmd == "stop":
                    os.close(fd)
                    return


def status_poller(port, boxes, pipe, ready):
    """Process (Cyrus): polls the replica's STATUS UIDNEXT of BOXES; records every change."""
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login("cyrus", "admin")
    last, changes = {}, []

    def sweep():
        for b in boxes:
            typ, d = m.status(b, "(UIDNEXT)")
            if typ == "OK":
                u = int(re.search(rb"UIDNEXT (\d+)", d[0]).group(1))
                if last.get(b) != u:
                    last[b] = u
                    changes.append((b, u, time.monotonic()))
    sweep()
    ready.set()
    while not pipe.poll(0):
        sweep()
        time.sleep(0.002)
    pipe.recv()
    pipe.send(changes)
    m.logout()


# ---- LMTP load -----------------------------------------------------------------------------
def body_text(size, seed):
    rng = random.Random(seed)
    lines = "".join("".join(rng.choices(string.ascii_letters + string.digits, k=76)) + "\r\n"
                    for _ in range(size // 78 + 2))
    return lines


def recipient(i, a):
    user = f"user{i % a.users + 1:02d}"
    return f"{user}@{a.domain}" if a.domain else user


def make_message(msgid, rcpt, size, body):
    head = (f"From: Probe <probe@example.test>\r\nTo: {rcpt}\r\nSubject: repl probe {msgid}\r\n"
            f"Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nMessage-ID: <{msgid}@repl-probe>\r\n\r\n")
    text = head + body[: max(0, size - len(head) - 2)]
    return (text.rstrip("\r\n") + "\r\n").encode("ascii")


def lmtp_worker(a, k, barrier, start_at, results):
    body = body_text(a.size, k)
    conn = None
    errors, first_error = 0, None
    records = []  # (i, t_mail, t_data, t_ack)

    def transaction(i, msgid):
        nonlocal conn
        if conn is None:
            conn = smtplib.LMTP(a.host, a.port, timeout=a.timeout)
            conn.ehlo("repl-probe.test")
        rcpt = recipient(i, a)
        msg = make_message(msgid, rcpt, a.size, body)
        t_mail = time.monotonic()
        code, resp = conn.mail(a.sender)
        if code != 250:
            conn.rset()
            raise smtplib.SMTPSenderRefused(code, resp, a.sender)
        code, resp = conn.rcpt(rcpt)
        if code not in (250, 251):
            conn.rset()
            raise smtplib.SMTPRecipientsRefused({rcpt: (code, resp)})
        t_data = time.monotonic()
        code, resp = conn.data(msg)
        t_ack = time.monotonic()
        if code != 250:
            raise smtplib.SMTPDataError(code, resp)
        return t_mail, t_data, t_ack

    def attempt(i, msgid):
        nonlocal conn, errors, first_error
        try:
            return transaction(i, msgid)
        except (OSError, smtplib.SMTPException) as e:
            errors += 1
            first_error = first_error or f"{type(e).__name__}: {e}"
            if isinstance(e, (OSError, smtplib.SMTPServerDisconnected)):
                conn = None
            return None

    warm = 0
    for i in range(k, a.warmup, a.connections):
        warm += attempt(i, f"{a.label}-w.{i}") is not None
    warm_errors, errors, first_error = errors, 0, None
    barrier.wait()
    while start_at.value == 0.0:
        time.sleep(0.0005)
    t_start = start_at.value
    while time.monotonic() < t_start:
        time.sleep(0.0005)
    for i in range(k, a.messages, a.connections):
        if a.rate:
            due = t_start + i / a.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        r = attempt(i, f"{a.label}.{i}")
        if r:
            records.append((i,) + r)
    if conn is not None:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            pass
    results.put((k, records, errors, first_error, warm, warm_errors))


def read_msgid(path):
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    m = MSGID.search(head)
    return m.group(1).decode() if m else None


def cmd_load(a):
    ctx = mp.get_context("fork")
    wpipe = wproc = spipe = sproc = None
    if a.watch:
        wpipe, child = ctx.Pipe()
        ready = ctx.Event()
        wproc = ctx.Process(target=watcher, args=(a.watch, child, ready), daemon=True)
        wproc.start()
        ready.wait(30)
        if wpipe.poll(0):
            print(json.dumps({"label": a.label, "error": wpipe.recv()[1]}))
            return 1
    boxes = {}
    if a.status_port:
        boxes = {d: f"user.{u}" for d, u in zip(a.watch, [f"user{n:02d}" for n in range(1, a.users + 1)])}
        spipe, child = ctx.Pipe()
        ready = ctx.Event()
        sproc = ctx.Process(target=status_poller, args=(a.status_port, list(boxes.values()), child, ready),
                            daemon=True)
        sproc.start()
        ready.wait(30)

    barrier = ctx.Barrier(a.connections + 1)
    start_at = ctx.Value("d", 0.0)
    results = ctx.Queue()
    procs = [ctx.Process(target=lmtp_worker, args=(a, k, barrier, start_at, results))
             for k in range(a.connections)]
    for p in procs:
        p.start()
    barrier.wait()                              # every connection has done its warm-up
    start_at.value = time.monotonic() + 0.05
    got = [results.get() for _ in procs]
    for p in procs:
        p.join()

    records = sorted(r for g in got for r in g[1])
    errors = sum(g[2] for g in got)
    t0 = start_at.value
    t_end = max((r[3] for r in records), default=t0)
    elapsed = t_end - t0
    acks = [r[3] - r[2] for r in records]
    txns = [r[3] - r[1] for r in records]
    out = {"label": a.label, "messages": a.messages, "connections": a.connections, "size": a.size,
           "users": a.users, "offered_rate": a.rate or None, "elapsed_s": round(elapsed, 3),
           "rate": round(len(records) / elapsed, 1) if elapsed > 0 else None,
           "acked": len(records), "errors": errors,
           "first_error": next((g[3] for g in got if g[3]), None),
           "warmup_acked": sum(g[4] for g in got), "warmup_errors": sum(g[5] for g in got),
           "ack_p50_ms": ms(pct(acks, .5)), "ack_p90_ms": ms(pct(acks, .9)),
           "ack_p99_ms": ms(pct(acks, .99)), "ack_max_ms": ms(max(acks, default=None)),
           "txn_p50_ms": ms(pct(txns, .5)), "txn_p99_ms": ms(pct(txns, .99))}

    if wproc:
        ack_at = {f"{a.label}.{r[0]}": r[3] for r in records}
        found, where, overflow = {}, {}, 0
        deadline = time.monotonic() + a.lag_timeout
        while True:
            wpipe.send("get")
            _, events, ov = wpipe.recv()
            overflow += ov
            for d, name, t in events:
                if a.cyrus and not CYRUS_FILE.match(name):
                    continue
                mid = read_msgid(os.path.join(d, name))
                if mid in ack_at and mid not in found:
                    found[mid] = t
                    where[mid] = (d, name)
            if len(found) >= len(ack_at) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        converged = time.monotonic() - t_end
        wpipe.send("stop")
        wpipe.recv()
        wproc.join(5)
        lags = [found[m] - ack_at[m] for m in found]
        if a.dump:
            with open(a.dump, "w") as f:
                f.write(f"# times in s from the start: monotonic {t0:.6f}, wall clock {time.time() - time.monotonic() + t0:.6f}\n")
                f.write("i\tsent_s\tdata_s\tack_s\tseen_s\tlag_ms\n")
                for i, t_mail, t_data, t_ack in records:
                    seen = found.get(f"{a.label}.{i}")
                    f.write(f"{i}\t{t_mail - t0:.6f}\t{t_data - t0:.6f}\t{t_ack - t0:.6f}\t"
                            + (f"{seen - t0:.6f}\t{(seen - t_ack) * 1e3:.3f}" if seen else "\t") + "\n")
        last_seen = max(found.values(), default=t_end)
        out.update({"lag_p50_ms": ms(pct(lags, .5)), "lag_p90_ms": ms(pct(lags, .9)),
                    "lag_p99_ms": ms(pct(lags, .99)), "lag_max_ms": ms(max(lags, default=None)),
                    "lag_min_ms": ms(min(lags, default=None)),
                    "lag_over_100ms": sum(1 for x in lags if x > 0.1),
                    "lag_seen": len(found), "lag_missing": len(ack_at) - len(found),
                    "replica_done_after_last_ack_ms": ms(last_seen - t_end),
                    "inotify_overflows": overflow})
        if not found and ack_at:
            out["lag_note"] = f"nothing seen on the replica within {a.lag_timeout}s ({converged:.1f}s waited)"
        if sproc:
            spipe.send("stop")
            changes = spipe.recv()
            sproc.join(5)
            seen_status = []
            for mid, (d, name) in where.items():
                box, uid = boxes.get(d), int(CYRUS_FILE.match(name).group(1))
                t = next((t for b, u, t in changes if b == box and u > uid), None)
                if t is not None:
                    seen_status.append(t - ack_at[mid])
            out.update({"status_lag_p50_ms": ms(pct(seen_status, .5)),
                        "status_lag_p90_ms": ms(pct(seen_status, .9)),
                        "status_lag_p99_ms": ms(pct(seen_status, .99)),
                        "status_lag_max_ms": ms(max(seen_status, default=None)),
                        "status_lag_seen": len(seen_status)})
    print(json.dumps(out) if a.json else " ".join(f"{k}={v}" for k, v in out.items() if v is not None),
          flush=True)
    return 0 if records else 1


# ---- catch-up ------------------------------------------------------------------------------
def get_status(admin):
    with urllib.request.urlopen(f"http://{admin}/api/status", timeout=10) as r:
        return json.load(r)


def cmd_catchup(a):
    first = get_status(a.admin)
    start_lag = first["journal"]["last_seq"] - max(0, first["replication"]["acked_seq"])
    t_connected = t_done = None
    samples = []
    deadline = time.time() + a.timeout
    s = first
    while time.time() < deadline:
        now = time.time()
        try:
            s = get_status(a.admin)
        except OSError:
            time.sleep(0.02)
            continue
        r, last = s["replication"], s["journal"]["last_seq"]
        if r["connected"] and t_connected is None:
            t_connected = now
        if not samples or now - samples[-1][0] >= 1.0:
            samples.append((now, r["acked_seq"], last, r.get("activity", "")))
        if r["connected"] and r["acked_seq"] == last:
            t_done = now
            break
        time.sleep(0.02)
    out = {"entries": start_lag, "first_acked_seq": first["replication"]["acked_seq"],
           "last_seq": s["journal"]["last_seq"],
           "connected_after_s": round(t_connected - a.t0, 3) if t_connected else None,
           "done_after_s": round(t_done - a.t0, 3) if t_done else None,
           "catchup_s": round(t_done - t_connected, 3) if t_done and t_connected else None,
           "final_acked_seq": s["replication"]["acked_seq"],
           "activity": s["replication"].get("activity")}
    if t_done and t_connected:
        out["entries_per_s_from_link_up"] = round(start_lag / max(t_done - t_connected, 1e-3), 1)
        out["entries_per_s_from_start"] = round(start_lag / (t_done - a.t0), 1)
    out["progress"] = [[round(t - a.t0, 1), acked, last] for t, acked, last, _ in samples]
    print(json.dumps(out) if a.json else " ".join(f"{k}={v}" for k, v in out.items()), flush=True)
    return 0 if t_done else 1


# ---- Cyrus set-up --------------------------------------------------------------------------
def cmd_cyrus_setup(a):
    """Creates user.user01..NN on the master (with an admin ACL) and waits for the replica."""
    def login(port):
        m = imaplib.IMAP4("127.0.0.1", port)
        m.login("cyrus", "admin")
        return m
    A, B = login(a.master_imap), login(a.replica_imap)
    boxes = [f"user.user{n:02d}" for n in range(1, a.users + 1)]
    for box in boxes:
        typ, d = A.create(box)
        if typ != "OK":
            print(f"create {box}: {typ} {d}", file=sys.stderr)
            return 1
        A.setacl(box, "cyrus", "lrswipkxtecda")
    if a.no_wait:
        return 0
    t0 = time.monotonic()
    while time.monotonic() - t0 < a.timeout:
        if all(B.status(b, "(MESSAGES)")[0] == "OK" for b in boxes):
            print(f"{len(boxes)} mailboxes on the replica after {time.monotonic() - t0:.2f}s")
            return 0
        time.sleep(0.05)
    print(f"mailboxes not on the replica after {a.timeout}s", file=sys.stderr)
    return 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("load")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("-n", "--messages", type=int, default=2000)
    p.add_argument("-c", "--connections", type=int, default=4)
    p.add_argument("--rate", type=float, default=0, help="messages per second in all; 0 = as fast as possible")
    p.add_argument("--users", type=int, default=10)
    p.add_argument("--domain", default="example.test")
    p.add_argument("--from", dest="sender", default="probe@example.test")
    p.add_argument("--size", type=int, default=4096)
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--watch", nargs="*", default=[], help="replica folders to watch")
    p.add_argument("--cyrus", action="store_true", help="watched folders are Cyrus mailboxes (UID. files)")
    p.add_argument("--status-port", type=int, default=0, help="Cyrus replica IMAP port: STATUS lag too")
    p.add_argument("--lag-timeout", type=float, default=60.0)
    p.add_argument("--label", default="probe")
    p.add_argument("--dump", help="with --watch: write one line per message (times from the start, lag) to this file")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("catchup")
    p.add_argument("--admin", required=True)
    p.add_argument("--t0", type=float, required=True)
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("cyrus-setup")
    p.add_argument("--master-imap", type=int, required=True)
    p.add_argument("--replica-imap", type=int, required=True)
    p.add_argument("--users", type=int, default=10)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--no-wait", action="store_true")
    a = ap.parse_args()
    if a.cmd == "load":
        if a.messages < 1 or a.connections < 1 or not 1 <= a.users <= 99 or a.size < 300:
            ap.error("need -n >= 1, -c >= 1, 1 <= --users <= 99, --size >= 300")
        if a.status_port and (not a.cyrus or len(a.watch) != a.users):
            ap.error("--status-port needs --cyrus and one --watch folder per user, in user order")
        return cmd_load(a)
    if a.cmd == "catchup":
        return cmd_catchup(a)
    return cmd_cyrus_setup(a)


if __name__ == "__main__":
    sys.exit(main())
