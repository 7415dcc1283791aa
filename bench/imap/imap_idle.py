#!/usr/bin/env python3
"""Many idle IMAP sessions: the server's memory while it holds them, and a delivery reaching
the idling sessions of its user.

  python3 bench/imap/imap_idle.py --port 1143 --lmtp-port 2424 -n 1000 [--users 50]
      [--password bench-password] [--server-pid PID] [--java] [--per-source 250]
      [--hold 10] [--label NAME] [--json]

Session i logs in as user{(i mod USERS)+1:05d}, SELECTs INBOX and sends IDLE (waiting for the
continuation); sessions are opened one after another, from 127.0.0.2, 127.0.0.3, ... with
PER-SOURCE sessions per address (Tandem's default imap.max_connections_per_ip is 500). Once all
idle, and again HOLD seconds later, the server is measured (--server-pid): its RSS and, for all
its processes together, RSS and PSS (Dovecot runs a process per session); with --java also
`jcmd GC.heap_info` (heap used and committed), then `jcmd GC.run` and the heap used after it
(the live heap), and the JVM's thread count. Then one message is delivered over LMTP to
user00001 and each of that user's idling sessions is timed from the LMTP 250 to its
'* N EXISTS'. Last, every session sends DONE and must get its tagged OK (so all were still
there), then LOGOUT.

Output (--json): {"label", "sessions", "opened_s", "baseline": {...}, "held": {...},
"held_later": {...}, "notify_ms": [...], "notified", "expected", "done_ok", "errors"}.
"""
import argparse, json, os, re, smtplib, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from imapclient import Client, ImapError  # noqa: E402


def tree_pids(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    s = f.read()
            except OSError:
                continue
            ppid = int(s[s.rfind(")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def kib(path, key):
    try:
        with open(path) as f:
            for ln in f:
                if ln.startswith(key + ":"):
                    return int(ln.split()[1])
    except OSError:
        pass
    return 0


def jcmd(pid, *args):
    return subprocess.run(["jcmd", str(pid), *args], capture_output=True, text=True,
                          timeout=120).stdout


def heap(pid):
    text = jcmd(pid, "GC.heap_info")
    m = re.search(r"total (\d+)K, used (\d+)K", text)
    meta = re.search(r"Metaspace\s+used (\d+)K", text)
    return (int(m.group(2)) // 1024 if m else None, int(m.group(1)) // 1024 if m else None,
            int(meta.group(1)) // 1024 if meta else None)


def measure(pid, java, gc):
    pids = tree_pids(pid)
    r = {"rss_mib": kib(f"/proc/{pid}/status", "VmRSS") // 1024,
         "processes": len(pids),
         "tree_rss_mib": sum(kib(f"/proc/{p}/status", "VmRSS") for p in pids) // 1024,
         "tree_pss_mib": sum(kib(f"/proc/{p}/smaps_rollup", "Pss") for p in pids) // 1024}
    if java:
        r["threads"] = kib(f"/proc/{pid}/status", "Threads")
        r["heap_used_mib"], r["heap_committed_mib"], r["metaspace_mib"] = heap(pid)
        if gc:
            jcmd(pid, "GC.run")
            r["heap_live_mib"] = heap(pid)[0]
            r["rss_after_gc_mib"] = kib(f"/proc/{pid}/status", "VmRSS") // 1024
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--lmtp-port", type=int, required=True)
    ap.add_argument("-n", "--sessions", type=int, default=1000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--user-format", default="user{:05d}")
    ap.add_argument("--domain", default="example.test")
    ap.add_argument("--password", default="bench-password")
    ap.add_argument("--per-source", type=int, default=250)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--java", action="store_true")
    ap.add_argument("--hold", type=float, default=10)
    ap.add_argument("--label", default="")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = {"label": a.label, "sessions": a.sessions, "errors": 0, "first_error": None}
    if a.server_pid:
        res["baseline"] = measure(a.server_pid, a.java, gc=True)
    clients = []
    t0 = time.monotonic()
    for i in range(a.sessions):
        user = a.user_format.format(i % a.users + 1)
        try:
            c = Client(a.host, a.port, source=f"127.0.0.{2 + i // a.per_source}")
            c.login(user, a.password)
            c.command(b"SELECT INBOX")
            c.send(b"idle IDLE\r\n")
            ln = c.line()
            if not ln.startswith(b"+"):
                raise ImapError(f"IDLE: {ln[:200]!r}")
            clients.append((user, c))
        except (OSError, ImapError) as e:
            res["errors"] += 1
            res["first_error"] = res["first_error"] or f"session {i}: {e!r}"
            if res["errors"] > 20:
                break
    res["opened"] = len(clients)
    res["opened_s"] = round(time.monotonic() - t0, 1)
    if a.server_pid:
        time.sleep(1)
        res["held"] = measure(a.server_pid, a.java, gc=False)
        time.sleep(a.hold)
        res["held_later"] = measure(a.server_pid, a.java, gc=True)

    # A delivery to the first user: every one of its idling sessions must hear of it.
    target = a.user_format.format(1)
    watched = [c for u, c in clients if u == target]
    times, lock = [], threading.Lock()
    sent = {}

    def watch(c):
        c.sock.settimeout(30)
        try:
            while True:
                ln = c.line()
                if re.match(rb"\* \d+ EXISTS", ln):
                    t = time.monotonic()
                    with lock:
                        times.append(t)
                    return
        except (OSError, ImapError):
            pass

    threads = [threading.Thread(target=watch, args=(c,)) for c in watched]
    for t in threads:
        t.start()
    lm = smtplib.LMTP(a.host, a.lmtp_port)
    msg = (f"From: idle@sender.test\r\nTo: {target}@{a.domain}\r\nSubject: idle probe\r\n"
           f"Message-ID: <idle-{time.time()}@sender.test>\r\n\r\nwake up\r\n")
    lm.ehlo_or_helo_if_needed()
    lm.mail("idle@sender.test")
    lm.rcpt(f"{target}@{a.domain}" if a.domain else target)
    code, _ = lm.data(msg.encode())
    sent["t"] = time.monotonic()
    lm.quit()
    for t in threads:
        t.join(timeout=35)
    res["lmtp_code"] = code
    res["expected"] = len(watched)
    res["notified"] = len(times)
    res["notify_ms"] = sorted(round((t - sent["t"]) * 1000, 1) for t in times)

    # Every session ends IDLE and must answer.
    done_ok = 0
    for _, c in clients:
        try:
            c.sock.settimeout(30)
            c.send(b"DONE\r\n")
            while True:
                ln = c.line()
                if ln.startswith(b"idle "):
                    done_ok += ln.startswith(b"idle OK")
                    break
        except (OSError, ImapError):
            pass
    res["done_ok"] = done_ok
    for _, c in clients:
        c.close()
    print(json.dumps(res) if a.json else json.dumps(res, indent=1))
    ok = (res["opened"] == a.sessions and res["notified"] == res["expected"]
          and done_ok == a.sessions)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
