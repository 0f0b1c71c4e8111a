# SPDX-License-Identifier: LGPL-2.1-or-later
# Helpers for lab scenarios, sourced by /init.
#
# The report protocol: everything goes to ttyS1 in raw mode, so bytes arrive on
# the host exactly as the kernel produced them. Each record starts with a marker
# line "\n@@vms KEY ARGS\n"; the record's content is every byte up to the next
# marker. Marker files are written ahead of time so that one `cat` can stream
# many /proc files with their markers between them, forking once in all.

LAB_SPAWNED=/run/lab-spawned
LAB_IDLE_FIFO=/run/lab-idle.fifo
LAB_MARKS=/run/lab-marks

lab_open_report()
{
	stty -F /dev/ttyS1 raw -echo
	exec 9>/dev/ttyS1
	mkfifo "$LAB_IDLE_FIFO"
	mkdir -p "$LAB_MARKS" /lab/bin
	: >"$LAB_SPAWNED"
}

# lab_mark KEY [ARGS...]: start a record.
lab_mark()
{
	printf '\n@@vms %s\n' "$*" >&9
}

# lab_section KEY CMD...: a record whose content is what CMD prints.
lab_section()
{
	key=$1
	shift
	lab_mark "$key"
	"$@" >&9 2>/dev/null
}

lab_load_modules()
{
	[ -f /lab/modules/order ] || return 0
	while read -r m; do
		insmod "/lab/modules/$m" || echo "lab: insmod $m failed" >/dev/console
	done </lab/modules/order
}

# lab_name NAME: an executable /lab/bin/NAME that blocks forever in open(2) of
# a FIFO nobody writes. A script's comm is its own file name, which gives each
# idle process a name of its choosing without a binary of its own.
lab_name()
{
	[ -e "/lab/bin/$1" ] || ln -s /lab/idle "/lab/bin/$1"
}

# lab_spawn COMM CMD...: start CMD in the background; lab_settle waits until
# its comm is COMM and it sleeps. Prints nothing; the pid is in $!.
lab_spawn()
{
	comm=$1
	shift
	"$@" 9>&- </dev/null >/dev/null 2>&1 &
	echo "$! $comm" >>"$LAB_SPAWNED"
}

# lab_control: when the scenario asks for it (lab-control: yes), the shell
# the host drives over ttyS2 (guest/ctl), as process vms-ctl.
lab_control()
{
	grep -q '^# lab-control: yes' /lab/scenario.sh || return 0
	ln -s /lab/ctl /lab/bin/vms-ctl
	lab_spawn vms-ctl /lab/bin/vms-ctl
}

# lab_idle_proc NAME [ARGS...]: a named idle process.
lab_idle_proc()
{
	lab_name "$1"
	name=$1
	shift
	lab_spawn "$name" "/lab/bin/$name" "$@"
}

# Wait (bounded) until every spawned process has exec'd and sleeps, so that
# the view printed next is the view the host dumps.
lab_settle()
{
	tries=0
	while :; do
		pending=0
		while read -r pid comm; do
			st=
			read -r st <"/proc/$pid/stat" 2>/dev/null
			c=${st#*(}
			c=${c%)*}
			rest=${st##*) }
			state=${rest%% *}
			if [ "$c" != "$comm" ] || [ "$state" != S ]; then
				pending=$((pending + 1))
			fi
		done <"$LAB_SPAWNED"
		[ "$pending" = 0 ] && break
		tries=$((tries + 1))
		if [ "$tries" -gt 600 ]; then
			echo "lab: $pending spawned processes did not settle" >/dev/console
			break
		fi
		sleep 0.1
	done
	# Give anything the settling itself started time to be reaped and gone.
	sleep 1
}

# Every process: its stat, status, cmdline and environ, byte for byte.
lab_report_ps()
{
	for f in stat status cmdline environ; do
		printf '\n@@vms ps-file %s\n' "$f" >"$LAB_MARKS/$f"
	done
	for d in /proc/[0-9]*; do
		p=${d#/proc/}
		printf '\n@@vms ps %s\n' "$p" >"$LAB_MARKS/$p"
		printf '%s\n' "$LAB_MARKS/$p" \
			"$LAB_MARKS/stat" "$d/stat" "$LAB_MARKS/status" "$d/status" \
			"$LAB_MARKS/cmdline" "$d/cmdline" "$LAB_MARKS/environ" "$d/environ"
	done >/run/lab-list
	# The moment of the listing, for kernel threads the kernel starts after it.
	lab_section uptime cat /proc/uptime
	lab_mark ps-begin
	xargs cat </run/lab-list >&9 2>/dev/null
	lab_mark ps-end
	lab_mark tasks
	for t in /proc/[0-9]*/task/[0-9]*; do
		t=${t#/proc/}
		printf '%s %s\n' "${t%%/*}" "${t##*/}"
	done >&9
	lab_section exe ls -l /proc/[0-9]*/exe
}

# lab_report_proc PID: the memory map and open files of one process.
lab_report_proc()
{
	lab_section "maps $1" cat "/proc/$1/maps"
	lab_mark "fds $1"
	for f in "/proc/$1/fd/"*; do
		printf '%s %s\n' "${f##*/}" "$(readlink "$f")"
	done >&9
}

lab_report_common()
{
	lab_section uname-r uname -r
	lab_section uname uname -s -n -r -v -m
	lab_section stat cat /proc/stat
	lab_section cpus cat /sys/devices/system/cpu/online
	lab_section version cat /proc/version
	lab_section hostname hostname
	lab_section modules cat /proc/modules
	# Named symbols, then every 101st line for broad coverage of the table.
	lab_section kallsyms awk '$3 ~ /^(init_task|_stext|_etext|_text|sys_call_table|__start_BTF|__stop_BTF|linux_banner|init_top_pgt|kallsyms_names|kallsyms_token_table)$/ || NR % 101 == 0' /proc/kallsyms
	lab_report_ps
	for f in tcp tcp6 udp udp6 unix; do
		lab_section "net $f" cat "/proc/net/$f"
	done
	lab_section dmesg dmesg
	lab_section meminfo cat /proc/meminfo
}

lab_ready()
{
	lab_mark ready
}

# PID 1 idles in a builtin, never forking again.
lab_idle()
{
	while :; do
		read -r _ <"$LAB_IDLE_FIFO"
	done
}
