#!/usr/bin/env python3
"""Markdown summary of run-replication-bench.sh's results.jsonl (and the Tandem log warnings).

  report.py RESULTS.jsonl [WARNINGS.txt]
"""
import collections
import json
import os
import re
import sys

rows = [json.loads(line) for line in open(sys.argv[1])] if os.path.exists(sys.argv[1]) else []
res = {(r["system"], r["phase"]): r["result"] for r in rows if "result" in r}

ORDER = [
    ("tandem", "local-steady", "Tandem", "ack=local"),
    ("tandem", "local-steady-b", "Tandem", "ack=local (2nd)"),
    ("tandem", "peer-steady", "Tandem", "ack=peer"),
    ("cyrus-rolling", "steady", "Cyrus 3.6", "rolling, 1 s"),
    ("cyrus-rightnow", "steady", "Cyrus 3.6", "rightnow"),
    ("tandem", "local-max-4", "Tandem", "ack=local"),
    ("tandem", "local-max-4-b", "Tandem", "ack=local (2nd)"),
    ("tandem", "peer-max-4", "Tandem", "ack=peer"),
    ("cyrus-rolling", "max-4", "Cyrus 3.6", "rolling, 1 s"),
    ("cyrus-rightnow", "max-4", "Cyrus 3.6", "rightnow"),
    ("tandem", "local-max-1", "Tandem", "ack=local"),
    ("tandem", "local-max-1-b", "Tandem", "ack=local (2nd)"),
    ("tandem", "peer-max-1", "Tandem", "ack=peer"),
    ("cyrus-rolling", "max-1", "Cyrus 3.6", "rolling, 1 s"),
    ("cyrus-rightnow", "max-1", "Cyrus 3.6", "rightnow"),
]


def f(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


print("| system | mode | load | conns | msg/s | ack p50 / p99 ms | lag p50 / p90 / p99 / max ms | lag > 100 ms | seen / acked | errors |")
print("|---|---|---|---|---|---|---|---|---|---|")
for system, phase, name, mode in ORDER:
    r = res.get((system, phase))
    if r is None:
        continue
    load = f"{r['offered_rate']:.0f} msg/s" if r.get("offered_rate") else "max"
    lag = (f"{f(r.get('lag_p50_ms'))} / {f(r.get('lag_p90_ms'))} / **{f(r.get('lag_p99_ms'))}** / "
           f"{f(r.get('lag_max_ms'))}")
    if r.get("status_lag_p50_ms") is not None:
        lag += (f" (IMAP STATUS: {f(r['status_lag_p50_ms'])} / {f(r['status_lag_p90_ms'])} / "
                f"{f(r['status_lag_p99_ms'])} / {f(r['status_lag_max_ms'])})")
    rate = f"**{f(r['rate'], 0)}**" if load == "max" else f(r['rate'], 0)
    print(f"| {name} | {mode} | {load} | {r['connections']} | {rate} | "
          f"{f(r['ack_p50_ms'])} / {f(r['ack_p99_ms'])} | {lag} | "
          f"{r.get('lag_over_100ms', '-')} | {r.get('lag_seen', '-')} / {r['acked']} | {r['errors']} |")
print()


def get(system, phase, key):
    return res.get((system, phase), {}).get(key)


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


p99s = [get("tandem", p, "lag_p99_ms") for p in ("local-steady", "local-steady-b")]
p99s = [x for x in p99s if x is not None]
if p99s:
    verdict = "met" if max(p99s) < 100 else "NOT met"
    print(f"- Tandem lag p99 at {get('tandem', 'local-steady', 'offered_rate') or '?'} msg/s (ack=local): "
          f"{' and '.join(f'{x:.1f} ms' for x in p99s)} (target < 100 ms: **{verdict}**); "
          f"Cyrus rolling: {f(get('cyrus-rolling', 'steady', 'lag_p99_ms'))} ms "
          f"(IMAP STATUS {f(get('cyrus-rolling', 'steady', 'status_lag_p99_ms'))} ms)")
mx = [get("tandem", p, "lag_p99_ms") for p in ("local-max-4", "local-max-4-b")]
if any(x is not None for x in mx):
    print(f"- Tandem lag p99 at the maximum rate (ack=local, 4 connections): "
          f"{' and '.join(f(x) + ' ms' for x in mx if x is not None)}; Cyrus rolling "
          f"{f(get('cyrus-rolling', 'max-4', 'lag_p99_ms'))} ms")
for c in (4, 1):
    tp, cr = get("tandem", f"peer-max-{c}", "rate"), get("cyrus-rightnow", f"max-{c}", "rate")
    target = " (target >= 2x)" if c == 4 else ""
    if tp or cr:
        print(f"- {c} connection{'s' if c > 1 else ''}: Tandem ack=peer {f(tp, 0)} msg/s, ack p50/p99 "
              f"{f(get('tandem', f'peer-max-{c}', 'ack_p50_ms'))}/{f(get('tandem', f'peer-max-{c}', 'ack_p99_ms'))} ms; "
              f"Cyrus rightnow {f(cr, 0)} msg/s, {f(get('cyrus-rightnow', f'max-{c}', 'ack_p50_ms'))}/"
              f"{f(get('cyrus-rightnow', f'max-{c}', 'ack_p99_ms'))} ms: **{ratio(tp, cr)}**{target}")
for c in (1, 4):
    loc = [get("tandem", p, "rate") for p in (f"local-max-{c}", f"local-max-{c}-b")]
    loc = [x for x in loc if x]
    peer = get("tandem", f"peer-max-{c}", "rate")
    if loc and peer:
        print(f"- Tandem ack=peer / ack=local at {c} connection{'s' if c > 1 else ''}: "
              f"{peer:.0f} / ({' and '.join(f'{x:.0f}' for x in loc)}) msg/s = "
              f"{' and '.join(ratio(peer, x) for x in loc)}")
cu = res.get(("tandem", "catchup"))
load = res.get(("tandem", "catchup-load"))
if load:
    print(f"- Catch-up load (replica stopped): {load['acked']} deliveries of {load['size']} B at "
          f"{load['rate']:.0f} msg/s, {load['errors']} errors")
if cu:
    print(f"- Catch-up: {cu['entries']} journal entries; link up {f(cu['connected_after_s'], 2)} s after the "
          f"replica was started, acked == last {f(cu['done_after_s'], 2)} s after; "
          f"**{f(cu.get('entries_per_s_from_link_up'), 0)} entries/s** from link-up "
          f"({f(cu.get('entries_per_s_from_start'), 0)} entries/s including the replica's start)")
for r in rows:
    if r["system"].endswith("-store"):
        same = "equal" if r["a"] == r["b"] else "**DIFFERENT**"
        print(f"- Message files, {r['system'][:-6]} {r['phase']}: primary {r['a']}, replica {r['b']} ({same})")
    x = r.get("result", {})
    if x.get("errors") or x.get("lag_missing") or x.get("inotify_overflows"):
        print(f"- WARNING: {r['system']} {r['phase']}: {x.get('errors')} errors (first: {x.get('first_error')}), "
              f"{x.get('lag_missing')} never seen on the replica, {x.get('inotify_overflows')} inotify overflows")

if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
    lines = [l.rstrip("\n") for l in open(sys.argv[2])]
    shapes = collections.Counter(re.sub(r"\d+", "N", l.split("] ", 3)[-1])[:160] for l in lines)
    print(f"- Tandem log lines at WARN/ERROR or with an exception: {len(lines)}")
    for shape, n in shapes.most_common(12):
        print(f"  - {n} x `{shape}`")
