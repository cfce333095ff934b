#!/bin/sh
# Runs a command under valgrind and fails on a leak, a memory error or a
# file descriptor left open at exit. Otherwise exits with the command's
# own status, so callers can still check it.
#   tests/vg.sh CMD [ARGS...]
log=$(mktemp "${TMPDIR:-/tmp}/tib-vg.XXXXXX")
valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=yes \
	--log-file="$log" "$@"
rc=$?
# valgrind 3.19 lists open descriptors but does not fail on them. A
# descriptor the program opened and never closed is listed with the stack
# that opened it; inherited ones (valgrind's own log, the caller's) say
# "<inherited from parent>" and are not the program's to close.
open_fds=$(awk '/Open (file descriptor|AF_UNIX socket) [0-9]+/ { fd = $0; getline; if ($0 !~ /inherited from parent/) n++ } END { print n + 0 }' "$log")
if [ "$rc" -eq 99 ]; then
	echo "valgrind: memory error or leak in: $*" >&2
	cat "$log" >&2
elif [ "$open_fds" -gt 0 ]; then
	echo "valgrind: $open_fds file descriptor(s) left open at exit in: $*" >&2
	cat "$log" >&2
	rc=98
fi
rm -f "$log"
exit "$rc"
