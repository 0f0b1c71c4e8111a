# SPDX-License-Identifier: LGPL-2.1-or-later
# events: a guest the host drives (lab-control), for breakpoints and
# watchpoints: it execs a known program on request (/lab/bin/vms-exec,
# which prints its pid), writes known values to a kernel variable through
# sysctl, and runs a busy loop of system calls for the event benchmarks.
# lab-ram: 512M
# lab-control: yes
# lab-reboot: yes
# lab-formats: elf

scenario_start()
{
	hostname vmscope-events
	printf '#!/bin/sh\necho "exec $$"\n' >/lab/bin/vms-exec
	chmod 755 /lab/bin/vms-exec
	lab_idle_proc vms-idle-events
}

scenario_report()
{
	lab_mark chosen
	echo >&9
}
