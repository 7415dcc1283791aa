#!/usr/bin/env python3
"""The two sides of an mbsync channel, for MbsyncIT: read and change a local tree of maildirs
(mbsync's near side, SubFolders Verbatim) with Python's mailbox module, and change the IMAP
account (the far side, Tandem) with imaplib and smtplib.LMTP. Messages are named by Message-ID;
flags are maildir letters (D draft, F flagged, R replied, S seen, T trashed).

  mbsync_sides.py local-state --root DIR
    -> {"folders": {"INBOX": [{"message_id": "<id>", "flags": "FS", "file": "cur/..."}, ...],
                    "Projects.Sub": [...]}}
       Every folder under DIR that is a maildir (cur/ and new/); nested folders are named with
       the server's separator "." ("Projects/Sub" on disk is "Projects.Sub").
  mbsync_sides.py local-change --root DIR --actions JSON
  mbsync_sides.py server-change --host H --port P --lmtp-port P --user U --password W
                                --actions JSON
    JSON is a list of actions, each {"op": ..., "folder": ..., "message_id": ..., "flags": ...}:
      add      a new message in folder (local: written with mailbox.Maildir; server: APPEND)
      deliver  a new message in INBOX over LMTP (server only)
      create   a new, empty folder
      flags    set the message's flags to exactly these letters (local: the file is renamed,
               keeping its base name, as mail readers do; server: STORE FLAGS)
      delete   remove the message (local: the file is unlinked; server: STORE +FLAGS \\Deleted,
               then UID EXPUNGE of it alone)
    -> {"done": N}
Exit 0 on success; 1 on an error (message on stderr).
"""
import argparse
import email.parser
import imaplib
import json
import mailbox
import os
import smtplib
import sys

LETTERS = {"D": "\\Draft", "F": "\\Flagged", "R": "\\Answered", "S": "\\Seen", "T": "\\Deleted"}


def body(message_id, subject):
    return (f"From: Sender <sender@example.test>\r\nTo: alice@example.test\r\n"
            f"Subject: {subject}\r\nMessage-ID: {message_id}\r\n"
            f"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nThe body of {message_id}.\r\n").encode()


def maildirs(root):
    """{folder name: path} of every maildir under root."""
    found = {}
    for path, dirs, _ in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("cur", "new", "tmp"))
        if os.path.isdir(os.path.join(path, "cur")) and os.path.isdir(os.path.join(path, "new")):
            rel = os.path.relpath(path, root)
            found[rel.replace(os.sep, ".")] = path
    return found


def local_state(root):
    folders = {}
    for name, path in sorted(maildirs(root).items()):
        box = mailbox.Maildir(path, factory=None, create=False)
        messages = []
        for key in sorted(box.keys()):
            header = email.parser.BytesHeaderParser().parsebytes(box.get_bytes(key))
            messages.append({"message_id": header["Message-ID"],
                             "flags": "".join(sorted(box.get_message(key).get_flags())),
                             "file": box._lookup(key)})
        folders[name] = messages
    return {"folders": folders}


def find_local(root, folder, message_id):
    path = maildirs(root)[folder]
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in box.keys():
        header = email.parser.BytesHeaderParser().parsebytes(box.get_bytes(key))
        if header["Message-ID"] == message_id:
            return box, key
    raise KeyError(f"{message_id} is not in local folder {folder}")


def local_change(root, actions):
    for a in actions:
        op = a["op"]
        if op == "create":
            mailbox.Maildir(os.path.join(root, *a["folder"].split(".")), create=True)
        elif op == "add":
            path = maildirs(root)[a["folder"]]
            message = mailbox.MaildirMessage(body(a["message_id"], "local " + a["message_id"]))
            if a.get("flags"):
                message.set_subdir("cur")
                message.set_flags(a["flags"])
            mailbox.Maildir(path, factory=None, create=False).add(message)
        elif op == "flags":
            box, key = find_local(root, a["folder"], a["message_id"])
            message = box.get_message(key)
            message.set_subdir("cur")
            message.set_flags(a["flags"])
            box[key] = message  # the same base name (and mbsync's ,U=), another suffix
        elif op == "delete":
            box, key = find_local(root, a["folder"], a["message_id"])
            box.remove(key)
        else:
            raise ValueError(f"unknown local action {op}")
    return {"done": len(actions)}


def imap_flags(letters):
    return "(" + " ".join(LETTERS[c] for c in letters) + ")"


def ok(result, what):
    typ, data = result
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what}: {typ} {data!r}")
    return data


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def server_uid(conn, folder, message_id):
    ok(conn.select(quote(folder)), f"SELECT {folder}")
    data = ok(conn.uid("SEARCH", "HEADER", "Message-ID", quote(message_id)), "UID SEARCH")
    uids = data[0].split()
    if len(uids) != 1:
        raise KeyError(f"{message_id} is {len(uids)} times in server folder {folder}")
    return uids[0].decode()


def server_change(args, actions):
    conn = imaplib.IMAP4(args.host, args.port, timeout=30)
    try:
        ok(conn.login(args.user, args.password), "LOGIN")
        for a in actions:
            op = a["op"]
            if op == "deliver":
                with smtplib.LMTP(args.host, args.lmtp_port, timeout=30) as lmtp:
                    refused = lmtp.sendmail("sender@example.test", [f"{args.user}@example.test"],
                                            body(a["message_id"], "delivered " + a["message_id"]))
                    if refused:
                        raise RuntimeError(f"LMTP refused: {refused}")
            elif op == "create":
                ok(conn.create(quote(a["folder"])), f"CREATE {a['folder']}")
            elif op == "add":
                ok(conn.append(quote(a["folder"]), imap_flags(a.get("flags", "")), None,
                               body(a["message_id"], "appended " + a["message_id"])), "APPEND")
            elif op == "flags":
                uid = server_uid(conn, a["folder"], a["message_id"])
                ok(conn.uid("STORE", uid, "FLAGS", imap_flags(a["flags"])), "UID STORE")
            elif op == "delete":
                uid = server_uid(conn, a["folder"], a["message_id"])
                ok(conn.uid("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)"), "UID STORE \\Deleted")
                ok(conn.uid("EXPUNGE", uid), "UID EXPUNGE")
            else:
                raise ValueError(f"unknown server action {op}")
    finally:
        try:
            conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return {"done": len(actions)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["local-state", "local-change", "server-change"])
    ap.add_argument("--root")
    ap.add_argument("--actions", default="[]")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int)
    ap.add_argument("--lmtp-port", type=int)
    ap.add_argument("--user")
    ap.add_argument("--password")
    args = ap.parse_args()
    actions = json.loads(args.actions)
    try:
        if args.command == "local-state":
            out = local_state(args.root)
        elif args.command == "local-change":
            out = local_change(args.root, actions)
        else:
            out = server_change(args, actions)
    except (imaplib.IMAP4.error, OSError, KeyError, ValueError, RuntimeError) as e:
        print(f"mbsync_sides: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
