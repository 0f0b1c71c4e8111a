# SPDX-License-Identifier: LGPL-2.1-or-later
# basic: a handful of named idle processes, one holding an open file, a few
# sockets of each kind, a process of another user, kernel modules loaded from
# the kernel package (ipip pulls in its dependencies).
# lab-ram: 512M
# lab-modules: dummy crc7 ts_kmp qemu_fw_cfg ipip

scenario_start()
{
	hostname vmscope-basic
	ip link set lo up
	printf 'vmscope lab data\n' >/run/lab-data.txt
	mkdir -p /run/www

	lab_idle_proc vms-idle-alpha --mode=alpha
	lab_idle_proc vms-idle-beta "two words" "" last
	lab_spawn sleep sleep 31337
	LAB_SLEEP=$!

	lab_name vms-holder
	/lab/bin/vms-holder --holds /run/lab-data.txt 3</run/lab-data.txt 9>&- </dev/null >/dev/null 2>&1 &
	LAB_HOLDER=$!
	echo "$LAB_HOLDER vms-holder" >>"$LAB_SPAWNED"

	lab_spawn httpd httpd -f -p 127.0.0.1:8080 -h /run/www -u lab:lab
	LAB_HTTPD=$!
	lab_spawn syslogd syslogd -n -O /run/messages -R 127.0.0.1:5514 -L
	LAB_SYSLOGD=$!
	# nc ends at EOF on its input: both ends read a pipe that never ends.
	lab_spawn sh sh -c 'sleep 515151 | nc -l -p 7777'
	LAB_NC_SERVER=$!
	lab_settle
	logger -t vmscope-lab "hello from the basic scenario"
	lab_spawn sh sh -c 'sleep 424242 | nc 127.0.0.1 7777'
	LAB_NC_CLIENT=$!
}

scenario_report()
{
	lab_mark chosen
	# Not pid 1: it is the reporter, its descriptors change while it reports.
	chosen="$LAB_HOLDER $LAB_HTTPD $LAB_SYSLOGD $LAB_SLEEP $LAB_NC_SERVER $LAB_NC_CLIENT"
	echo "$chosen" >&9
	for p in $chosen; do
		lab_report_proc "$p"
	done
}
