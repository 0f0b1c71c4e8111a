#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""check_events.py VMSCOPE, run by `lab run events -- ...`: breakpoints and
watchpoints on a running guest that the host drives over its control shell
(guest/ctl), with what the guest itself printed as ground truth.

- exec: the guest execs a known program N times; a breakpoint on the
  kernel's exec path (setup_new_exec, where the new program's name is
  already the task's comm) hits exactly N times, each with the pid the
  program printed of itself and its name; one on the execve system call
  (before the name changes) hits as often with the same pids and the name
  of the shell that forked them.
- watch: the guest writes N known values to vm.swappiness through sysctl;
  a write watchpoint on the kernel variable fires N times, each showing
  the value just written, in order, and the writing shell's pid; a read
  watchpoint sees each of three reads by cat.
- stealth: with a breakpoint on read_kcore_iter, the guest reads the
  first bytes of that very function through /proc/kcore: the read hits the
  breakpoint, and the guest sees the function's original bytes.
- racy walks: ps --no-pause on a guest that forks and reaps all the
  time gives whole, consistent lists.
- reboot: a breakpoint by symbol survives a reboot of the guest: vmscope
  finds the new kernel (at a new KASLR slide) and the breakpoint hits again
  for the programs the rebooted guest execs.
- shutdown: the guest powers off while vmscope waits for hits: vmscope
  ends at once, saying the guest is gone.
"""

import json
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time

LAB = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, LAB)
import check_live  # noqa: E402

READY = b"@@vms ready\n"


class Tracer:
    """vmscope break/watch in the background, --json; lines collected."""

    def __init__(self, vmscope, args):
        self.p = subprocess.Popen([vmscope] + args + ["--json"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        self.hits, self.err = [], []
        self.ready = threading.Event()
        threading.Thread(target=self._out, daemon=True).start()
        threading.Thread(target=self._err, daemon=True).start()
        if not self.ready.wait(120):
            self.stop()
            raise RuntimeError("vmscope did not start tracing: " + "".join(self.err))

    def _out(self):
        for line in self.p.stdout:
            self.hits.append(json.loads(line))

    def _err(self):
        for line in self.p.stderr:
            self.err.append(line)
            if "waiting for hits" in line or "error" in line:
                self.ready.set()

    def stop(self):
        """Ctrl-C, then what it printed; its exit code. What it said on
        stderr is shown when it did not end well."""
        self.p.send_signal(signal.SIGINT)
        try:
            rc = self.p.wait(60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait()
        time.sleep(0.2)
        if rc:
            print("     vmscope said: " + "     ".join(self.err[-5:]), end="")
        return rc


def kcore_offset(ctl, gva):
    """Where gva lies in /proc/kcore, from its program headers as the guest
    reads them."""
    rc, out = ctl.run("dd if=/proc/kcore bs=65536 count=1 2>/dev/null | od -An -v -tx1")
    data = bytes(int(x, 16) for x in out.split())
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize)
        if p_type == 1 and p_vaddr <= gva < p_vaddr + p_filesz:
            return p_offset + gva - p_vaddr
    raise RuntimeError(f"no PT_LOAD of /proc/kcore holds {gva:#x}")


def sync(ctl, deadline):
    """Until the guest's shell, started anew, echoes a fresh token: lines
    sent before it ran are lost, and answers to earlier tries are passed
    over."""
    n = 0
    while time.monotonic() < deadline:
        n += 1
        token = f"sync-{os.getpid()}-{n}".encode()
        ctl.sock.sendall(b"echo " + token + b"\n")
        want = re.compile(re.escape(token) + rb"\n\n@@ctl done \d+\n")
        until = time.monotonic() + 5
        ctl.sock.settimeout(1)
        while time.monotonic() < until:
            m = want.search(ctl.buf)
            if m:
                ctl.buf = ctl.buf[m.end():]
                return True
            try:
                chunk = ctl.sock.recv(65536)
            except OSError:
                continue
            if not chunk:
                return False
            ctl.buf += chunk
    return False


def main():
    vmscope = sys.argv[1]
    lab = check_live.load_lab()
    rdir, qmp = os.environ["VMS_LAB_RUN"], os.environ["VMS_LAB_QMP"]
    target = "qemu:" + qmp
    ctl = lab.Control(os.environ["VMS_LAB_CTL"])
    failures = 0

    def check(ok, what):
        nonlocal failures
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        failures += not ok

    def sym(name):
        out = subprocess.run([vmscope, "sym", target, name], capture_output=True, text=True)
        return int(out.stdout.split()[0], 16)

    def execs(n):
        rc, out = ctl.run(f"i=0; while [ $i -lt {n} ]; do /lab/bin/vms-exec; i=$((i+1)); done")
        return [int(x) for x in re.findall(r"^exec (\d+)", out, re.M)]

    rc, out = ctl.run("echo $$")
    shell = int(out.split()[0])

    # exec: exactly N hits, each the program's own pid.
    n = 12
    tr = Tracer(vmscope, ["break", target, "setup_new_exec", "__x64_sys_execve"])
    pids = execs(n)
    rc = tr.stop()
    check(rc == 0 and len(pids) == n, f"the guest exec'd {n} programs ({pids[:3]}...)")
    new = [h for h in tr.hits if h["where"] == "setup_new_exec"]
    call = [h for h in tr.hits if h["where"] == "__x64_sys_execve"]
    check([h["pid"] for h in new] == pids,
          f"setup_new_exec: {len(new)} hits, exactly the {n} pids the programs printed")
    check(all(h["comm"] == "vms-exec" and h["symbol"] == "setup_new_exec" and h["offset"] == 0
              for h in new), "each hit names the new program, vms-exec, at setup_new_exec+0")
    check([h["pid"] for h in call] == pids and all(h["comm"] == "vms-ctl" for h in call),
          f"__x64_sys_execve: {len(call)} hits, the same pids, still named as the shell")
    check(len(tr.hits) == 2 * n, f"no other hits ({len(tr.hits)} in all)")
    at = {"setup_new_exec": sym("setup_new_exec"), "__x64_sys_execve": sym("__x64_sys_execve")}
    check(all(int(h["regs"]["rip"], 16) == at[h["where"]] for h in tr.hits),
          "each hit stopped the vCPU with rip at the guest's own address of its symbol")

    # watch: each write seen, with the value written, in order.
    values = [7, 13, 42, 1, 99, 60]
    tr = Tracer(vmscope, ["watch", target, "vm_swappiness", "--len", "4", "--write"])
    rc, _ = ctl.run("for v in " + " ".join(map(str, values)) +
                    "; do echo $v >/proc/sys/vm/swappiness; done")
    rc2, out = ctl.run("cat /proc/sys/vm/swappiness")
    tr.stop()
    seen = [int(h["value"], 16) for h in tr.hits]
    check(rc == 0 and out.split() == ["60"], "the guest wrote vm.swappiness")
    check(seen == values, f"vm_swappiness: {len(seen)} writes seen, values {seen}")
    check(all(h["pid"] == shell and h["comm"] == "vms-ctl" and h["event"] == "write"
              for h in tr.hits), f"each by the guest's shell (pid {shell})")
    check(bool(tr.hits) and {int(h["addr"], 16) for h in tr.hits} == {sym("vm_swappiness")},
          "each at vm_swappiness's address")

    # read watch: each read of vm.swappiness by a program of the guest's.
    tr = Tracer(vmscope, ["watch", target, "vm_swappiness", "--len", "4", "--read"])
    rc, out = ctl.run("for i in 1 2 3; do cat /proc/sys/vm/swappiness; done")
    tr.stop()
    cats = [h for h in tr.hits if h["comm"] == "cat"]
    check(rc == 0 and out.split() == ["60"] * 3 and len(cats) == 3 and
          all(h["event"] == "read" and int(h["value"], 16) == 60 for h in cats),
          f"a read watchpoint: {len(cats)} reads by cat of the 3 it made "
          f"({len(tr.hits)} reads in all)")

    # stealth: the guest reads the breakpoint's bytes while it is set.
    fn = sym("read_kcore_iter")
    host = subprocess.run([vmscope, "read", target, "--gva", f"{fn:x}", "--len", "16", "--raw"],
                          capture_output=True).stdout
    off = kcore_offset(ctl, fn)
    tr = Tracer(vmscope, ["break", target, "read_kcore_iter"])
    rc, out = ctl.run(f"dd if=/proc/kcore bs=16 count=1 iflag=skip_bytes skip={off} "
                      "2>/dev/null | od -An -v -tx1")
    tr.stop()
    guest = bytes(int(x, 16) for x in out.split())
    check(len(host) == 16 and guest == host,
          f"the guest reads read_kcore_iter's own bytes unchanged ({guest.hex()})")
    check(len(tr.hits) >= 1 and all(h["symbol"] == "read_kcore_iter" for h in tr.hits),
          f"while its breakpoint was set and hit ({len(tr.hits)} hits)")

    # racy walks: while the guest forks and reaps a process after another,
    # ps --no-pause reads it running. Each answer is a consistent list
    # (a walk that saw the list change is read again, not returned).
    stable = {t["pid"] for t in json.loads(subprocess.run(
        [vmscope, "ps", "--json", target], capture_output=True, text=True).stdout)}
    rc, _ = ctl.run("rm -f /tmp/churn.stop; "
                    "while [ ! -e /tmp/churn.stop ]; do (:); done >/dev/null 2>&1 &")
    good = 0
    for _ in range(10):
        out = subprocess.run([vmscope, "ps", "--json", "--no-pause", target],
                             capture_output=True, text=True)
        pids = [t["pid"] for t in json.loads(out.stdout)] if out.returncode == 0 else []
        good += out.returncode == 0 and stable <= set(pids) and len(pids) == len(set(pids))
    # It ends by itself at the marker (no signal to the shell's job).
    ctl.run("touch /tmp/churn.stop; wait")
    check(rc == 0 and good == 10,
          f"ps --no-pause on a guest that forks all the time: {good} of 10 consistent lists")

    # reboot: the breakpoint follows the new kernel.
    before = subprocess.run([vmscope, "uname", target], capture_output=True, text=True).stdout
    tr = Tracer(vmscope, ["break", target, "setup_new_exec"])
    pids = execs(2)
    with open(os.path.join(rdir, "view.bin"), "rb") as f:
        boots = f.read().count(READY)
    ctl.sock.sendall(b"reboot -f\n")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with open(os.path.join(rdir, "view.bin"), "rb") as f:
            if f.read().count(READY) > boots:
                break
        time.sleep(0.5)
    check(sync(ctl, deadline), "the rebooted guest's shell answers again")
    after_pids = execs(3)
    rc = tr.stop()
    after = subprocess.run([vmscope, "uname", target], capture_output=True, text=True).stdout
    err = "".join(tr.err)
    check(len(after_pids) == 3, f"the guest rebooted and exec'd again ({after_pids})")
    # The rebooted guest's own start-up execs programs too: those hits are
    # others' (by name), but each of the scenario's is there.
    ours = [h for h in tr.hits if h["comm"] == "vms-exec"]
    check([h["pid"] for h in ours] == pids + after_pids,
          f"setup_new_exec hit for each vms-exec before and after the reboot "
          f"({len(ours)} of {len(tr.hits)} hits)")
    check([h["pid"] for h in tr.hits[:len(pids)]] == pids, "and nothing else before it")
    check(rc == 0 and "1 reboots followed" in err, "vmscope says it followed one reboot")
    addrs = sorted({h["addr"] for h in tr.hits})
    slide = [re.search(r"KASLR slide (0x[0-9a-f]+)", s) for s in (before, after)]
    print(f"     (KASLR slide before {slide[0] and slide[0].group(1)}, after "
          f"{slide[1] and slide[1].group(1)}; breakpoint at {', '.join(addrs)})")
    check(bool(tr.hits) and sym("setup_new_exec") == int(tr.hits[-1]["addr"], 16),
          "after the reboot at the new kernel's setup_new_exec")

    # shutdown: the guest powers itself off (and QEMU exits) while vmscope
    # waits for hits: vmscope ends at once with an error that says so.
    tr = Tracer(vmscope, ["break", target, "setup_new_exec"])
    ctl.sock.sendall(b"poweroff -f\n")
    try:
        rc = tr.p.wait(60)
    except subprocess.TimeoutExpired:
        rc = None
    rc = rc if rc is not None else tr.stop()
    time.sleep(0.2)
    err = "".join(tr.err)
    check(rc == 1 and "the guest is gone" in err,
          f"the guest shut down under a trace: exit {rc}, {err.strip().splitlines()[-1:]}")
    ctl.close()
    # A gdbstub vmscope started for itself is gone with it, socket and all.
    left = [f for f in os.listdir("/tmp") if f.startswith("vmscope-gdb-")]
    check(not left, f"no gdbstub socket left behind ({left})")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError:
        # The guest's shell went quiet: what its console said is the clue.
        log = os.path.join(os.environ.get("VMS_LAB_RUN", "."), "console.log")
        if os.path.exists(log):
            print("--- console.log:\n" + "\n".join(
                open(log, errors="replace").read().splitlines()[-30:]))
        raise
