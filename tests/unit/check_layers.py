#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Dependencies point down only: check every #include of the library and the
tool against the layers of docs/ARCHITECTURE.md.

- A file may include headers of its own layer or of layers below it.
- A header is private to its folder (and the folders below it), except the
  library-wide ones: everything in src/util/, and the interfaces a layer
  offers the layers above it (INTERFACES).
- Above core, nothing includes the backend authors' <vmscope/sys/backend.h>.
- The tool and the public headers include only public headers.

Usage: check_layers.py TOP   (TOP is the source tree)
       check_layers.py --self-test
"""
import os
import re
import sys
import tempfile

# Lower first. A folder not listed here is not part of the library.
LAYERS = ["src/util", "src/backends", "src/core", "src/arch", "src/os",
          ("src/trace", "src/detect", "src/log"), "tools"]
INTERFACES = {
    "src/core/internal.h": "core's interface for the layers above it",
    "src/core/tcache.h": "the translation cache, through internal.h",
    "src/backends/registry.h": "the built-in backends, for core",
}
BACKEND_HEADER = "vmscope/sys/backend.h"
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def rank(path):
    for i, layer in enumerate(LAYERS):
        for prefix in layer if isinstance(layer, tuple) else (layer,):
            if path == prefix or path.startswith(prefix + "/"):
                return i
    return None


def check_file(top, rel):
    problems = []
    here = os.path.dirname(rel)
    mine = rank(rel)
    with open(os.path.join(top, rel), encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    for no, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        kind, name = m.groups()
        where = f"{rel}:{no}"
        if kind == "<":
            if name == BACKEND_HEADER and mine is not None and mine > rank("src/core"):
                problems.append(f"{where}: includes <{name}> (for backends only; "
                                "use src/util/error.h and log.h)")
            continue
        target = os.path.normpath(os.path.join(here, name))
        if rel.startswith("include/") or rel.startswith("tools/"):
            if not target.startswith(here):
                problems.append(f"{where}: includes \"{name}\": only public headers here")
            continue
        theirs = rank(target)
        if theirs is None:
            problems.append(f"{where}: includes \"{name}\", outside the library's layers")
            continue
        if theirs > mine:
            problems.append(f"{where}: includes \"{name}\", a header of a layer above it")
            continue
        folder = os.path.dirname(target)
        private = not target.startswith("src/util/") and target not in INTERFACES
        if private and not (here == folder or here.startswith(folder + "/")):
            problems.append(f"{where}: includes \"{name}\", private to {folder}/")
    return problems


def check_tree(top):
    problems = []
    for base in ("src", "tools", "include"):
        for dirpath, _, files in os.walk(os.path.join(top, base)):
            for fn in sorted(files):
                if fn.endswith((".c", ".h")):
                    rel = os.path.relpath(os.path.join(dirpath, fn), top)
                    problems += check_file(top, rel)
    return problems


def self_test():
    """The check must be able to fail: one tree that breaks each rule."""
    bad = {
        "src/core/a.c": '#include "../os/linux/linux.h"\n',            # upward
        "src/os/linux/linux.h": "",
        "src/os/linux/b.c": '#include "../../core/core.h"\n'            # private
                            "#include <vmscope/sys/backend.h>\n",       # backend header
        "src/core/core.h": "",
        "tools/vmscope/c.c": '#include "../../src/util/bytes.h"\n',     # tool
        "src/util/bytes.h": "",
        "src/arch/x86/ok.c": '#include "../../core/internal.h"\n'       # allowed
                             '#include "../../util/bytes.h"\n',
        "src/core/internal.h": "",
    }
    with tempfile.TemporaryDirectory() as top:
        for rel, text in bad.items():
            os.makedirs(os.path.join(top, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(top, rel), "w") as f:
                f.write(text)
        found = check_tree(top)
    want = ["src/core/a.c:1", "src/os/linux/b.c:1", "src/os/linux/b.c:2",
            "tools/vmscope/c.c:1"]
    got = sorted(p.split(": ")[0] for p in found)
    if got != want:
        print("self-test failed: expected problems at", want, "got", found)
        return 1
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    if self_test():
        return 1
    problems = check_tree(sys.argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} includes break the layering")
        return 1
    print("every include points down the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
