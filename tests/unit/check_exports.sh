#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# libvmscope.so exports vms_* symbols and nothing else.
set -eu
lib=$1
syms=$(nm -D --defined-only "$lib" | awk '{sub(/@.*/, "", $3); print $3}')
[ -n "$syms" ] || { echo "no exported symbols in $lib"; exit 1; }
bad=$(printf '%s\n' "$syms" | grep -v -e '^vms_' -e '^VMSCOPE_0$' || true)
if [ -n "$bad" ]; then
	echo "exported symbols without the vms_ prefix:"
	printf '%s\n' "$bad"
	exit 1
fi
for want in vms_target_open vms_read_gpa vms_error_last; do
	printf '%s\n' "$syms" | grep -qx "$want" || { echo "missing export: $want"; exit 1; }
done
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
[ "$soname" = libvmscope.so.0 ] || { echo "SONAME is '$soname', expected libvmscope.so.0"; exit 1; }
echo "$(printf '%s\n' "$syms" | grep -c '^vms_') exports, all vms_; SONAME $soname"
