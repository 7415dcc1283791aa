#!/usr/bin/env python3
"""The hardware monitor's cost: one appliance (`tandem serve`) on a simulated enclosure of
12 disks in 12 bays, 3 md arrays (raid1 of 4 disks each) and 2 PSUs, polled every 10 s.
It samples the CPU time of the service's threads from /proc/PID/task/*/stat over a window
after a warm-up, and reports the monitor's threads (hardware-monitor, alert-notifier) and the
whole process, as a share of one core, with the resident memory.

  python3 bench/hardware/monitor_bench.py [--jar target/tandem.jar] [--seconds 300]
                                          [--smart-poll 30m]

Note: in sim mode each poll also renders the enclosure's files (mdstat, sysfs, ...), work the
real machine's kernel does instead, so the figure is an upper bound for the same poll.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

CLK = os.sysconf("SC_CLK_TCK")
MONITOR_THREADS = ("hardware-monito", "alert-notifier")  # comm is cut to 15 characters


def thread_ticks(pid):
    ticks = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except FileNotFoundError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        ticks[(tid, name)] = int(fields[11]) + int(fields[12])
    return ticks


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default="target/tandem.jar")
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--smart-poll", default="30m")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="tandem-hw-bench-")
    config = os.path.join(work, "appliance.conf")
    with open(config, "w") as f:
        f.write(f"""appliance.name = bench
store.root = {work}/mail
store.state = {work}/state
store.min_free = 1M
lmtp.listen = 127.0.0.1:0
imap.listen = 127.0.0.1:0
admin.listen = 127.0.0.1:0
hardware.mode = sim
hardware.sim.dir = {work}/sim
hardware.poll = 10s
smart.poll = {args.smart_poll}
""")
    arrays = "raid1:sda1,sdb1,sdc1,sdd1;raid1:sde,sdf,sdg,sdh;raid1:sdi,sdj,sdk,sdl"
    subprocess.run(["java", "-jar", args.jar, "sim", "init", "--bays", "12", "--arrays",
                    arrays, "--config", config], check=True, stdout=subprocess.DEVNULL)
    service = subprocess.Popen(["java", "-jar", args.jar, "serve", "--config", config],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in service.stdout:
            if "tandem: ready" in line:
                break
        time.sleep(args.warmup)
        before, start = thread_ticks(service.pid), time.monotonic()
        time.sleep(args.seconds)
        after, end = thread_ticks(service.pid), time.monotonic()
        elapsed = end - start
        monitor = sum(t - before.get(k, 0) for k, t in after.items() if k[1] in MONITOR_THREADS)
        total = sum(t - before.get(k, 0) for k, t in after.items())
        status = json.loads(subprocess.run(["java", "-jar", args.jar, "status", "--json",
                                            "--config", config], capture_output=True,
                                           text=True, check=True).stdout)
        print(json.dumps({
            "disks": len(status["disks"]), "arrays": len(status["arrays"]),
            "psus": len(status["psus"]), "poll_s": 10, "smart_poll": args.smart_poll,
            "window_s": round(elapsed, 1),
            "monitor_cpu_percent_of_a_core": round(100.0 * monitor / CLK / elapsed, 3),
            "process_cpu_percent_of_a_core": round(100.0 * total / CLK / elapsed, 3),
            "rss_mib": round(rss_kib(service.pid) / 1024, 1),
        }))
    finally:
        service.terminate()
        service.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
