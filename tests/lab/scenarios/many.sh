# SPDX-License-Identifier: LGPL-2.1-or-later
# many: 2,000 idle processes (plus the system's own), to size walks and tables.
# lab-ram: 1G

scenario_start()
{
	hostname vmscope-many
	lab_name vms-many
	i=0
	while [ "$i" -lt 2000 ]; do
		/lab/bin/vms-many "$i" 9>&- </dev/null >/dev/null 2>&1 &
		echo "$! vms-many" >>"$LAB_SPAWNED"
		[ "$i" = 0 ] && LAB_CHOSEN=$!
		i=$((i + 1))
	done
}

scenario_report()
{
	lab_mark chosen
	echo "$LAB_CHOSEN" >&9
	lab_report_proc "$LAB_CHOSEN"
}
