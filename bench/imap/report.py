#!/usr/bin/env python3
"""Markdown tables from run-imap-bench.sh's results.jsonl: python3 report.py RESULTS"""
import json, statistics as st, sys

rows = [json.loads(l) for l in open(sys.argv[1])]
med = lambda xs: st.median(xs) if xs else None  # noqa: E731
f1 = lambda x: "-" if x is None else f"{x:.1f}"  # noqa: E731
NAMES = {"tandem": "**Tandem**", "dovecot": "Dovecot 2.3", "dovecot-always": "Dovecot 2.3, mail_fsync=always"}
SYSTEMS = ("dovecot", "dovecot-always", "tandem")

mix = {}
for r in rows:
    if r["kind"] == "mix":
        mix.setdefault((r["system"], r["result"]["sessions"]), []).append(r["result"])
if mix:
    print("Mix (operations = IMAP commands, one at a time per session; medians over the "
          "repetitions, min-max of the rate):\n")
    print("| system | sessions | ops/s median (min-max) | p50 ms | p90 ms | p99 ms "
          "| server CPU ms/op | errors | reps |")
    print("|---|---|---|---|---|---|---|---|---|")
    rate = {}
    for n in sorted({k[1] for k in mix}):
        for system in SYSTEMS:
            rs = mix.get((system, n), [])
            if not rs:
                continue
            rates = [x["rate"] for x in rs]
            rate[(system, n)] = med(rates)
            cpu = [x["server_cpu_ms_per_op"] for x in rs if x.get("server_cpu_ms_per_op")]
            print(f"| {NAMES[system]} | {n} | **{med(rates):.0f}** ({min(rates):.0f}-{max(rates):.0f})"
                  f" | {f1(med([x['p50_ms'] for x in rs]))} | {f1(med([x['p90_ms'] for x in rs]))}"
                  f" | {f1(med([x['p99_ms'] for x in rs]))} | {f1(med(cpu)) if cpu else '-'}"
                  f" | {sum(x['errors'] for x in rs)} | {len(rs)} |")
    print()
    for n in sorted({k[1] for k in mix}):
        t, d, da = rate.get(("tandem", n)), rate.get(("dovecot", n)), rate.get(("dovecot-always", n))
        if t and d:
            print(f"- Tandem / Dovecot at {n} session{'s' if n > 1 else ''}: **{t / d:.2f}x** "
                  "(target: at least 1x)" + (f"; Tandem / Dovecot with mail_fsync=always: "
                                             f"{t / da:.2f}x" if da else ""))
    for r in rows:
        if r["kind"] == "mix" and r["result"]["errors"]:
            print(f"- WARNING: {r['system']} rep {r['rep']} at {r['result']['sessions']}: "
                  f"{r['result']['errors']} errors, first: {r['result']['first_error']}")
    print()
    ops = sorted({op for rs in mix.values() for x in rs for op in x["per_op"]})
    for n in sorted({k[1] for k in mix}):
        print(f"Per command at {n} session{'s' if n > 1 else ''} (median over the repetitions of "
              "each run's p50 / p99, ms; count in one run):\n")
        systems = [s for s in SYSTEMS if (s, n) in mix]
        short = {"dovecot": "Dovecot", "dovecot-always": "Dovecot always", "tandem": "Tandem"}
        print("| command | " + " | ".join(f"{short[s]} p50 / p99" for s in systems) + " | "
              + " | ".join(f"{short[s]} n" for s in systems) + " |")
        print("|---" * (1 + 2 * len(systems)) + "|")
        for op in ops:
            cells = []
            for system in systems:
                xs = [x["per_op"][op] for x in mix.get((system, n), []) if op in x["per_op"]]
                cells.append((f"{f1(med([x['p50_ms'] for x in xs]))} / "
                              f"{f1(med([x['p99_ms'] for x in xs]))}",
                              med([x["n"] for x in xs]) if xs else 0))
            print(f"| {op} | " + " | ".join(c[0] for c in cells) + " | "
                  + " | ".join(f"{c[1]:.0f}" for c in cells) + " |")
        print()

big = {r["system"]: r["result"] for r in rows if r["kind"] == "big"}
if big:
    print("Big mailbox, SELECT INBOX then FETCH 1:* (FLAGS), new connection each time "
          "(cold = first after the server started or the maildir was copied in; warm = median "
          "of the others):\n")
    print("| system | messages | SELECT cold / warm ms | FETCH 1:* (FLAGS) cold / warm ms "
          "| FETCH lines / bytes | all SELECT ms | all FETCH ms |")
    print("|---|---|---|---|---|---|---|")
    for system in ("dovecot", "tandem"):
        x = big.get(system)
        if x:
            print(f"| {NAMES[system]} | {x['exists']} | {f1(x['select_cold_ms'])} / "
                  f"**{f1(x['select_warm_ms'])}** | {f1(x['fetch_cold_ms'])} / "
                  f"**{f1(x['fetch_warm_ms'])}** | {x['fetch_lines']} / {x['fetch_bytes']} | "
                  f"{x['select_ms']} | {x['fetch_ms']} |")
    print()

idle = {r["system"]: r["result"] for r in rows if r["kind"] == "idle"}
if idle:
    print("Idle sessions (logged in, INBOX selected, in IDLE), then one LMTP delivery to "
          "user00001, whose idling sessions are timed from the 250 to their EXISTS:\n")
    print("| system | sessions idling / answered DONE | opened in | memory before | memory "
          "holding them | notified / expected | notify ms min / median / max |")
    print("|---|---|---|---|---|---|---|")
    for system in ("tandem", "dovecot"):
        x = idle.get(system)
        if not x:
            continue
        b, h = x.get("baseline", {}), x.get("held_later", {})
        if system == "tandem":
            mem_b = (f"RSS {b.get('rss_mib')} MiB, heap live {b.get('heap_live_mib')} MiB, "
                     f"{b.get('threads')} threads")
            mem_h = (f"RSS {h.get('rss_mib')} MiB; heap used {h.get('heap_used_mib')} of "
                     f"{h.get('heap_committed_mib')} MiB committed, **live {h.get('heap_live_mib')}"
                     f" MiB**; {h.get('threads')} threads")
        else:
            mem_b = f"{b.get('processes')} processes, PSS {b.get('tree_pss_mib')} MiB"
            mem_h = (f"{h.get('processes')} processes, PSS **{h.get('tree_pss_mib')} MiB** "
                     f"(RSS sum {h.get('tree_rss_mib')} MiB)")
        nm = x.get("notify_ms", [])
        print(f"| {NAMES[system]} | {x.get('opened')} / {x.get('done_ok')} | {x.get('opened_s')} s "
              f"| {mem_b} | {mem_h} | {x.get('notified')} / {x.get('expected')} | "
              f"{f1(min(nm) if nm else None)} / {f1(med(nm))} / {f1(max(nm) if nm else None)} |")
        if x.get("errors"):
            print(f"- WARNING: {system} idle: {x['errors']} errors, first: {x['first_error']}")
    print()
