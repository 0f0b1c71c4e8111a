#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""check_linux.py SCENARIO VMSCOPE: what vmscope reads of the Linux guest in
the lab's dumps of SCENARIO, in every format (with vCPU state: ELF, kdump;
without: raw, LiME), equals what the guest printed of itself.

kallsyms: the guest printed the lines of /proc/kallsyms whose number is a
multiple of 101, and a few by name. `vmscope sym --all` must list the
kernel's symbols so that taking the same lines from it gives exactly the
guest's lines, in order: same addresses, types, names and positions. The
guest's list ends with module symbols ("name [module]"), which are not the
kernel's own table; rule: they are left out here.

ps: `vmscope ps --json` lists exactly the processes of the guest's /proc,
each with the same pid, tgid, ppid, uid, euid, suid, fsuid, gid, egid,
executable path (readlink /proc/PID/exe),
thread count, start time (clock ticks, as /proc/PID/stat), kernel-thread
flag, name (as /proc/PID/status shows it: kernel threads' full names,
workqueue workers' descriptions), command line and environment, byte for
byte. The guest printed its view a moment before the dump, so three rules
allow for what legitimately moved in between:
- the kernel starts kernel threads of its own accord (a workqueue pool
  adds a worker when its last idle one starts work): a process only
  vmscope lists is allowed if it is a kernel thread, a child of kthreadd
  (pid 2), started no earlier than the guest's /proc/uptime just before
  it listed /proc;
- a workqueue worker's name ends in "-desc" or "+desc", the work it last
  ran or runs now; only the part before it (the worker's id) is compared;
- a kernel thread's state is whatever it was doing at that instant; user
  processes (all idle in the lab) are compared exactly."""

import base64
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tempfile

LAB = os.path.dirname(os.path.abspath(__file__))
NAMED = {"init_task", "_stext", "_etext", "_text", "sys_call_table", "__start_BTF",
         "__stop_BTF", "linux_banner", "init_top_pgt", "kallsyms_names", "kallsyms_token_table"}
FORMATS = ("elf", "elf-paging", "kdump-zlib", "kdump-zlib-plain", "raw", "lime")


# Options added to every vmscope command: the symbol files of the pass
# that uses them instead of the guest's kallsyms and BTF.
KARGS = []


def vms(cmd, **kw):
    return subprocess.run(cmd + KARGS, **kw)


def unescape(s):
    """ps.tsv escapes bytes as \\xHH; code points here are bytes, as in
    vmscope's JSON."""
    return re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), s)


def strings(s):
    parts = unescape(s).split("\0")
    return parts[:-1] if parts and parts[-1] == "" else parts


def worker_id(name):
    if name.startswith("kworker/") and not name.startswith("kworker/R-"):
        return re.split(r"[-+]", name, maxsplit=1)[0]
    return name


def check_ps(check, fmt, vmscope, dump, view):
    rows = [l.split("\t") for l in open(os.path.join(view, "ps.tsv")).read().splitlines()]
    guest = {int(r[0]): dict(zip(rows[0], r)) for r in rows[1:]}
    out = vms([vmscope, "ps", "--json", dump], capture_output=True, text=True)
    check(out.returncode == 0, f"{fmt}: vmscope ps --json exits 0 ({out.stderr.strip()})")
    if out.returncode:
        return
    ours = {t["pid"]: t for t in json.loads(out.stdout)}
    listed = float(open(os.path.join(view, "uptime")).read().split()[0])
    later = sorted(p for p in set(ours) - set(guest)
                   if ours[p]["kthread"] and ours[p]["ppid"] == 2
                   and ours[p]["start_ticks"] >= int(listed * 100))
    if later:
        print(f"note {fmt}: kernel threads started after the guest listed /proc at "
              f"{listed:.2f} s: " + ", ".join(f"{p} {ours[p]['name']}" for p in later))
    for p in later:
        del ours[p]
    check(sorted(ours) == sorted(guest),
          f"{fmt}: ps lists the guest's {len(guest)} processes (only in vmscope: "
          f"{sorted(set(ours) - set(guest))}, only in the guest: {sorted(set(guest) - set(ours))})")
    exe = {}
    for line in open(os.path.join(view, "exe")).read().splitlines():
        m = re.search(r"/proc/(\d+)/exe(?: -> (.*))?$", line)
        if m:
            exe[int(m.group(1))] = m.group(2)
    bad = []
    for pid in sorted(set(ours) & set(guest)):
        g, t = guest[pid], ours[pid]
        pairs = [(k, g[k], str(t[k])) for k in ("tgid", "ppid", "uid", "euid", "suid", "fsuid",
                                                "gid", "egid", "threads")]
        pairs += [("starttime", g["starttime"], str(t["start_ticks"])),
                  ("kthread", g["kthread"], str(int(t["kthread"]))),
                  ("name", worker_id(unescape(g["comm"])), worker_id(t["name"])),
                  ("cmdline", strings(g["cmdline"]), t["cmdline"]),
                  ("environ", strings(g["environ"]), t["environ"])]
        pairs.append(("exe", exe.get(pid), t["exe"]))
        if g["kthread"] == "0":
            pairs.append(("state", g["state"], t["state"]))
        elif t["state"] not in "RSDTtXZPI":
            pairs.append(("state", "a /proc state letter", t["state"]))
        bad += [f"pid {pid} {k}: guest {a!r}, vmscope {b!r}" for k, a, b in pairs if a != b]
    check(not bad, f"{fmt}: every field of every process equals the guest's"
                   + ("" if not bad else f" ({len(bad)} differ: {bad[:5]})"))


def check_uname(check, fmt, vmscope, dump, view, meta):
    """uname -s -n -r -v -m, /proc/stat's btime and the online CPUs, exactly;
    VMCOREINFO (in the ELF and kdump dumps) agrees with the KASLR slide and
    phys_base vmscope found in the kernel's own tables."""
    out = vms([vmscope, "uname", "--json", dump], capture_output=True, text=True)
    check(out.returncode == 0, f"{fmt}: vmscope uname --json exits 0 ({out.stderr.strip()})")
    if out.returncode:
        return
    u = json.loads(out.stdout)
    line = " ".join(u[k] for k in ("sysname", "nodename", "release", "version", "machine"))
    guest = open(os.path.join(view, "uname")).read().strip()
    check(line == guest, f"{fmt}: uname {line!r} == the guest's {guest!r}")
    btime = [l.split()[1] for l in open(os.path.join(view, "stat")) if l.startswith("btime ")]
    check([str(u["btime"])] == btime, f"{fmt}: boot time {u['btime']} == /proc/stat btime {btime}")
    cpus = open(os.path.join(view, "cpus")).read().strip()
    check(u["cpus_list"] == cpus, f"{fmt}: online CPUs {u['cpus_list']!r} == {cpus!r}")
    # QEMU writes the guest's VMCOREINFO into ELF and kdump dumps when the
    # guest published it, which takes the qemu_fw_cfg module.
    scn = open(os.path.join(LAB, "scenarios", meta["scenario"] + ".sh")).read()
    published = re.search(r"^# lab-modules:.*\bqemu_fw_cfg\b", scn, re.M) is not None
    expect = "agrees" if published and fmt.startswith(("elf", "kdump")) else "absent"
    check(u["vmcoreinfo"] == expect, f"{fmt}: VMCOREINFO {u['vmcoreinfo']} (expected {expect})")
    check(u["found_by"] == ("scan" if fmt in ("raw", "lime") else "vcpu 0"),
          f"{fmt}: kernel found by {u['found_by']}")


def check_lsmod(check, fmt, vmscope, dump, view):
    """vmscope lsmod prints the guest's /proc/modules byte for byte: names,
    sizes, reference counts, users, states, base addresses."""
    out = vms([vmscope, "lsmod", dump], capture_output=True, text=True)
    guest = open(os.path.join(view, "modules")).read()
    check(out.returncode == 0 and out.stdout == guest,
          f"{fmt}: lsmod == /proc/modules ({len(guest.splitlines())} modules)"
          + ("" if out.stdout == guest else f": got {out.stdout!r} {out.stderr.strip()}"))


def check_proc_files(check, fmt, vmscope, dump, view):
    """For each process the guest chose to describe: vmscope maps equals its
    /proc/PID/maps byte for byte, and vmscope files its /proc/PID/fd
    (descriptor and readlink). Rule: the guest listed /proc/PID/fd by shell
    glob, in string order (0 1 10 2); both are put in numeric order."""
    chosen = open(os.path.join(view, "chosen")).read().split()
    for pid in chosen:
        out = vms([vmscope, "maps", dump, pid], capture_output=True, text=True)
        guest = open(os.path.join(view, f"maps.{pid}")).read()
        check(out.returncode == 0 and out.stdout == guest,
              f"{fmt}: maps {pid} == /proc/{pid}/maps ({len(guest.splitlines())} areas)"
              + ("" if out.stdout == guest else f": {out.stderr.strip()} got {out.stdout!r}"))
        out = vms([vmscope, "files", dump, pid], capture_output=True, text=True)
        lines = open(os.path.join(view, f"fds.{pid}")).read().splitlines()
        guest = sorted(lines, key=lambda l: int(l.split()[0]))
        check(out.returncode == 0 and out.stdout.splitlines() == guest,
              f"{fmt}: files {pid} == /proc/{pid}/fd ({len(guest)} descriptors)"
              + ("" if out.stdout.splitlines() == guest else
                 f": {out.stderr.strip()} got {out.stdout!r}"))


def check_dmesg(check, fmt, vmscope, dump, view):
    """vmscope dmesg prints the log as the guest's dmesg did, every line with
    its record's time. Rule: the guest ran dmesg before the dump, so its
    output must be a prefix of vmscope's (the kernel may log more later)."""
    out = vms([vmscope, "dmesg", dump], capture_output=True, text=True,
                         errors="surrogateescape")
    guest = open(os.path.join(view, "dmesg"), errors="surrogateescape").read().splitlines()
    ours = out.stdout.splitlines()
    check(out.returncode == 0 and ours[:len(guest)] == guest and len(guest) > 100,
          f"{fmt}: dmesg starts with the guest's {len(guest)} lines ({len(ours)} in all)"
          + ("" if ours[:len(guest)] == guest else
             f": first difference {next((a, b) for a, b in zip(ours + [''], guest) if a != b)}"))


def check_net(check, fmt, vmscope, dump, view):
    """vmscope net lists exactly the sockets of the guest's /proc/net/tcp,
    tcp6, udp, udp6 (addresses and ports as /proc prints them, state, uid,
    inode) and /proc/net/unix (flags, type, state, inode, path), and names
    as holders the processes whose descriptors name each socket."""
    out = vms([vmscope, "net", "--json", dump], capture_output=True, text=True)
    check(out.returncode == 0, f"{fmt}: vmscope net --json exits 0 ({out.stderr.strip()})")
    if out.returncode:
        return
    ours = json.loads(out.stdout)
    for proto in ("tcp", "tcp6", "udp", "udp6"):
        rows = open(os.path.join(view, f"net.{proto}")).read().splitlines()[1:]
        guest = sorted((r.split()[1], r.split()[2], int(r.split()[3], 16), int(r.split()[7]),
                        int(r.split()[9])) for r in rows)
        got = sorted((o["local_proc"], o["remote_proc"], o["state"], o["uid"], o["inode"])
                     for o in ours if o["proto"] == proto)
        check(got == guest, f"{fmt}: {proto}: {len(got)} sockets == /proc/net/{proto}"
                            + ("" if got == guest else f": {got} vs {guest}"))
    rows = open(os.path.join(view, "net.unix")).read().splitlines()[1:]
    guest = sorted((int(r.split()[3], 16), int(r.split()[4], 16), int(r.split()[5], 16),
                    int(r.split()[6]), r.split()[7] if len(r.split()) > 7 else "") for r in rows)
    got = sorted((o["flags"], o["type"], o["state"], o["inode"], o["path"])
                 for o in ours if o["proto"] == "unix")
    check(got == guest, f"{fmt}: unix: {len(got)} sockets == /proc/net/unix"
                        + ("" if got == guest else f": {got} vs {guest}"))
    holders = {o["inode"]: o["owners"].split(",") for o in ours}
    missing = []
    for pid in open(os.path.join(view, "chosen")).read().split():
        for line in open(os.path.join(view, f"fds.{pid}")).read().splitlines():
            m = re.search(r"socket:\[(\d+)\]", line)
            if m and int(m.group(1)) in holders and not any(
                    h.split("/")[0] == pid for h in holders[int(m.group(1))]):
                missing.append((pid, m.group(1)))
    check(not missing, f"{fmt}: every socket a chosen process holds names it ({missing})")


def check_isf(check, fmt, vmscope, dump, view):
    """vmscope isf writes JSON that Volatility 3 reads: its task_struct and
    mm_struct offsets are the ones vmscope itself uses (checked against the
    guest above), symbols sit at their link-time addresses (the guest's
    address less the KASLR slide), and linux_banner's text is the guest's
    /proc/version."""
    out = vms([vmscope, "isf", dump], capture_output=True)
    check(out.returncode == 0, f"{fmt}: vmscope isf exits 0 ({out.stderr.decode().strip()})")
    if out.returncode:
        return
    isf = json.loads(out.stdout)
    u = json.loads(vms([vmscope, "uname", "--json", dump], capture_output=True,
                                  text=True).stdout)
    slide = int(u["kaslr_slide"], 16)
    ok = True
    for member in ("task_struct.pid", "task_struct.comm", "task_struct.tasks", "cred.uid"):
        t = json.loads(vms([vmscope, "type", "--json", dump, member],
                                      capture_output=True, text=True).stdout)
        struct, name = member.split(".")
        ok &= isf["user_types"][struct]["fields"][name]["offset"] == t["offset"]
    check(ok, f"{fmt}: ISF offsets agree with vmscope type")
    guest = {l.split()[2]: int(l.split()[0], 16) for l in
             open(os.path.join(view, "kallsyms")).read().splitlines() if "[" not in l}
    bad = [n for n in ("init_task", "linux_banner", "_text", "init_top_pgt")
           if isf["symbols"][n]["address"] != guest[n] - slide]
    check(not bad, f"{fmt}: ISF symbols at the guest's addresses less the slide ({bad})")
    banner = base64.b64decode(isf["symbols"]["linux_banner"]["constant_data"]).rstrip(b"\0")
    check(banner == open(os.path.join(view, "version"), "rb").read(),
          f"{fmt}: ISF banner is the guest's /proc/version")


def check_answers(check, fmt, vmscope, dump, view, meta):
    check_ps(check, fmt, vmscope, dump, view)
    check_uname(check, fmt, vmscope, dump, view, meta)
    check_lsmod(check, fmt, vmscope, dump, view)
    check_proc_files(check, fmt, vmscope, dump, view)
    check_dmesg(check, fmt, vmscope, dump, view)
    check_net(check, fmt, vmscope, dump, view)


def check_symbol_files(check, vmscope, snap, view, meta):
    """The same answers with the kernel's symbols and types from files
    instead of its memory, on a dump with vCPUs (found through CR3) and on
    one without (found by its banner): a Volatility ISF, xz-compressed, as
    `vmscope isf` wrote it from the ELF dump; the kernel's real System.map,
    from its -dbg package; and both. The System.map must also list every
    core kernel line the guest sampled from /proc/kallsyms, exactly."""
    tmp = tempfile.mkdtemp(prefix="vmscope-isf-")
    try:
        out = subprocess.run([vmscope, "isf", os.path.join(snap, "dump.elf")],
                             capture_output=True)
        check(out.returncode == 0, f"isf for the symbol-file pass ({out.stderr.strip()})")
        isf = os.path.join(tmp, "kernel.json.xz")
        with open(isf, "wb") as f:
            f.write(lzma.compress(out.stdout, preset=1))
        sysmap = subprocess.run([os.path.join(LAB, "lab"), "system-map", meta["kernel"]],
                                capture_output=True, text=True)
        check(sysmap.returncode == 0, f"lab system-map {meta['kernel']} ({sysmap.stderr.strip()})")
        passes = [("ISF", ["--isf", isf], "ISF", "ISF")]
        if sysmap.returncode == 0:
            path = sysmap.stdout.strip()
            passes += [("System.map", ["--system-map", path], "System.map", "BTF"),
                       ("System.map+ISF", ["--system-map", path, "--isf", isf], "System.map",
                        "ISF")]
        guest = [l for l in open(os.path.join(view, "kallsyms")).read().splitlines()
                 if "[" not in l]
        for label, args, syms_from, types_from in passes:
            KARGS[:] = args

            def tagged(ok, what):
                check(ok, f"{what} [{label}]")

            for fmt in [f for f in ("elf", "raw") if f in meta["formats"]]:
                dump = os.path.join(snap, "dump." + fmt)
                u = vms([vmscope, "uname", "--json", dump], capture_output=True, text=True)
                u = json.loads(u.stdout) if u.returncode == 0 else {}
                tagged((u.get("symbols_from"), u.get("types_from")) == (syms_from, types_from),
                       f"{fmt}: symbols from {u.get('symbols_from')}, types from "
                       f"{u.get('types_from')}")
                if syms_from == "System.map":
                    out = vms([vmscope, "sym", "--all", dump], capture_output=True, text=True)
                    ours = set(out.stdout.splitlines())
                    missing = [l for l in guest if l not in ours]
                    tagged(out.returncode == 0 and not missing,
                           f"{fmt}: the guest's {len(guest)} sampled kallsyms lines are in "
                           f"the System.map, KASLR applied ({missing[:3]})")
                check_answers(tagged, fmt, vmscope, dump, view, meta)
        KARGS[:] = []
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    scn, vmscope = sys.argv[1], sys.argv[2]
    snap = subprocess.run([os.path.join(LAB, "lab"), "path", scn], check=True,
                          capture_output=True, text=True).stdout.strip()
    meta = json.load(open(os.path.join(snap, "meta.json")))
    view = os.path.join(snap, "view")
    guest_syms = [l for l in open(os.path.join(view, "kallsyms")).read().splitlines()
                  if "[" not in l]
    by_name = {l.split()[2]: l for l in guest_syms}
    failures = 0

    def check(ok, what):
        nonlocal failures
        print(("ok   " if ok else "FAIL ") + what)
        failures += not ok

    for fmt in FORMATS:
        if fmt not in meta["formats"]:
            continue
        dump = os.path.join(snap, "dump." + fmt)
        out = vms([vmscope, "sym", "--all", dump], capture_output=True, text=True)
        check(out.returncode == 0, f"{fmt}: vmscope sym --all exits 0 ({out.stderr.strip()})")
        if out.returncode:
            continue
        ours = out.stdout.splitlines()
        picked = [l for n, l in enumerate(ours, 1) if n % 101 == 0 or l.split()[2] in NAMED]
        check(picked == guest_syms,
              f"{fmt}: {len(ours)} symbols; the guest's {len(guest_syms)} sampled lines match "
              f"in place" + ("" if picked == guest_syms else
                             f" (first difference: {next((a, b) for a, b in zip(picked + [''], guest_syms + ['']) if a != b)})"))
        for name in ("init_task", "linux_banner"):
            one = vms([vmscope, "sym", dump, name], capture_output=True, text=True)
            check(one.stdout.strip() == by_name[name],
                  f"{fmt}: sym {name}: {one.stdout.strip()} == {by_name[name]}")
        addr = int(by_name["linux_banner"].split()[0], 16) + 7
        one = vms([vmscope, "sym", dump, hex(addr)], capture_output=True, text=True)
        check(one.stdout.split()[-1:] == ["linux_banner+0x7"],
              f"{fmt}: sym {addr:#x} is linux_banner+0x7 ({one.stdout.strip()})")
        check_answers(check, fmt, vmscope, dump, view, meta)
        if fmt in ("elf", "raw"):
            check_isf(check, fmt, vmscope, dump, view)
        if fmt == "elf":
            out = vms([vmscope, "break", dump, "linux_banner"], capture_output=True, text=True)
            check(out.returncode == 1 and "file targets cannot stop at breakpoints" in out.stderr,
                  f"{fmt}: break on a dump is a clear error ({out.stderr.strip()})")
    check_symbol_files(check, vmscope, snap, view, meta)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
