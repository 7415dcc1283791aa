#!/usr/bin/env python3
"""SELECT and FETCH 1:* (FLAGS) of one big mailbox, timed, on a new connection each time.

  python3 bench/imap/imap_big.py --port 1143 --user user00001 [--password bench-password]
      [--reps 5] [--label NAME] [--json]

Per repetition: connect, LOGIN (untimed); SELECT INBOX timed from the command to its tagged OK
(all untagged lines read); FETCH 1:* (FLAGS) timed the same way, with every FETCH line counted;
LOGOUT. The first repetition is the cold one (first SELECT since the server started, or since
the maildir was copied in); the median of the others is the warm figure.

Output (--json): {"label", "user", "exists", "select_ms": [...], "fetch_ms": [...],
"fetch_lines", "fetch_bytes", "select_cold_ms", "fetch_cold_ms", "select_warm_ms",
"fetch_warm_ms"}.
"""
import argparse, json, os, statistics, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from imapclient import Client, exists_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", default="bench-password")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--label", default="")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    sel, fet, lines, nbytes, exists = [], [], None, None, None
    for _ in range(a.reps):
        c = Client(a.host, a.port, timeout=600)
        c.login(a.user, a.password)
        t0 = time.monotonic()
        _, u = c.command(b"SELECT INBOX")
        t1 = time.monotonic()
        exists = exists_of(u)
        before = c.received
        t2 = time.monotonic()
        _, u = c.command(b"FETCH 1:* (FLAGS)")
        t3 = time.monotonic()
        lines = sum(1 for ln in u if ln.endswith(b")") and b" FETCH (" in ln)
        nbytes = c.received - before
        sel.append(round((t1 - t0) * 1000, 1))
        fet.append(round((t3 - t2) * 1000, 1))
        c.close()
    warm = lambda xs: statistics.median(xs[1:]) if len(xs) > 1 else None  # noqa: E731
    res = {"label": a.label, "user": a.user, "exists": exists, "select_ms": sel,
           "fetch_ms": fet, "fetch_lines": lines, "fetch_bytes": nbytes,
           "select_cold_ms": sel[0], "fetch_cold_ms": fet[0],
           "select_warm_ms": warm(sel), "fetch_warm_ms": warm(fet)}
    print(json.dumps(res) if a.json else json.dumps(res, indent=1))
    sys.exit(0 if exists and lines == exists else 1)


if __name__ == "__main__":
    main()
