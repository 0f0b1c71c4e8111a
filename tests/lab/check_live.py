#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""check_live.py VMSCOPE, run by `lab run SCENARIO -- ...`: vmscope on the
running guest (target qemu:QMP_SOCKET, RAM mapped from QEMU's shared file,
or with VMS_LAB_RAM=private read from QEMU's process)
gives exactly the answers the guest printed of itself, with the same rules
as on dumps (check_linux.py): every process with every field, uname, the
modules, maps and fds of the chosen processes, dmesg, sockets, and the
sampled kallsyms lines. Each command pauses the guest and leaves it
running again; --no-pause leaves it running throughout. A QMP socket with
nothing behind it is an error, not a hang."""

import importlib.machinery
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

LAB = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, LAB)
import check_linux  # noqa: E402


def load_lab():
    loader = importlib.machinery.SourceFileLoader("lab", os.path.join(LAB, "lab"))
    spec = importlib.util.spec_from_loader("lab", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def status(qmp):
    s = socket.socket(socket.AF_UNIX)
    s.connect(qmp)
    f = s.makefile("rw")
    f.readline()
    for cmd in ("qmp_capabilities", "query-status"):
        f.write(json.dumps({"execute": cmd}) + "\n")
        f.flush()
        while True:
            r = json.loads(f.readline())
            if "event" not in r:
                break
    s.close()
    return r["return"]["status"]


def main():
    vmscope = sys.argv[1]
    rdir, qmp = os.environ["VMS_LAB_RUN"], os.environ["VMS_LAB_QMP"]
    meta = {"scenario": os.environ["VMS_LAB_SCENARIO"], "kernel": os.environ["VMS_LAB_KERNEL"],
            "formats": []}
    target = "qemu:" + qmp
    failures = 0

    def check(ok, what):
        nonlocal failures
        print(("ok   " if ok else "FAIL ") + what)
        failures += not ok

    tmp = tempfile.mkdtemp(prefix="vmscope-live-")
    load_lab().write_view(os.path.join(rdir, "view.bin"), tmp)
    view = os.path.join(tmp, "view")
    check(status(qmp) == "running", "the guest runs before vmscope looks")
    guest = [l for l in open(os.path.join(view, "kallsyms")).read().splitlines() if "[" not in l]
    out = subprocess.run([vmscope, "sym", "--all", target], capture_output=True, text=True)
    ours = out.stdout.splitlines()
    picked = [l for n, l in enumerate(ours, 1)
              if n % 101 == 0 or l.split()[2] in check_linux.NAMED]
    check(picked == guest, f"live: the guest's {len(guest)} sampled kallsyms lines match in place")
    check_linux.check_answers(check, "live", vmscope, target, view, meta)
    check(status(qmp) == "running", "the guest runs again after every command")
    out = subprocess.run([vmscope, "ps", "--no-pause", target], capture_output=True, text=True)
    check(out.returncode == 0 and len(out.stdout.splitlines()) > 10,
          "ps --no-pause on the running guest")
    # With VMS_LAB_RAM=private the RAM is in no file: vmscope finds it in
    # QEMU's own memory, says so, and names the options for the fast path.
    private = os.environ.get("VMS_LAB_RAM") == "private"
    info = subprocess.run([vmscope, "info", target], capture_output=True, text=True)
    want = "RAM read from QEMU's process" if private else "RAM in 1 shared file"
    check(info.returncode == 0 and f"qemu (live, {want})" in info.stdout,
          f"info names the live target ({info.stdout.splitlines()[1:2]})")
    check("state:   running" in info.stdout, "info says the guest runs")
    check(("memory-backend-file" in info.stderr) == private,
          f"the fast path is {'named' if private else 'taken'} ({info.stderr.strip()[:80]})")
    # Nothing behind a socket path: a clear error at once.
    dead = os.path.join(tmp, "dead.sock")
    s = socket.socket(socket.AF_UNIX)
    s.bind(dead)
    s.close()
    out = subprocess.run([vmscope, "ps", "qemu:" + dead], capture_output=True, text=True,
                         timeout=30)
    check(out.returncode == 1 and "cannot connect to QMP socket" in out.stderr,
          f"a dead QMP socket is an error ({out.stderr.strip()})")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
