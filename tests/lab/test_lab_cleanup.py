#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The lab never leaves a QEMU process, a /dev/shm file or a run directory
behind: not on success, not on failure, not on interrupt, not when the lab
process itself is killed."""

import importlib.machinery
import importlib.util
import os
import signal
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
LAB = os.path.join(HERE, "lab")
loader = importlib.machinery.SourceFileLoader("lab", LAB)
spec = importlib.util.spec_from_loader("lab", loader)
lab = importlib.util.module_from_spec(spec)
loader.exec_module(lab)

KERNEL = os.environ.get("VMS_LAB_KERNEL", "6.1")
NAME = lab.instance("basic", KERNEL)


def qemu_pids():
    """QEMU processes of this lab instance (this cache's, this scenario's)."""
    rdir = lab.run_dir(NAME).encode()
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if b"qemu-system" in cmd and rdir in cmd:
            out.append(int(p))
    return out


def leftovers():
    return {"qemu": qemu_pids(), "shm": os.path.exists(lab.shm_path(NAME)),
            "rundir": os.path.exists(os.path.dirname(lab.run_dir(NAME)))}


CLEAN = {"qemu": [], "shm": False, "rundir": False}


class CleanupTest(unittest.TestCase):
    def assertClean(self, within=15):
        deadline = time.monotonic() + within
        while leftovers() != CLEAN and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(leftovers(), CLEAN)

    def start(self, *args):
        p = subprocess.Popen([LAB, "run", "basic", "-k", KERNEL, *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: p.poll() is None and (p.kill(), p.wait()))
        return p

    def wait_up(self, proc):
        boot = os.path.join(lab.run_dir(NAME), "boot_seconds")
        deadline = time.monotonic() + 300
        while not os.path.exists(boot):
            self.assertIsNone(proc.poll(), "the lab ended before the guest was up")
            self.assertLess(time.monotonic(), deadline, "the guest never came up")
            time.sleep(0.2)
        self.assertTrue(qemu_pids())
        self.assertTrue(os.path.exists(lab.shm_path(NAME)))

    def test_success(self):
        p = self.start("--", "sh", "-c", 'test -S "$VMS_LAB_QMP" && test -n "$VMS_LAB_GDB"')
        p.communicate(timeout=300)
        self.assertEqual(p.returncode, 0)
        self.assertClean()

    def test_not_ready_in_time(self):
        p = self.start("--timeout", "1", "--", "true")
        _, err = p.communicate(timeout=120)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("not ready after 1 s", err)
        self.assertClean()

    def test_interrupt(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            p = self.start("--", "sleep", "600")
            self.wait_up(p)
            p.send_signal(sig)
            p.communicate(timeout=60)
            self.assertNotEqual(p.returncode, 0)
            self.assertClean()

    def test_lab_killed(self):
        # SIGKILL cannot be caught: QEMU dies with its parent, and the
        # watchdog removes the RAM file and run directory.
        p = self.start("--", "sleep", "600")
        self.wait_up(p)
        p.kill()
        p.communicate(timeout=60)
        self.assertClean(within=20)

    def test_up_and_down(self):
        out = subprocess.run([LAB, "up", "basic", "-k", KERNEL], capture_output=True, text=True,
                             timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.strip(), lab.run_dir(NAME))
        self.assertTrue(qemu_pids())
        down = subprocess.run([LAB, "down", "basic", "-k", KERNEL], capture_output=True,
                              text=True, timeout=120)
        self.assertEqual(down.returncode, 0, down.stderr)
        self.assertClean()


if __name__ == "__main__":
    if leftovers() != CLEAN:
        sys.exit(f"a guest of this lab is already up: {leftovers()}")
    unittest.main(verbosity=2)
