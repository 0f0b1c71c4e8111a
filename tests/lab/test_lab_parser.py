#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Unit tests of the lab's parsers, on made-up input: the report stream, QEMU's
'info registers -a' and 'info mtree -f' text."""

import importlib.machinery
import importlib.util
import os
import tempfile
import unittest

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lab")
loader = importlib.machinery.SourceFileLoader("lab", path)
spec = importlib.util.spec_from_loader("lab", loader)
lab = importlib.util.module_from_spec(spec)
loader.exec_module(lab)


def stream(*records):
    return b"".join(b"\n@@vms " + k.encode() + b"\n" + v for k, v in records)


class ReportTest(unittest.TestCase):
    def test_records_are_exact(self):
        data = stream(("uname-r", b"6.1.0\n"), ("version", b"no newline"), ("ready", b""))
        self.assertEqual(lab.split_records(data),
                         [("uname-r", b"6.1.0\n"), ("version", b"no newline"), ("ready", b"")])

    def test_processes(self):
        stat = b"42 (a) b) S 1 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 377 0 0\n"
        data = stream(("ps-begin", b""), ("ps 42", b""), ("ps-file stat", stat),
                      ("ps-file status", b"Name:\ta) b\nUid:\t1000\t1001\t1002\t1003\n"
                                         b"Gid:\t5\t6\t7\t8\nTgid:\t42\nThreads:\t1\n"),
                      ("ps-file cmdline", b"sleep\x00 99\x00"), ("ps-file environ", b""),
                      ("ps 43", b""), ("ps-file stat", b""), ("ps-file status", b""),
                      ("ps-end", b""), ("maps 42", b"00400000-00401000 r-xp\n"),
                      ("net tcp", b"header\n"), ("ready", b""))
        view = lab.parse_view(data)
        # pid 43 vanished while being read: not part of the view.
        self.assertEqual([p["pid"] for p in view["processes"]], [42])
        p = view["processes"][0]
        self.assertEqual(p["comm"], b"a) b")
        self.assertEqual((p["state"], p["ppid"], p["uid"], p["euid"], p["egid"]),
                         ("S", 1, "1000", "1001", "6"))
        self.assertEqual(p["cmdline"], b"sleep\x00 99\x00")
        self.assertEqual(p["starttime"], 377)
        self.assertFalse(p["kthread"])
        self.assertEqual(view["maps"][42], "00400000-00401000 r-xp\n")
        self.assertEqual(lab.esc(b"a\tb\\\x00\xff"), "a\\x09b\\x5c\\x00\\xff")

    def test_truncated_report_is_an_error(self):
        with self.assertRaises(lab.LabError):
            lab.parse_view(stream(("ps-begin", b"")))


def convert(fn, text):
    """Run one of the lab's text converters (input file -> output file)."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "in"), "w") as f:
            f.write(text)
        fn(os.path.join(d, "in"), os.path.join(d, "out"))
        with open(os.path.join(d, "out")) as f:
            return f.read()


class QemuTextTest(unittest.TestCase):
    def test_registers(self):
        text = ("CPU#0\nRAX=0000000000000000 RBX=ffffffff82a0c940\n"
                "RIP=ffffffff81e3a7eb RFL=00000246 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=1\n"
                "CR0=80050033 CR2=00007f0d1c8a5000 CR3=0000000002a0c000 CR4=003506f0\n"
                "EFER=0000000000000d01\nCPU#1\nRIP=ffffffff81e3a7ec RFL=00000246\n"
                "CR0=80050033 CR2=0000000000000000 CR3=0000000002a0d000 CR4=003506f0\n"
                "EFER=0000000000000d01\n")
        rows = [l.split("\t") for l in convert(lab.write_registers_tsv, text).splitlines()]
        self.assertEqual(rows[0][:2], ["cpu", "rip"])
        self.assertEqual(rows[2][:2], ["1", "ffffffff81e3a7ec"])
        self.assertEqual(rows[1][5], "0000000002a0c000")
        self.assertEqual(rows[1][7], "0000000000000d01")

    def test_layout(self):
        text = ('FlatView #0\n AS "memory", root: system\n Root memory region: system\n'
                "  0000000000000000-000000000009ffff (prio 0, ram): ram0\n"
                "  00000000000c0000-00000000000dffff (prio 0, rom): ram0 @00000000000c0000\n"
                "  0000000080000000-00000000bfffffff (prio 0, i/o): pci\n"
                "  0000000100000000-000000017fffffff (prio 0, ram): ram0 @0000000080000000\n"
                'FlatView #1\n AS "I/O", root: io\n'
                "  0000000000000000-0000000000000007 (prio 0, ram): ram0 @0000000000000099\n")
        rows = convert(lab.write_layout, text).split("\n")
        self.assertEqual(rows[:3], ["0 a0000 0", "c0000 20000 c0000", "100000000 80000000 80000000"])
        self.assertEqual(rows[3:], [""])


class ModuleTest(unittest.TestCase):
    def test_modinfo_depends(self):
        # A minimal ELF64 with section names and a .modinfo section.
        import struct
        strtab = b"\0.shstrtab\0.modinfo\0"
        modinfo = b"license=GPL\0depends=tunnel4,ip_tunnel\0vermagic=6.1\0"
        shoff = 64 + len(strtab) + len(modinfo)
        elf = bytearray(b"\x7fELF\x02\x01\x01" + bytes(9))
        elf += bytes(0x28 - len(elf)) + struct.pack("<Q", shoff) + bytes(4)
        elf += struct.pack("<HHHHHH", 64, 0, 0, 64, 3, 1)
        elf += strtab + modinfo
        sh = [bytes(64),
              struct.pack("<IIQQQQIIQQ", 1, 3, 0, 0, 64, len(strtab), 0, 0, 1, 0),
              struct.pack("<IIQQQQIIQQ", 11, 1, 0, 0, 64 + len(strtab), len(modinfo), 0, 0, 1, 0)]
        elf += b"".join(sh)
        self.assertEqual(lab.modinfo_depends(bytes(elf)), ["tunnel4", "ip_tunnel"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
