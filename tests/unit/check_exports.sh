#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# What libvmscope.so exports is exactly what the public headers declare with
# VMS_API, and the version script lists them by name: three lists, equal.
set -eu
lib=$1
top=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
nm -D --defined-only "$lib" | awk '{sub(/@.*/, "", $3); print $3}' | grep -v '^VMSCOPE_' |
	sort -u >"$dir/exported"
[ -s "$dir/exported" ] || { echo "no exported symbols in $lib"; exit 1; }
# Every name declared after VMS_API in a public header (declarations may
# span lines: join each header into one line first).
for h in "$top"/include/vmscope/*.h "$top"/include/vmscope/sys/*.h; do
	tr '\n' ' ' <"$h" | grep -oE 'VMS_API[^;{]*' | grep -oE '\bvms_[a-z0-9_]+[[:space:]]*\(' |
		sed 's/[[:space:]]*($//'
done | sort -u >"$dir/declared"
sed -n 's/^[[:space:]]*\(vms_[a-z0-9_]*\);$/\1/p' "$top/src/libvmscope.map" | sort -u >"$dir/listed"
fail=0
compare() { # compare A B WHAT: names in A but not in B
	extra=$(comm -23 "$dir/$1" "$dir/$2")
	if [ -n "$extra" ]; then
		echo "$3:"
		printf '  %s\n' $extra
		fail=1
	fi
}
compare exported declared "exported but declared in no public header"
compare declared exported "declared in a public header but not exported"
compare listed declared "in src/libvmscope.map but declared in no public header"
compare declared listed "declared in a public header but missing from src/libvmscope.map"
bad=$(grep -v '^vms_' "$dir/exported" || true)
[ -z "$bad" ] || { echo "exported without the vms_ prefix: $bad"; fail=1; }
internal=$(grep '^vms__' "$dir/exported" || true)
[ -z "$internal" ] || { echo "internal helpers exported: $internal"; fail=1; }
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
[ "$soname" = libvmscope.so.0 ] || { echo "SONAME is '$soname', expected libvmscope.so.0"; fail=1; }
[ "$fail" -eq 0 ] || exit 1
echo "$(wc -l <"$dir/exported") exports, each declared in a public header and listed in the version script; SONAME $soname"
