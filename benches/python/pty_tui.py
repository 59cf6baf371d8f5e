"""Runs lambda-policy's TUI under a pseudo-terminal of 120x40 and reports, as one JSON object,
what it writes to the terminal and what it costs:

- start: bytes written from the start until the screen is quiet (1.5 s without a byte), when
  the first page was drawn, and when the last byte came (every page listed and drawn);
- keys: bytes written after each navigation key (`j`), each read until the screen is quiet
  (0.6 s without a byte), with the frames drawn and the bytes that were runs of blank cells;
- idle: bytes written, CPU time (utime+stime from /proc/PID/stat) and context switches (every
  thread's, from /proc/PID/task/*/status) while nobody types;
- memory: VmHWM and VmRSS from /proc/PID/status, before quitting with `q`.

The environment (credentials, HOME, region) is the caller's. Nothing here touches the network.

Usage: python pty_tui.py --binary B --endpoint URL --log-file F [--keys 20] [--idle 10]
       [--dump DIR]
"""

import argparse
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

COLUMNS, ROWS = 120, 40


class Screen:
    """The master side of the pty: everything the program writes, with when it came."""

    def __init__(self, fd):
        self.fd = fd
        self.seen = b""
        self.closed = False
        self.log = []

    def read(self, timeout):
        """One read of what is there within `timeout` seconds; b"" on silence."""
        if self.closed:
            time.sleep(max(timeout, 0))
            return b""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return b""
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the program closed the terminal
            data = b""
        if not data:
            self.closed = True
        # keep a tail for the searches, not the whole history
        self.seen = (self.seen + data)[-4096:]
        self.log.append(data)
        return data

    def until_quiet(self, quiet, limit, marks=()):
        """Reads until nothing came for `quiet` seconds (or `limit` passed). Returns the byte
        count, the time of the last byte and, for each mark, when it was first seen."""
        start = time.monotonic()
        last = start
        total = 0
        found = {}
        while not self.closed:
            now = time.monotonic()
            wait = min(quiet - (now - last), limit - (now - start))
            if wait <= 0:
                break
            data = self.read(wait)
            if not data:
                if self.closed or time.monotonic() - last >= quiet:
                    break
                continue
            total += len(data)
            last = time.monotonic()
            for mark in marks:
                if mark not in found and mark in self.seen:
                    found[mark] = last - start
        return total, last - start, found

    def count_for(self, seconds):
        """Bytes written during `seconds`, quiet or not."""
        end = time.monotonic() + seconds
        total = 0
        while (left := end - time.monotonic()) > 0:
            total += len(self.read(left))
        return total


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3); utime and stime are fields 14 and 15
    return int(fields[11]) + int(fields[12])


def context_switches(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--log-file", required=True)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--dump", help="a directory to keep what each phase wrote, for study")
    args = parser.parse_args()

    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    argv = [args.binary, "--endpoint-url", args.endpoint, "--log-file", args.log_file]
    pid, fd = pty.fork()
    if pid == 0:
        # the child: the pty's size is set before the program looks at it
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        os.execve(args.binary, argv, env)
    screen = Screen(fd)
    report = {}
    exit_status = None

    def dump(name):
        if args.dump:
            with open(os.path.join(args.dump, name + ".bin"), "wb") as f:
                f.write(b"".join(screen.log))
        screen.log.clear()

    try:
        # the functions pane's title once the first page is in
        first_page = b"50/50"
        start_bytes, start_time, marks = screen.until_quiet(
            quiet=1.5, limit=60, marks=(first_page,)
        )
        report["start"] = {
            "bytes": start_bytes,
            "last_byte_s": start_time,
            "first_page_s": marks.get(first_page),
        }
        dump("start")
        keys, frames, blank = [], [], []
        for _ in range(args.keys):
            os.write(fd, b"j")
            count, _, _ = screen.until_quiet(quiet=0.6, limit=5)
            written = b"".join(screen.log)
            keys.append(count)
            # ratatui hides the cursor at the end of every frame it draws
            frames.append(written.count(b"\x1b[?25l"))
            # runs of blank cells: panes cleared or restyled, not new text
            blank.append(sum(len(run) for run in re.findall(rb" {4,}", written)))
            dump(f"key-{len(keys):02d}")
        report["keys"] = keys
        report["frames_per_key"] = frames
        report["blank_bytes_per_key"] = blank

        ticks_before = cpu_ticks(pid)
        switches_before = context_switches(pid)
        idle_bytes = screen.count_for(args.idle)
        dump("idle")
        report["idle"] = {
            "seconds": args.idle,
            "bytes": idle_bytes,
            "cpu_ticks": cpu_ticks(pid) - ticks_before,
            "clock_ticks_per_s": os.sysconf("SC_CLK_TCK"),
            "context_switches": context_switches(pid) - switches_before,
        }
        report["memory_kb"] = {
            "VmHWM": status_kb(pid, "VmHWM"),
            "VmRSS": status_kb(pid, "VmRSS"),
        }
        os.write(fd, b"q")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            screen.read(0.05)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                exit_status = os.waitstatus_to_exitcode(status)
                break
        report["exit_code"] = exit_status
    finally:
        if exit_status is None:  # still running (or not reaped): end it
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
