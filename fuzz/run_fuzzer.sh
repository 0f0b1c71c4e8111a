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
esac
cd "$(dirname "$corpus")"
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 \
	-print_final_stats=1 "$corpus"
