# SPDX-License-Identifier: LGPL-2.1-or-later
# highmem: more RAM than fits below the PCI hole, so QEMU places part of it
# above 4 GiB and dumps and raw images have to describe the split.
# lab-ram: 5G
# lab-modules: dummy
# lab-formats: elf,kdump-zlib,raw

scenario_start()
{
	hostname vmscope-highmem
	lab_idle_proc vms-idle-high
	LAB_CHOSEN=$!
}

scenario_report()
{
	lab_mark chosen
	echo "$LAB_CHOSEN" >&9
	lab_report_proc "$LAB_CHOSEN"
}
