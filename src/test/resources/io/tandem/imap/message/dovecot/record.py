#!/usr/bin/env python3
"""Records Dovecot's FETCH responses for the fixtures one folder up, as the expected values of
DovecotComparisonTest. For each fixture a maildir holding only that message is served by
Dovecot's imap binary in PREAUTH mode (no daemon, no network); each line of items.txt is
fetched on its own and the untagged FETCH responses are written, as sent, to <fixture>.txt.

  python3 record.py   (as root, Dovecot 2.3 installed: apt-get install dovecot-imapd)
"""
import os, pathlib, re, shutil, subprocess, tempfile

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent
CONF = """base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
mail_location = maildir:{root}/Maildir
mail_uid = mail
mail_gid = mail
first_valid_uid = 0
namespace inbox {{
  inbox = yes
}}
"""

def record(fixture, items):
    root = pathlib.Path(tempfile.mkdtemp(prefix="dc-record-"))
    try:
        for sub in ("cur", "new", "tmp"):
            (root / "Maildir" / sub).mkdir(parents=True)
        (root / "run").mkdir()
        shutil.copy(fixture, root / "Maildir" / "cur" / "1.fixture:2,")
        shutil.chown(root, "mail", "mail")
        for path in root.rglob("*"):
            shutil.chown(path, "mail", "mail")
        (root / "dovecot.conf").write_text(CONF.format(root=root))
        commands = b"s SELECT INBOX\r\n" + b"".join(
            b"f%d FETCH 1 (%s)\r\n" % (i, item.encode()) for i, item in enumerate(items)
        ) + b"z LOGOUT\r\n"
        out = subprocess.run(
            ["/usr/lib/dovecot/imap", "-c", str(root / "dovecot.conf")], input=commands,
            env={"USER": "mail", "HOME": str(root)}, capture_output=True, check=True).stdout
        start = out.index(b"s OK")
        start = out.index(b"\r\n", start) + 2
        end = out.index(b"* BYE")
        # drop the tagged completions; what remains is the untagged FETCH responses in order
        return re.sub(rb"f\d+ (OK|NO|BAD)[^\r\n]*\r\n", b"", out[start:end])
    finally:
        shutil.rmtree(root)

def main():
    items = [line for line in (HERE / "items.txt").read_text().splitlines() if line]
    for fixture in sorted(FIXTURES.glob("*.eml")):
        (HERE / (fixture.stem + ".txt")).write_bytes(record(fixture, items))

if __name__ == "__main__":
    main()
