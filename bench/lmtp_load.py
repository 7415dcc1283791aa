#!/usr/bin/env python3
"""LMTP delivery load client (stdlib only): throughput and latency of acknowledged deliveries.

Sends N messages of SIZE bytes, round-robin to U users (user01..userUU[@DOMAIN]), over C
connections, one OS process per connection (so the client is not limited by the GIL). Each
message is one MAIL/RCPT/DATA transaction on a reused connection; its latency runs from MAIL
to the 250 after the final dot. WARMUP messages (split over the connections) go first and are
not timed; the timed part starts for all connections at once.

  lmtp_load.py --port 10024 -n 2000 -c 4 [--users 10] [--size 4096] [--domain example.test]
               [--warmup 200] [--label dovecot] [--json]

Prints one line, or with --json one JSON object:
  {"label": "...", "messages": 2000, "connections": 4, "size": 4096, "users": 10,
   "elapsed_s": 9.8, "rate": 204.1, "p50_ms": 18.2, "p99_ms": 45.0, "max_ms": 80.3,
   "acked": 2000, "errors": 0, "warmup_acked": 200, "first_error": null}
"rate" counts acknowledged messages per second. Exit 0 when at least one message was
acknowledged, 1 otherwise, 2 on a usage error.
"""
import argparse
import json
import multiprocessing as mp
import os
import random
import smtplib
import string
import sys
import time


def body_template(size, seed):
    rng = random.Random(seed)
    line = lambda: "".join(rng.choices(string.ascii_letters + string.digits, k=76)) + "\r\n"
    text = "".join(line() for _ in range(size // 78 + 1))
    return text[:size]


def message(i, rcpt, a, body):
    head = (f"From: Load <load@example.test>\r\nTo: {rcpt}\r\nSubject: load {i}\r\n"
            f"Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
            f"Message-ID: <{i}.{os.getpid()}.{time.time_ns()}@lmtp-load.test>\r\n\r\n")
    text = head + body[: max(0, a.size - len(head) - 2)]
    return (text.rstrip("\r\n") + "\r\n").encode("ascii")


def recipient(i, a):
    user = f"user{i % a.users + 1:02d}"
    return f"{user}@{a.domain}" if a.domain else user


def worker(a, k, barrier, results):
    """Connection k: warm up, wait for the others, then time its share of the messages."""
    lat, errors, first_error = [], 0, None
    body = body_template(a.size, k)
    conn = None

    def deliver(i):
        nonlocal conn
        if conn is None:
            conn = smtplib.LMTP(a.host, a.port, timeout=a.timeout)
            conn.ehlo("lmtp-load.test")
        rcpt = recipient(i, a)
        conn.sendmail(a.sender, [rcpt], message(i, rcpt, a, body))

    def attempt(i):
        nonlocal conn, errors, first_error
        try:
            deliver(i)
            return True
        except (OSError, smtplib.SMTPException) as e:
            errors += 1
            first_error = first_error or f"{type(e).__name__}: {e}"
            if isinstance(e, (OSError, smtplib.SMTPServerDisconnected)):
                conn = None
            return False

    warm = sum(attempt(-1 - i) for i in range(k, a.warmup, a.connections))
    errors, first_error = 0, None
    barrier.wait()
    start = time.monotonic()
    for i in range(k, a.messages, a.connections):
        t0 = time.perf_counter()
        if attempt(i):
            lat.append(time.perf_counter() - t0)
    end = time.monotonic()
    if conn is not None:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            pass
    results.put((start, end, lat, errors, first_error, warm))


def main():
    ap = argparse.ArgumentParser(description="LMTP load client: msg/s and latency of acknowledged deliveries.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-n", "--messages", type=int, default=2000, help="timed messages (default 2000)")
    ap.add_argument("-c", "--connections", type=int, default=1, help="parallel connections (default 1)")
    ap.add_argument("--users", type=int, default=10, help="recipients user01..userNN (default 10)")
    ap.add_argument("--domain", default="example.test", help="recipient domain; '' for bare user names")
    ap.add_argument("--from", dest="sender", default="load@example.test")
    ap.add_argument("--size", type=int, default=4096, help="message size in bytes (default 4096)")
    ap.add_argument("--warmup", type=int, default=0, help="untimed messages sent first (default 0)")
    ap.add_argument("--timeout", type=float, default=60.0, help="socket timeout in seconds")
    ap.add_argument("--label", default="")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args()
    if a.messages < 1 or a.connections < 1 or not 1 <= a.users <= 99 or a.size < 200 or a.warmup < 0:
        ap.error("need --messages >= 1, --connections >= 1, 1 <= --users <= 99, --size >= 200, --warmup >= 0")

    barrier, results = mp.Barrier(a.connections), mp.Queue()
    procs = [mp.Process(target=worker, args=(a, k, barrier, results)) for k in range(a.connections)]
    for p in procs:
        p.start()
    got = [results.get() for _ in procs]
    for p in procs:
        p.join()

    lat = sorted(x for r in got for x in r[2])
    elapsed = max(r[1] for r in got) - min(r[0] for r in got)
    pct = lambda f: round(lat[min(len(lat) - 1, int(len(lat) * f))] * 1e3, 2) if lat else None
    out = {"label": a.label, "messages": a.messages, "connections": a.connections, "size": a.size,
           "users": a.users, "elapsed_s": round(elapsed, 3), "rate": round(len(lat) / elapsed, 1),
           "p50_ms": pct(0.5), "p99_ms": pct(0.99), "max_ms": round(lat[-1] * 1e3, 2) if lat else None,
           "acked": len(lat), "errors": sum(r[3] for r in got), "warmup_acked": sum(r[5] for r in got),
           "first_error": next((r[4] for r in got if r[4]), None)}
    if a.json:
        print(json.dumps(out), flush=True)
    else:
        print(" ".join(f"{k}={v}" for k, v in out.items() if v is not None and v != ""), flush=True)
    return 0 if lat else 1


if __name__ == "__main__":
    sys.exit(main())
