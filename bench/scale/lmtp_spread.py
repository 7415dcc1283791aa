#!/usr/bin/env python3
"""LMTP deliveries spread over many users, for the scale benchmark.

Sends N messages over C connections (threads), each to a random user among user00001..userNNNNN
(the names ScaleStoreGenerator creates), one transaction per message on a reused connection, and
checks that each is acknowledged with 250. Prints one JSON object:

  {"messages", "connections", "users", "size", "acked", "errors", "elapsed_s", "rate",
   "p50_ms", "p99_ms", "max_ms", "first_error", "first_user"}

  lmtp_spread.py --port 2424 [-n 1] [-c 1] [--users 10000] [--size 3072] [--seed S]

Exit status: 0 when every message was acknowledged, 1 otherwise.
"""
import argparse
import json
import random
import smtplib
import socket
import sys
import threading
import time


def user_name(index, users):
    width = max(5, len(str(users)))
    return f"user{index:0{width}d}"


def message(user, domain, size, serial):
    head = (f"From: Scale LMTP <lmtp@{domain}>\r\nTo: {user}@{domain}\r\n"
            f"Subject: scale bench LMTP delivery {serial}\r\n"
            f"Message-ID: <lmtp-{time.time_ns()}-{serial}@bench.tandem.test>\r\n\r\n")
    line = "scale benchmark body text line for an LMTP delivery to a random user\r\n"
    body = (line * (size // len(line) + 1))[: max(0, size - len(head))]
    return (head + body).encode("ascii")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-n", "--messages", type=int, default=1)
    ap.add_argument("-c", "--connections", type=int, default=1)
    ap.add_argument("--users", type=int, default=10000)
    ap.add_argument("--domain", default="example.test")
    ap.add_argument("--size", type=int, default=3072)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=60.0)
    a = ap.parse_args()
    if a.messages < 1 or a.connections < 1 or a.users < 1:
        ap.error("need --messages, --connections and --users >= 1")

    rng = random.Random(a.seed)
    targets = [user_name(rng.randint(1, a.users), a.users) for _ in range(a.messages)]
    lock = threading.Lock()
    state = {"next": 0, "acked": 0, "errors": 0, "first_error": None}
    latencies = []

    def take():
        with lock:
            i = state["next"]
            if i >= len(targets):
                return None
            state["next"] = i + 1
            return i

    def fail(text):
        with lock:
            state["errors"] += 1
            if state["first_error"] is None:
                state["first_error"] = text

    def worker():
        conn = None
        while True:
            i = take()
            if i is None:
                break
            user = targets[i]
            try:
                if conn is None:
                    conn = smtplib.LMTP(a.host, a.port, timeout=a.timeout)
                    code, text = conn.ehlo()  # LMTP's ehlo() sends LHLO
                    if code != 250:
                        raise smtplib.SMTPResponseException(code, text)
                t0 = time.perf_counter()
                conn.mail(f"lmtp@{a.domain}")
                code, text = conn.rcpt(f"{user}@{a.domain}")
                if code != 250:
                    conn.rset()
                    fail(f"RCPT {user}: {code} {text.decode(errors='replace')}")
                    continue
                code, text = conn.data(message(user, a.domain, a.size, i))
                took = time.perf_counter() - t0
                if code == 250:
                    with lock:
                        state["acked"] += 1
                        latencies.append(took)
                else:
                    fail(f"DATA {user}: {code} {text.decode(errors='replace')}")
            except (smtplib.SMTPException, OSError, socket.timeout) as e:
                fail(f"{user}: {type(e).__name__}: {e}")
                try:
                    if conn is not None:
                        conn.close()
                except Exception:
                    pass
                conn = None
        if conn is not None:
            try:
                conn.quit()
            except Exception:
                pass

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(a.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    lat = sorted(latencies)

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2) if lat else None

    print(json.dumps({
        "messages": a.messages, "connections": a.connections, "users": a.users, "size": a.size,
        "acked": state["acked"], "errors": state["errors"], "elapsed_s": round(elapsed, 3),
        "rate": round(state["acked"] / elapsed, 1) if elapsed > 0 else None,
        "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": round(lat[-1] * 1000, 2) if lat else None,
        "first_error": state["first_error"], "first_user": targets[0]}))
    return 0 if state["acked"] == a.messages else 1


if __name__ == "__main__":
    sys.exit(main())
