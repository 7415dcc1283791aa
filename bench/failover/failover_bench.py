#!/usr/bin/env python3
"""Controlled failover time under load: a Tandem pair on loopback (both appliances listen and
dial, as in production), an MTA-like LMTP client that knows both and retries a message on the
other one after a 4xx, and RUNS failovers alternating in direction. For each: the time from the
failover request (POST /api/failover on the primary's admin API) to the first 250 from the new
primary, and the time writes were refused as the service reports it.

  python3 bench/failover/failover_bench.py [--jar target/tandem.jar] [--runs 10]

Prints one line per run and a JSON summary (median and max). Stdlib only.
"""
import argparse, json, os, re, smtplib, socket, statistics, subprocess, sys, tempfile
import threading, time, urllib.request


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def start(jar, conf, log):
    out = open(log, "w")
    proc = subprocess.Popen(["java", "-Xmx256m", "-jar", jar, "serve", "--config", conf],
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        m = re.search(r"tandem: ready .* lmtp=[0-9.]+:(\d+) admin=[0-9.]+:(\d+)", open(log).read())
        if m:
            return proc, int(m.group(1)), int(m.group(2))
        time.sleep(0.05)
    raise SystemExit("a service did not start: " + open(log).read()[-2000:])


def post(port, path):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="POST", data=b"")
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def status(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=30) as r:
        return json.loads(r.read())


class Mta(threading.Thread):
    """Sends one message at a time to the first host that takes it; records every 250."""
    def __init__(self, hosts):
        super().__init__(daemon=True)
        self.hosts, self.acks, self.stop, self.permfails = hosts, [], False, 0

    def run(self):
        current, conn, seq = 0, None, 0
        while not self.stop:
            wire = (f"Subject: m{seq}\r\nMessage-ID: <fo-{seq}@bench>\r\n\r\n" + "x" * 2000
                    + "\r\n").encode()
            try:
                if conn is None:
                    conn = smtplib.LMTP("127.0.0.1", self.hosts[current], timeout=30)
                if not conn.sendmail("s@bench", [f"u{seq % 4}@bench"], wire):
                    self.acks.append((time.time(), self.hosts[current])); seq += 1; continue
            except smtplib.SMTPResponseException as e:
                if 500 <= e.smtp_code < 600:
                    self.permfails += 1; seq += 1; continue
            except (OSError, smtplib.SMTPException):
                pass
            try:
                conn and conn.close()
            except Exception:
                pass
            conn, current = None, (current + 1) % len(self.hosts)
            time.sleep(0.01)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", default="target/tandem.jar")
    p.add_argument("--runs", type=int, default=10)
    a = p.parse_args()
    jar = os.path.abspath(a.jar)
    work = tempfile.mkdtemp(prefix="failover-bench.")
    rport = {"a": free_port(), "b": free_port()}
    procs = {}
    for side, other, role in (("a", "b", "primary"), ("b", "a", "replica")):
        d = os.path.join(work, side); os.makedirs(d)
        conf = os.path.join(d, "appliance.conf")
        open(conf, "w").write(
            f"appliance.name = bench-{side}\nrole.initial = {role}\nstore.root = ./mail\n"
            f"store.state = ./state\nstore.min_free = 16M\nlmtp.listen = 127.0.0.1:0\nimap.listen = 127.0.0.1:0\n"
            f"admin.listen = 127.0.0.1:0\nreplication.listen = 127.0.0.1:{rport[side]}\n"
            f"replication.peer = 127.0.0.1:{rport[other]}\n"
            f"replication.tls.peer_cert = {work}/{other}/state/tls/appliance.crt\n")
        subprocess.run(["java", "-jar", jar, "tls", "init", "--config", conf], check=True,
                       stdout=subprocess.DEVNULL)
    for side in ("b", "a"):
        procs[side] = start(jar, os.path.join(work, side, "appliance.conf"),
                            os.path.join(work, side, "service.log"))
    try:
        for i in range(4):
            subprocess.run(["java", "-jar", jar, "user", "add", f"u{i}", "--config",
                            os.path.join(work, "a", "appliance.conf")], input=b"pw-bench\n",
                           check=True, stdout=subprocess.DEVNULL)
        lmtp = {s: procs[s][1] for s in procs}
        admin = {s: procs[s][2] for s in procs}
        mta = Mta([lmtp["a"], lmtp["b"]]); mta.start()
        time.sleep(3)
        primary, results = "a", []
        for run in range(a.runs):
            other = "b" if primary == "a" else "a"
            t0 = time.time()
            answer = post(admin[primary], "/api/failover")
            while not any(t > t0 and host == lmtp[other] for t, host in mta.acks[-200:]):
                if time.time() - t0 > 60:
                    raise SystemExit(f"run {run}: no 250 from the new primary within 60 s")
                time.sleep(0.002)
            first = min(t for t, host in mta.acks if t > t0 and host == lmtp[other])
            switch = (first - t0) * 1000
            results.append((switch, answer["writes_paused_ms"]))
            print(f"run {run + 1}: bench-{primary} -> bench-{other}: first 250 on the new primary"
                  f" after {switch:.0f} ms; writes refused {answer['writes_paused_ms']} ms"
                  f" (epoch {answer['epoch']}, seq {answer['last_seq']})", flush=True)
            primary = other
            time.sleep(2)
        mta.stop = True; mta.join(60)
        time.sleep(2)
        counts = {s: status(admin[s])["store"]["messages"] for s in admin}
        switches = [r[0] for r in results]; paused = [r[1] for r in results]
        print(json.dumps({"runs": len(results), "switch_ms_median": round(statistics.median(switches)),
                          "switch_ms_max": round(max(switches)),
                          "writes_paused_ms_median": statistics.median(paused),
                          "writes_paused_ms_max": max(paused), "acked": len(mta.acks),
                          "permfails": mta.permfails, "messages": counts}))
    finally:
        for proc, _, _ in procs.values():
            os.killpg(proc.pid, 15)
        for proc, _, _ in procs.values():
            proc.wait(30)


if __name__ == "__main__":
    sys.exit(main())
