"""A small IMAP client on a raw socket for the benchmark: commands one at a time, responses
read with literals skipped or kept, little parsing, so that the client costs far less CPU than
imaplib. Also the CPU time of a server's process tree (for CPU per operation)."""
import os, re, socket

_LITERAL = re.compile(rb"\{(\d+)\}$")


class ImapError(Exception):
    pass


class Client:
    def __init__(self, host, port, source=None, timeout=120):
        self.sock = socket.create_connection((host, port), timeout=timeout,
                                             source_address=(source, 0) if source else None)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.tagno = 0
        self.received = 0
        self.greeting = self.line()

    def _fill(self):
        data = self.sock.recv(262144)
        if not data:
            raise ImapError("connection closed by the server")
        self.received += len(data)
        self.buf += data

    def line(self, keep_literals=False):
        """One response line without CRLF; literals inline (kept) or replaced by b'{n}'."""
        out = bytearray()
        while True:
            i = self.buf.find(b"\r\n")
            while i < 0:
                self._fill()
                i = self.buf.find(b"\r\n")
            part = bytes(self.buf[:i])
            del self.buf[:i + 2]
            out += part
            m = _LITERAL.search(part)
            if not m:
                return bytes(out)
            n = int(m.group(1))
            while len(self.buf) < n:
                self._fill()
            if keep_literals:
                out += b"\r\n" + bytes(self.buf[:n])
            del self.buf[:n]

    def send(self, data):
        self.sock.sendall(data)

    def command(self, text, literal=None, ok=True):
        """Sends 'TAG text' (text may end with a synchronizing literal, sent after '+');
        returns (status, untagged lines)."""
        self.tagno += 1
        tag = b"a%d" % self.tagno
        if literal is None:
            self.send(tag + b" " + text + b"\r\n")
        else:
            self.send(tag + b" " + text + b" {%d}\r\n" % len(literal))
            first = self.line()
            if not first.startswith(b"+"):
                raise ImapError(f"no continuation: {first[:200]!r}")
            self.send(literal + b"\r\n")
        untagged = []
        while True:
            ln = self.line()
            if ln.startswith(tag + b" "):
                status = ln[len(tag) + 1:].split(b" ", 1)[0]
                if ok and status != b"OK":
                    raise ImapError(f"{text[:80]!r}: {ln[:300]!r}")
                return ln, untagged
            untagged.append(ln)

    def login(self, user, password):
        return self.command(b'LOGIN "%s" "%s"' % (user.encode(), password.encode()))

    def close(self):
        try:
            self.send(b"z LOGOUT\r\n")
            self.sock.settimeout(5)
            while True:
                ln = self.line()
                if ln.startswith(b"z "):
                    break
        except (OSError, ImapError):
            pass
        self.sock.close()


def exists_of(untagged):
    for ln in untagged:
        m = re.match(rb"\* (\d+) EXISTS", ln)
        if m:
            return int(m.group(1))
    return None


def search_uids(untagged):
    for ln in untagged:
        if ln.startswith(b"* SEARCH"):
            return [int(x) for x in ln[8:].split() if x.isdigit()]
    return []


def tree_cpu_seconds(root_pid):
    """CPU seconds (user + system) of a process and all its live descendants, plus what its
    reaped children used (the root's cutime/cstime). None when the root is gone."""
    tick = os.sysconf("SC_CLK_TCK")
    children, stats = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                s = f.read()
        except OSError:
            continue
        rest = s[s.rfind(")") + 2:].split()
        pid, ppid = int(name), int(rest[1])
        stats[pid] = [int(x) for x in rest[11:15]]  # utime stime cutime cstime
        children.setdefault(ppid, []).append(pid)
    if root_pid not in stats:
        return None
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        u, s, cu, cs = stats[pid]
        total += u + s + (cu + cs if pid == root_pid else 0)
        todo.extend(children.get(pid, []))
    return total / tick
