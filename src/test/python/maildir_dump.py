#!/usr/bin/env python3
"""Dump a Maildir++ mailbox as JSON, read the way a stdlib client reads it (mailbox.Maildir).

  maildir_dump.py ROOT/USER/Maildir

INBOX is the maildir itself (mailbox.Maildir(factory=None)); folders come from list_folders().
Output, one JSON object on stdout:
  {"maildir": "/abs/path", "folders": ["INBOX", "Archive.2024", ...],
   "messages": [{"folder": "INBOX", "key": "1700000000.x.host,S=4321,W=4400", "file": "new/1700...",
                 "subdir": "new", "flags": "", "size": 4321, "sha256": "<hex of get_bytes()>",
                 "message_id": "<id@example.test>"}, ...],
   "tmp": {"INBOX": ["names of files left in tmp/"], ...}}
Messages are sorted by folder, then key. "message_id" is null when the header is absent.
Exit 0 on success, 2 on a usage error (for instance, not a maildir).
"""
import email.parser
import hashlib
import json
import mailbox
import os
import sys


def describe(folder, box):
    out = []
    for key in sorted(box.keys()):
        data = box.get_bytes(key)
        msg = box.get_message(key)
        header = email.parser.BytesHeaderParser().parsebytes(data)
        out.append({
            "folder": folder,
            "key": key,
            "file": box._lookup(key),  # the path relative to the maildir, e.g. "cur/<name>:2,S"
            "subdir": msg.get_subdir(),
            "flags": msg.get_flags(),
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "message_id": header["Message-ID"],
        })
    return out


def tmp_files(path):
    tmp = os.path.join(path, "tmp")
    return sorted(os.listdir(tmp)) if os.path.isdir(tmp) else []


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print(f"usage: {os.path.basename(argv[0])} ROOT/USER/Maildir", file=sys.stderr)
        return 2
    path = os.path.abspath(argv[1])
    if not all(os.path.isdir(os.path.join(path, d)) for d in ("cur", "new")):
        print(f"maildir_dump: not a maildir (needs cur/ and new/): {path}", file=sys.stderr)
        return 2
    inbox = mailbox.Maildir(path, factory=None, create=False)
    folders = ["INBOX"] + sorted(inbox.list_folders())
    messages, tmp = describe("INBOX", inbox), {"INBOX": tmp_files(path)}
    for name in folders[1:]:
        box = inbox.get_folder(name)
        messages += describe(name, box)
        tmp[name] = tmp_files(box._path)
    print(json.dumps({"maildir": path, "folders": folders, "messages": messages, "tmp": tmp}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
