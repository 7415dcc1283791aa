#!/usr/bin/env python3
"""An MTA-like LMTP client for failover tests (stdlib only): it knows both appliances and
retries a message on the other one when it gets a 4xx or a connection failure, as an MTA with
two LMTP next hops does. Each message goes to one recipient.

  lmtp_mta.py --hosts H:P,H:P --count N --users u1,u2 --out acked.jsonl [--size 2048]
              [--seed S] [--deadline SECONDS]

acked.jsonl gets one line per 250, flushed at once:
  {"seq": n, "message_id": "<...>", "rcpt": ADDR, "sha256": "<stored bytes>", "host": "H:P",
   "attempts": k}
Prints a summary {"acked", "tempfails", "permfails", "connection_errors", "first_permfail"}.
A 5xx is a permanent failure: the MTA bounces it. Exit codes: 0 done, 2 usage error.
"""
import argparse
import hashlib
import json
import random
import smtplib
import string
import sys
import time


def stored_sha(sender, rcpt, wire):
    lf = wire.replace(b"\r\n", b"\n")
    return hashlib.sha256(f"Return-Path: <{sender}>\nDelivered-To: {rcpt}\n".encode() + lf).hexdigest()


def message(rng, seq, seed, size):
    mid = f"<failover-{seed}-{seq}@test.example>"
    head = (f"From: s@test.example\r\nSubject: message {seq}\r\nMessage-ID: {mid}\r\n"
            f"X-Seq: {seq}\r\n\r\n")
    words = []
    while sum(len(w) + 1 for w in words) < size:
        words.append("".join(rng.choice(string.ascii_lowercase) for _ in range(8)))
    return mid, (head + " ".join(words) + "\r\n").encode()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hosts", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--users", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--size", type=int, default=2048)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--deadline", type=float, default=120)
    a = p.parse_args()
    hosts = [(h.rsplit(":", 1)[0], int(h.rsplit(":", 1)[1])) for h in a.hosts.split(",")]
    users = a.users.split(",")
    rng = random.Random(a.seed)
    sender = "s@test.example"
    stats = {"acked": 0, "tempfails": 0, "permfails": 0, "connection_errors": 0,
             "first_permfail": None}
    current = 0
    conn = None
    stop_at = time.monotonic() + a.deadline
    with open(a.out, "a") as out:
        for seq in range(a.count):
            rcpt = f"{users[seq % len(users)]}@test.example"
            mid, wire = message(rng, seq, a.seed, a.size)
            attempts = 0
            while time.monotonic() < stop_at:
                attempts += 1
                try:
                    if conn is None:
                        conn = smtplib.LMTP(hosts[current][0], hosts[current][1], timeout=30)
                        conn.ehlo_or_helo_if_needed()
                    refused = conn.sendmail(sender, [rcpt], wire)
                    if not refused:
                        out.write(json.dumps({"seq": seq, "message_id": mid, "rcpt": rcpt,
                                              "sha256": stored_sha(sender, rcpt, wire),
                                              "host": "%s:%d" % hosts[current],
                                              "attempts": attempts}) + "\n")
                        out.flush()
                        stats["acked"] += 1
                        break
                    code = refused[rcpt][0]
                except smtplib.SMTPRecipientsRefused as e:
                    code = e.recipients[rcpt][0]
                except smtplib.SMTPDataError as e:
                    code = e.smtp_code
                except smtplib.SMTPResponseException as e:
                    code = e.smtp_code
                except (OSError, smtplib.SMTPException):
                    code = None
                if code is not None and 500 <= code < 600:
                    stats["permfails"] += 1
                    stats["first_permfail"] = stats["first_permfail"] or [seq, code]
                    break
                if code is None:
                    stats["connection_errors"] += 1
                else:
                    stats["tempfails"] += 1
                try:
                    if conn is not None:
                        conn.close()
                except Exception:
                    pass
                conn = None
                current = (current + 1) % len(hosts)
                time.sleep(0.05)
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
