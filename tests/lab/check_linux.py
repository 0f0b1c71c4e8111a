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
kernel's own table; rule: they are left out here."""

import json
import os
import subprocess
import sys

LAB = os.path.dirname(os.path.abspath(__file__))
NAMED = {"init_task", "_stext", "_etext", "_text", "sys_call_table", "__start_BTF",
         "__stop_BTF", "linux_banner", "init_top_pgt", "kallsyms_names", "kallsyms_token_table"}
FORMATS = ("elf", "elf-paging", "kdump-zlib", "kdump-zlib-plain", "raw", "lime")


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
        out = subprocess.run([vmscope, "sym", "--all", dump], capture_output=True, text=True)
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
            one = subprocess.run([vmscope, "sym", dump, name], capture_output=True, text=True)
            check(one.stdout.strip() == by_name[name],
                  f"{fmt}: sym {name}: {one.stdout.strip()} == {by_name[name]}")
        addr = int(by_name["linux_banner"].split()[0], 16) + 7
        one = subprocess.run([vmscope, "sym", dump, hex(addr)], capture_output=True, text=True)
        check(one.stdout.split()[-1:] == ["linux_banner+0x7"],
              f"{fmt}: sym {addr:#x} is linux_banner+0x7 ({one.stdout.strip()})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
