#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""check_info.py SCENARIO VMSCOPE: `vmscope info` on the lab's dumps of
SCENARIO reports what QEMU itself reported at the moment of the dump: the
vCPU count, each vCPU's RIP, CR0, CR3 and CR4 (QMP 'info registers -a'), the
long-mode bits of EFER, and the guest-physical memory QEMU's own memory map
('info mtree -f') says the guest has."""

import json
import os
import re
import subprocess
import sys

LAB = os.path.dirname(os.path.abspath(__file__))


def qemu_ram(mtree):
    """RAM-backed ranges (ram and rom) of address space "memory", merged."""
    ranges, inside = [], False
    for line in mtree.splitlines():
        m = re.match(r'\s*AS "([^"]*)"', line)
        if m:
            if inside and m.group(1) != "memory" and ranges:
                break
            inside = inside or m.group(1) == "memory"
            continue
        m = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) \(prio -?\d+, (ram|rom)\)", line)
        if inside and m:
            ranges.append([int(m.group(1), 16), int(m.group(2), 16) + 1])
    return merge(ranges)


def merge(ranges):
    out = []
    for s, e in sorted(ranges):
        if out and out[-1][1] == s:
            out[-1][1] = e
        else:
            out.append([s, e])
    return out


def main():
    scn, vmscope = sys.argv[1], sys.argv[2]
    snap = subprocess.run([os.path.join(LAB, "lab"), "path", scn], check=True,
                          capture_output=True, text=True).stdout.strip()
    meta = json.load(open(os.path.join(snap, "meta.json")))
    rows = [l.split("\t") for l in open(os.path.join(snap, "registers.tsv")).read().splitlines()]
    qemu = [dict(zip(rows[0], r)) for r in rows[1:]]
    ram = qemu_ram(open(os.path.join(snap, "mtree.txt")).read())
    failures = 0

    def check(ok, what):
        nonlocal failures
        print(("ok   " if ok else "FAIL ") + what)
        failures += not ok

    assert qemu, "registers.tsv has no vCPU"
    for fmt in ("elf", "elf-paging", "kdump-zlib", "kdump-zlib-plain"):
        if fmt not in meta["formats"]:
            continue
        dump = os.path.join(snap, "dump." + fmt)
        out = subprocess.run([vmscope, "info", "--json", dump], capture_output=True, text=True)
        check(out.returncode == 0, f"{fmt}: vmscope info --json exits 0 ({out.stderr.strip()})")
        if out.returncode:
            continue
        info = json.loads(out.stdout)
        vcpus = info["vcpus"]
        check(len(vcpus) == len(qemu), f"{fmt}: {len(vcpus)} vCPUs, QEMU has {len(qemu)}")
        for v, q in zip(vcpus, qemu):
            for reg in ("rip", "cr0", "cr3", "cr4"):
                check(int(v[reg], 16) == int(q[reg], 16),
                      f"{fmt}: vCPU {q['cpu']} {reg} {v[reg]} == QEMU's {q[reg]}")
            efer = int(q["efer"], 16) & 0x500
            check(v["efer_derived"] and int(v["efer"], 16) == efer,
                  f"{fmt}: vCPU {q['cpu']} EFER LME/LMA {v['efer']} == QEMU's {efer:#x}")
            check(v["paging"] == "ia32e-4level", f"{fmt}: vCPU {q['cpu']} paging {v['paging']}")
        got = merge([[int(r["start"], 16), int(r["end"], 16) + 1] for r in info["memory"]])
        if fmt != "elf-paging":
            check(got == ram, f"{fmt}: memory {[(hex(s), hex(e)) for s, e in got]} == QEMU's "
                              f"{[(hex(s), hex(e)) for s, e in ram]}")
        else:
            inside = all(any(s >= rs and e <= re_ for rs, re_ in ram) for s, e in got)
            check(got and inside, f"{fmt}: {len(got)} ranges, all within QEMU's RAM")
        if meta["ram"] > 3 << 30:
            above = sum(e - max(s, 1 << 32) for s, e in got if e > 1 << 32)
            check(above > 0, f"{fmt}: {above:#x} bytes above 4 GiB")
        text = subprocess.run([vmscope, "info", dump], capture_output=True, text=True).stdout
        for q in qemu:
            check(f"0x{int(q['rip'], 16):016x} 0x{int(q['cr3'], 16):016x}" in text,
                  f"{fmt}: text output shows vCPU {q['cpu']}'s RIP and CR3")
    # read and translate: the guest's linux_banner, through vCPU 0's page
    # tables, is its /proc/version; the translation's gpa holds the same.
    version = open(os.path.join(snap, "view", "version"), "rb").read()
    banner = next(l.split()[0] for l in open(os.path.join(snap, "view", "kallsyms"))
                  if l.split()[2] == "linux_banner")
    dump = os.path.join(snap, "dump.elf")
    n = str(len(version))
    got = subprocess.run([vmscope, "read", dump, "--gva", banner, "--len", n, "--raw"],
                         capture_output=True).stdout
    check(got == version, f"read --gva {banner}: {got[:40]!r}... is the guest's /proc/version")
    tr = json.loads(subprocess.run([vmscope, "translate", "--json", dump, banner],
                                   capture_output=True, text=True).stdout)
    check(tr["error"] is None and tr["steps"][-1]["leaf"], f"translate {banner}: {tr['gpa']}")
    got = subprocess.run([vmscope, "read", dump, "--gpa", tr["gpa"], "--len", n, "--raw"],
                         capture_output=True).stdout
    check(got == version, f"read --gpa {tr['gpa']} is the guest's /proc/version too")
    print(f"{failures} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
