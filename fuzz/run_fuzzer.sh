#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# run_fuzzer.sh FUZZER SECONDS CORPUS_DIR MKCORE: seed the corpus with
# synthetic dumps, then fuzz for SECONDS. Fails on any finding.
set -eu
fuzzer=$1 seconds=$2 corpus=$3 mkcore=$4
mkdir -p "$corpus"
case $(basename "$fuzzer") in
fuzz_elf_core)
	"$mkcore" "$corpus/seed-qemu-core"
	# A small seed as well, so mutations reach the headers quickly.
	head -c 4096 "$corpus/seed-qemu-core" >"$corpus/seed-head"
	;;
fuzz_paging)
	"$mkcore" --page-tables "$corpus/seed-tables"
	;;
fuzz_lime)
	# Two ranges: 0x0-0xfff and 0x100000-0x100fff.
	python3 -c 'import struct, sys
out = b""
for a in (0, 0x100000):
    out += struct.pack("<IIQQ8x", 0x4C694D45, 1, a, a + 0xfff) + bytes(range(256)) * 16
sys.stdout.buffer.write(out)' >"$corpus/seed-lime"
	;;
fuzz_kdump)
	"$mkcore" --kdump "$corpus/seed-kdump"
	"$mkcore" --kdump-flat "$corpus/seed-kdump-flat"
	;;
fuzz_kallsyms)
	for n in 0 1 2; do "$mkcore" --kallsyms $n "$corpus/seed-kallsyms-$n"; done
	;;
fuzz_maple)
	# A two-level tree: an arange_64 root over two range_64 leaves.
	python3 -c 'import struct, sys
B = 0xffff888000100000
mem = bytearray(3 * 256)
def put(n, off, v): struct.pack_into("<Q", mem, 256 * n + off, v)
put(0, 8, 0x4fffff); put(0, 80, B + 256 | 1 << 3 | 2); put(0, 88, B + 512 | 1 << 3 | 2); mem[240] = 1
for i, p in enumerate((0x3fffff, 0x400fff, 0x4fefff)): put(1, 8 + 8 * i, p)
for i, v in enumerate((0, 0xffff888000900000, 0, 0xffff888000900100)): put(1, 128 + 8 * i, v)
mem[256 + 248] = 3
for i, p in enumerate((0x7fffffffefff, 0x80000001ffff)): put(2, 8 + 8 * i, p)
put(2, 136, 0xffff888000900200); mem[512 + 248] = 2
sys.stdout.buffer.write(struct.pack("<Q", B | 3 << 3 | 2) + bytes(mem))' >"$corpus/seed-maple"
	;;
fuzz_btf)
	"$mkcore" --btf "$corpus/seed-btf"
	;;
fuzz_isf)
	"$mkcore" --isf "$corpus/seed-isf"
	printf '{"symbols": {"_text": {"address": 18446744071578845184}}}' >"$corpus/seed-symbols"
	;;
fuzz_qemu_text)
	printf 'FlatView #0\r\n AS "memory", root: system\r\n Root memory region: system\r\n  0000000000000000-00000000000c2fff (prio 0, ram): ram0\r\n  00000000000c3000-00000000000e7fff (prio 0, rom): ram0 @00000000000c3000\r\n  00000000b0000000-00000000bfffffff (prio 0, i/o): pcie-mmcfg-mmio\r\n' >"$corpus/seed-mtree"
	printf 'CPU#0\r\nRAX=000000000001ad40 RBX=0 RCX=0 RDX=4000000000000000\r\nR8 =0 R9 =7\r\nRIP=ffffffffb0e17a0b RFL=00000246 [---Z-P-] CPL=0\r\nCS =0010 0000000000000000 ffffffff 00af9b00 DPL=0 CS64 [-RA]\r\nGDT=     fffffe0000001000 0000007f\r\nCR0=80050033 CR2=0 CR3=000000000290e000 CR4=000006b0\r\nEFER=0000000000000d01\r\n' >"$corpus/seed-registers"
	;;
fuzz_gdb)
	printf 'T05watch:ffff888000001000;thread:p01.02;swbreak:;' >"$corpus/seed-stop"
	printf '0*~0*X10000081}Ffff}Ffff' >"$corpus/seed-regs"
	printf '%0472d' 0 >"$corpus/seed-g"
	;;
fuzz_sysmap)
	printf '0000000000000000 D __per_cpu_start\n0000000000001000 D runqueues\r\n0000000000002000 D __per_cpu_end\nffffffff81000000 T _text\nffffffff82000000 D linux_banner\n' >"$corpus/seed-map"
	;;
fuzz_raw_layout)
	printf '\0\0\0\200\1\0\0\0# gpa size offset\n0 a0000 0\nc0000 20000 c0000\n100000000 80000000 80000000\n' >"$corpus/seed-layout"
	;;
esac
cd "$(dirname "$corpus")"
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=131072 \
	-print_final_stats=1 "$corpus"
