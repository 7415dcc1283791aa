#!/usr/bin/env python3
"""The IMAP benchmark's messages: a deterministic corpus delivered over LMTP.

  python3 bench/imap/corpus.py --port 2424 --users 50 --per-user 1000 [-c 4] [--seed 7]
      [--user-format user{:05d}] [--domain example.test]

Every user gets --per-user messages, the same ones for the same seed: 70 % text/plain of
1-8 KiB, 20 % multipart/alternative (text and HTML), 10 % multipart/mixed with a base64
attachment of 8-64 KiB. Headers as a mail client sends them (From, To, Cc on some, Subject,
Date, Message-ID, In-Reply-To on some, MIME); words from a fixed vocabulary, so that text
searches find something (WORDS is importable: the load generator searches for them). One
LMTP transaction per message over -c connections; every reply must be 250. Prints one JSON line:
{"delivered", "seconds", "rate", "bytes"}.
"""
import argparse, base64, json, random, smtplib, sys, threading, time

# 400 pseudo-words; the load generator searches for some of them.
_SYL = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "qua", "rel", "dan", "fin",
        "gor", "hul", "jen", "mor", "tas", "wil"]
WORDS = sorted({a + b + c for a in _SYL for b in _SYL for c in ("", "n", "s", "t", "ra")})[:400]
RARE = ["xylograph", "quodlibet", "zeugmatic", "brontide", "crwth"]  # in about 1 message in 50
NAMES = ["Alice Martin", "Bob Keller", "Carol Nguyen", "Dan Okafor", "Eve Rossi", "Frank Li",
         "Grace Haddad", "Heidi Novak", "Ivan Petrov", "Judy Sato"]


def _text(rng, size):
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        if rng.random() < 0.02:
            line += " " + rng.choice(RARE)
        out.append(line)
        n += len(line) + 1
    return "\n".join(out) + "\n"


def message(user_no, k, seed=7, domain="example.test"):
    """The k-th message of user number user_no (LF line ends; LMTP/maildir form)."""
    rng = random.Random(seed * 1_000_003 + user_no * 100_003 + k)
    sender = rng.choice(NAMES)
    addr = sender.split()[0].lower() + "@sender.test"
    subj = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
    if rng.random() < 0.3:
        subj = "Re: " + subj
    when = 1_700_000_000 + k * 3600 + rng.randint(0, 3599)
    date = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(when))
    mid = f"<corpus-{seed}-{user_no}-{k}@sender.test>"
    h = [f"From: {sender} <{addr}>", f"To: user{user_no}@{domain}"]
    if rng.random() < 0.3:
        h.append(f"Cc: {rng.choice(NAMES)} <cc{rng.randint(1, 99)}@sender.test>")
    h += [f"Subject: {subj}", f"Date: {date}", f"Message-ID: {mid}"]
    if subj.startswith("Re: ") and k > 0:
        h.append(f"In-Reply-To: <corpus-{seed}-{user_no}-{k - 1}@sender.test>")
    h += ["MIME-Version: 1.0", "X-Mailer: tandem-imap-bench"]
    kind = rng.random()
    if kind < 0.7:
        h.append("Content-Type: text/plain; charset=utf-8")
        body = _text(rng, rng.randint(1024, 8192))
    elif kind < 0.9:
        b = f"alt-{user_no}-{k}"
        t = _text(rng, rng.randint(1024, 6144))
        html = "<html><body><p>" + t.replace("\n", "</p>\n<p>") + "</p></body></html>\n"
        h.append(f'Content-Type: multipart/alternative; boundary="{b}"')
        body = (f"--{b}\nContent-Type: text/plain; charset=utf-8\n\n{t}\n"
                f"--{b}\nContent-Type: text/html; charset=utf-8\n\n{html}\n--{b}--\n")
    else:
        b = f"mix-{user_no}-{k}"
        t = _text(rng, rng.randint(512, 2048))
        blob = base64.encodebytes(rng.randbytes(rng.randint(8192, 65536))).decode()
        h.append(f'Content-Type: multipart/mixed; boundary="{b}"')
        body = (f"--{b}\nContent-Type: text/plain; charset=utf-8\n\n{t}\n"
                f"--{b}\nContent-Type: application/octet-stream; name=\"data{k}.bin\"\n"
                f"Content-Disposition: attachment; filename=\"data{k}.bin\"\n"
                f"Content-Transfer-Encoding: base64\n\n{blob}--{b}--\n")
    return ("\n".join(h) + "\n\n" + body).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--first-user", type=int, default=1)
    ap.add_argument("--per-user", type=int, default=1000)
    ap.add_argument("-c", "--connections", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--user-format", default="user{:05d}")
    ap.add_argument("--domain", default="example.test")
    a = ap.parse_args()
    jobs = [(u, k) for k in range(a.per_user)
            for u in range(a.first_user, a.first_user + a.users)]
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "bytes": 0, "error": None}

    def worker():
        conn = smtplib.LMTP(a.host, a.port)
        try:
            while True:
                with lock:
                    if state["next"] >= len(jobs) or state["error"]:
                        return
                    u, k = jobs[state["next"]]
                    state["next"] += 1
                msg = message(u, k, a.seed, a.domain).replace(b"\n", b"\r\n")
                rcpt = a.user_format.format(u) + (f"@{a.domain}" if a.domain else "")
                refused = conn.sendmail(f"sender{k % 10}@sender.test", [rcpt], msg)
                if refused:
                    raise RuntimeError(f"refused {rcpt}: {refused}")
                with lock:
                    state["done"] += 1
                    state["bytes"] += len(msg)
        except Exception as e:  # noqa: BLE001 - reported, and the run fails
            with lock:
                state["error"] = state["error"] or repr(e)
        finally:
            try:
                conn.quit()
            except Exception:  # noqa: BLE001
                pass

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(a.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    print(json.dumps({"delivered": state["done"], "seconds": round(took, 1),
                      "rate": round(state["done"] / took, 1), "bytes": state["bytes"],
                      "error": state["error"]}))
    sys.exit(1 if state["error"] or state["done"] != len(jobs) else 0)


if __name__ == "__main__":
    main()
