#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# vmscope info on a synthetic core: exact output, JSON, and the error for
# each kind of bad input (with its exit code).
set -u
vmscope=$1
mkcore=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0

check() { # check NAME CONDITION...
	name=$1
	shift
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fails=$((fails + 1)); fi
}
contains() { grep -qF -- "$2" "$1"; }

"$mkcore" "$dir/core.elf" || exit 1

"$vmscope" info "$dir/core.elf" >"$dir/out" 2>"$dir/err"
check "info exits 0" [ $? -eq 0 ]
check "info names the format" contains "$dir/out" "format:  ELF core (QEMU dump-guest-memory), x86-64"
check "info counts the ranges" contains "$dir/out" "memory:  3 ranges, 1.6 MiB"
check "info lists memory above 4 GiB" contains "$dir/out" "0x0000000100000000-0x0000000100001fff  8.0 KiB"
check "info shows vCPU 0" contains "$dir/out" "  0    ia32e-4level  0xffffffff81e3a7eb 0x0000000002a0c000 0x80050033 0x003506f0 0x500 (LME/LMA only, derived)"
check "info shows vCPU 1" contains "$dir/out" "  1    ia32e-4level  0xffffffff81e3a7ec 0x0000000002a0d000"

"$vmscope" info --json "file:$dir/core.elf" >"$dir/json"
check "info --json exits 0" [ $? -eq 0 ]
check "info --json is JSON with the registers" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "file", d
assert [r["start"] for r in d["memory"]] == ["0x0", "0x100000", "0x100000000"], d["memory"]
assert d["memory_total"] == 0x9f000 + 0x100000 + 0x2000
v = d["vcpus"]
assert len(v) == 2 and v[1]["rip"] == "0xffffffff81e3a7ec" and v[1]["cr3"] == "0x2a0d000", v
assert v[0]["efer"] == "0x500" and v[0]["efer_derived"] is True and v[0]["paging"] == "ia32e-4level"
assert v[0]["kernel_gs_base"] == "0x7f1234560000"
' "$dir/json"

expect_fail() { # expect_fail NAME CODE MESSAGE ARGS...
	name=$1 code=$2 msg=$3
	shift 3
	"$vmscope" "$@" >"$dir/out" 2>"$dir/err"
	rc=$?
	check "$name: exit $code" [ "$rc" -eq "$code" ]
	check "$name: says '$msg'" contains "$dir/err" "$msg"
}
expect_fail "missing file" 1 "$dir/nope.elf: No such file or directory" info "$dir/nope.elf"
expect_fail "unknown kind" 1 "unknown target kind 'vbox'" info vbox:foo
expect_fail "kind not built" 1 "target kind 'xen' is not built into" info xen:3
head -c 5000 "$dir/core.elf" >"$dir/trunc.elf"
expect_fail "truncated dump" 1 "truncated: program header 1's data" info "$dir/trunc.elf"
echo "just some text" >"$dir/text"
expect_fail "not a dump" 1 "not a dump vmscope can read (not a known format, and 15 bytes is not a whole number of pages, as a raw image would be; it starts 6a 75 73 74)" info "$dir/text"
expect_fail "no target" 2 "info takes one TARGET" info
expect_fail "bad option" 2 "usage: vmscope info" info --bogus "$dir/core.elf"
expect_fail "unknown command" 2 "unknown command 'frobnicate'" frobnicate

# A guest with more vCPUs than fit any fixed table: all are shown.
"$mkcore" --vcpus 70 "$dir/many.elf" || exit 1
check "info shows all 70 vCPUs" python3 -c '
import json, subprocess, sys
d = json.loads(subprocess.run([sys.argv[1], "info", "--json", sys.argv[2]], capture_output=True, text=True, check=True).stdout)
assert len(d["vcpus"]) == 70 and d["vcpus"][69]["rip"] == hex(0xffffffff81e3a7eb + 69), len(d["vcpus"])
' "$vmscope" "$dir/many.elf"

# read: exact bytes (the synthetic core's byte at gpa a is elfcore_byte(a)).
pattern() { # pattern START LEN: the expected bytes, as hex
	python3 -c 'import sys
s, n = int(sys.argv[1], 0), int(sys.argv[2])
print("".join("%02x" % ((((a * 0x9e3779b97f4a7c15) % 2**64) >> 56 ^ a) & 0xff) for a in range(s, s + n)))' "$1" "$2"
}
"$vmscope" read "$dir/core.elf" --gpa 0x100ff8 --len 16 --raw >"$dir/raw"
check "read --raw exits 0" [ $? -eq 0 ]
check "read --raw gives the bytes" [ "$(od -An -v -tx1 "$dir/raw" | tr -d ' \n')" = "$(pattern 0x100ff8 16)" ]
"$vmscope" read "$dir/core.elf" --gpa 100ff8 --len 0x10 >"$dir/hex"
check "read --hex starts at the address" contains "$dir/hex" "0000000000100ff8  $(pattern 0x100ff8 8 | sed 's/../& /g; s/ $//')  $(pattern 0x101000 8 | sed 's/../& /g; s/ $//')"
"$vmscope" read "$dir/core.elf" --gpa 0x9eff0 --len 32 --json >"$dir/json" 2>"$dir/err"
check "read past a range: exit 1" [ $? -eq 1 ]
check "read past a range: says where" contains "$dir/err" "guest-physical 0x9f000 is not in the dump"
check "read past a range: JSON has the 16 bytes read" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["read"] == 16 and d["bytes"] == sys.argv[2] and "0x9f000" in d["error"], d
' "$dir/json" "$(pattern 0x9eff0 16)"
expect_fail "read: bad address" 2 "'0xzz' is not a 64-bit hex address" read "$dir/core.elf" --gpa 0xzz
expect_fail "read: two spaces" 2 "give one of --gpa and --gva" read "$dir/core.elf" --gpa 1 --gva 2
expect_fail "read: --cr3 without --gva" 2 "--cr3 and --pid go with --gva" read "$dir/core.elf" --gpa 1 --cr3 2
expect_fail "read: --cr3 and --pid" 1 "--cr3 and --pid both name the page tables" read "$dir/core.elf" --gva 1 --cr3 2 --pid 3
expect_fail "read: --pid not a number" 1 "--pid 3x is not a process id" read "$dir/core.elf" --gva 1 --pid 3x
expect_fail "ps: no kernel in the dump" 1 "no Linux kernel found" ps "$dir/core.elf"
expect_fail "uname: no kernel in the dump" 1 "no Linux kernel found" uname "$dir/core.elf"
expect_fail "sym: needs a name" 2 "sym takes a TARGET and a NAME or ADDR" sym "$dir/core.elf"
expect_fail "type: needs a type" 2 "type takes a TARGET and a TYPE" type "$dir/core.elf"
# translate: vCPU 0's CR3 (0x2a0c000) lies outside this core's memory.
expect_fail "translate: tables not in memory" 1 "the PML4E at gpa 0x2a0cff8 is not in the target's memory" translate "$dir/core.elf" 0xffffffff81000000
check "translate: prints the root" contains "$dir/out" "gva 0xffffffff81000000  cr3 0x2a0c000  ia32e-4level"
expect_fail "translate: non-canonical" 1 "not canonical" translate "$dir/core.elf" --cr3 0x1000 0x0000800000000000
expect_fail "translate: no GVA" 2 "translate takes a TARGET and a GVA" translate "$dir/core.elf"
expect_fail "break: needs a place" 2 "break takes a TARGET and one or more places" break "$dir/core.elf"
expect_fail "break: bad option" 2 "usage: vmscope break" break --bogus "$dir/core.elf" x
expect_fail "break: --count 0" 2 "--count takes a number of hits above 0" break "$dir/core.elf" x --count 0
expect_fail "watch: which accesses" 2 "say which accesses" watch "$dir/core.elf" jiffies
expect_fail "watch: --len 3" 2 "--len is 1, 2, 4 or 8" watch "$dir/core.elf" jiffies --write --len 3
expect_fail "watch: an address and a symbol" 2 "watch takes a TARGET and --gva ADDR or a SYMBOL" watch "$dir/core.elf" jiffies --gva 0x1000 --write

if [ "$fails" -ne 0 ]; then
	echo "$fails checks failed"
	exit 1
fi
echo "all checks passed"
