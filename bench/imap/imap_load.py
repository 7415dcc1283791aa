#!/usr/bin/env python3
"""IMAP load: N concurrent sessions, each in its own OS process, doing a client-like mix of
commands one after another (no think time) on its user's INBOX.

  python3 bench/imap/imap_load.py --port 1143 -n 50 [--users 50] [--duration 30] [--warmup 10]
      [--password bench-password] [--seed 1] [--server-pid PID] [--label NAME] [--json]

Session i logs in as user{(i mod USERS)+1:05d}, SELECTs INBOX and learns its UIDs (UID SEARCH
ALL, untimed), then picks commands at random (its own seeded generator, so both servers get the
same sequence) with these weights:

  select         5   SELECT INBOX
  fetch_headers 20   UID FETCH a:b (UID FLAGS BODY.PEEK[HEADER]), 20 consecutive messages
  fetch_body    20   UID FETCH u (UID BODY.PEEK[]), one message
  store         20   UID STORE u +FLAGS or -FLAGS (\\Seen or \\Flagged)
  search_flags  10   UID SEARCH UNSEEN, or UID SEARCH FLAGGED
  search_text    5   UID SEARCH SUBJECT "word" (search_subject), or UID SEARCH BODY "word"
                     (search_body); a word of the corpus' vocabulary
  append        10   APPEND INBOX (\\Seen) of a corpus message (APPENDUID), then
                     store_deleted (UID STORE uid +FLAGS.SILENT (\\Deleted)) and expunge (EXPUNGE;
                     UID EXPUNGE uid when several sessions share a user), so the mailbox keeps
                     its size

Each command is one operation, timed from sending it to its tagged OK. All sessions start
together; commands in the first WARMUP seconds are not counted; the rate is the operations
completed in the next DURATION seconds divided by DURATION. With --server-pid, the CPU time of
that process tree over the timed window is reported too (server CPU ms per operation).

Output (--json): {"label", "sessions", "users", "duration_s", "ops", "rate", "p50_ms", "p90_ms",
"p99_ms", "max_ms", "per_op": {op: {"n", "p50_ms", "p99_ms", "mean_ms"}}, "errors",
"first_error", "server_cpu_s", "server_cpu_ms_per_op", "client_cpu_s", "mib_received"}.
"""
import argparse, json, multiprocessing as mp, os, random, resource, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
from imapclient import Client, ImapError, exists_of, search_uids, tree_cpu_seconds  # noqa: E402

MIX = [("select", 5), ("fetch_headers", 20), ("fetch_body", 20), ("store", 20),
       ("search_flags", 10), ("search_text", 5), ("append", 10)]


def session(i, a, barrier, times, out):
    user_no = i % a.users + 1
    user = a.user_format.format(user_no)
    shared = a.sessions > a.users
    rng = random.Random(a.seed * 7919 + i)
    lat = {}
    errors, first_error, ops_in_window = 0, None, 0
    try:
        c = Client(a.host, a.port)
        c.login(user, a.password)
        c.command(b"SELECT INBOX")
        _, u = c.command(b"UID SEARCH ALL")
        uids = search_uids(u)
        if len(uids) < 40:
            raise ImapError(f"{user}: only {len(uids)} messages")
    except Exception as e:  # noqa: BLE001
        barrier.abort()
        out.put({"i": i, "fatal": repr(e)})
        return
    names = [m[0] for m in MIX]
    weights = [m[1] for m in MIX]
    appended = 0
    try:
        barrier.wait()
    except Exception:  # noqa: BLE001
        out.put({"i": i, "fatal": "another session failed to start"})
        return
    start, end = times[0], times[1]

    def timed(name, text, literal=None):
        nonlocal errors, first_error, ops_in_window
        t0 = time.monotonic()
        try:
            r = c.command(text, literal)
        except ImapError as e:
            errors += 1
            first_error = first_error or str(e)
            return None
        t1 = time.monotonic()
        if t0 >= start and t1 <= end:
            lat.setdefault(name, []).append((t1 - t0) * 1000)
            ops_in_window += 1
        return r

    while time.monotonic() < end:
        op = rng.choices(names, weights)[0]
        if op == "select":
            timed(op, b"SELECT INBOX")
        elif op == "fetch_headers":
            k = rng.randrange(len(uids) - 20)
            timed(op, b"UID FETCH %d:%d (UID FLAGS BODY.PEEK[HEADER])" % (uids[k], uids[k + 19]))
        elif op == "fetch_body":
            timed(op, b"UID FETCH %d (UID BODY.PEEK[])" % rng.choice(uids))
        elif op == "store":
            timed(op, b"UID STORE %d %sFLAGS (%s)" % (rng.choice(uids), rng.choice([b"+", b"-"]),
                                                       rng.choice([b"\\Seen", b"\\Flagged"])))
        elif op == "search_flags":
            timed(op, b"UID SEARCH " + rng.choice([b"UNSEEN", b"FLAGGED"]))
        elif op == "search_text":
            word = rng.choice(corpus.WORDS).encode()
            key = rng.choice([b"SUBJECT", b"BODY"])
            timed("search_" + key.decode().lower(), b'UID SEARCH %s "%s"' % (key, word))
        elif op == "append":
            appended += 1
            msg = corpus.message(user_no, 1_000_000 + i * 100_000 + appended, a.seed)
            r = timed("append", b"APPEND INBOX (\\Seen)", msg.replace(b"\n", b"\r\n"))
            if r is None:
                continue
            tagged = r[0]
            try:
                new_uid = int(tagged.split(b"[APPENDUID ", 1)[1].split(b"]")[0].split()[1])
            except (IndexError, ValueError):
                errors += 1
                first_error = first_error or f"no APPENDUID: {tagged[:200]!r}"
                continue
            timed("store_deleted", b"UID STORE %d +FLAGS.SILENT (\\Deleted)" % new_uid)
            timed("expunge", b"UID EXPUNGE %d" % new_uid if shared else b"EXPUNGE")
    c.close()
    out.put({"i": i, "lat": lat, "errors": errors, "first_error": first_error,
             "received": c.received})


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-n", "--sessions", type=int, default=1)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--user-format", default="user{:05d}")
    ap.add_argument("--password", default="bench-password")
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--warmup", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--label", default="")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    a.users = min(a.users, a.sessions)

    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(a.sessions + 1, timeout=300)
    times = ctx.Array("d", 2)
    out = ctx.Queue()
    procs = [ctx.Process(target=session, args=(i, a, barrier, times, out))
             for i in range(a.sessions)]
    for p in procs:
        p.start()
    now = time.monotonic()
    times[0] = now + 0.5 + a.warmup
    times[1] = times[0] + a.duration
    fatal = None
    try:
        barrier.wait()
    except Exception:  # noqa: BLE001
        fatal = "a session could not start"
    cpu0 = cpu1 = None
    if not fatal:
        time.sleep(max(0, times[0] - time.monotonic()))
        cpu0 = tree_cpu_seconds(a.server_pid) if a.server_pid else None
        time.sleep(max(0, times[1] - time.monotonic()))
        cpu1 = tree_cpu_seconds(a.server_pid) if a.server_pid else None
    results = []
    for _ in procs:
        try:
            results.append(out.get(timeout=600))
        except Exception:  # noqa: BLE001
            break
    for p in procs:
        p.join(timeout=30)
    fatals = [r["fatal"] for r in results if "fatal" in r]
    lat, per_op = [], {}
    for r in results:
        for op, xs in r.get("lat", {}).items():
            per_op.setdefault(op, []).extend(xs)
            lat.extend(xs)
    errors = sum(r.get("errors", 0) for r in results)
    first_error = next((r["first_error"] for r in results if r.get("first_error")), None)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None
    res = {
        "label": a.label, "sessions": a.sessions, "users": a.users, "duration_s": a.duration,
        "ops": len(lat), "rate": round(len(lat) / a.duration, 1),
        "p50_ms": pct(lat, 50), "p90_ms": pct(lat, 90), "p99_ms": pct(lat, 99),
        "max_ms": max(lat) if lat else None,
        "per_op": {op: {"n": len(xs), "p50_ms": pct(xs, 50), "p99_ms": pct(xs, 99),
                        "mean_ms": sum(xs) / len(xs)} for op, xs in sorted(per_op.items())},
        "errors": errors, "first_error": first_error or (fatals[0] if fatals else fatal),
        "server_cpu_s": round(server_cpu, 2) if server_cpu is not None else None,
        "server_cpu_ms_per_op": round(server_cpu * 1000 / len(lat), 3)
        if server_cpu is not None and lat else None,
        "client_cpu_s": round(ru.ru_utime + ru.ru_stime, 1),
        "mib_received": round(sum(r.get("received", 0) for r in results) / 1048576, 1),
    }
    for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms"):
        res[k] = round(res[k], 2) if res[k] is not None else None
    for v in res["per_op"].values():
        for k in ("p50_ms", "p99_ms", "mean_ms"):
            v[k] = round(v[k], 2)
    if a.json:
        print(json.dumps(res))
    else:
        print(json.dumps(res, indent=1))
    sys.exit(1 if fatals or fatal or not lat else 0)


if __name__ == "__main__":
    main()
