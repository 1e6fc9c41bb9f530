#!/usr/bin/env bash
# Compares the static prlimit with util-linux `prlimit` (2.38, the oracle) for one target:
# natively on x86_64, under qemu-user for the other architectures (qemu.sh; a static binary
# needs no -L).
#
#   examples/prlimit-static/test.sh [TARGET] [BINARY]
#
# Every comparison makes sure both tools see the same limits: either both read one process
# started with distinctive limits (`--pid`), or both run under the same limits given them by
# one parent (`prlimit --LIMITS -- TOOL`), or each sets limits on one of two processes started
# identically and util-linux reads both back. Stdout, stderr and the exit code must be equal,
# byte for byte, except where this tool says more on purpose (the reason for EPERM, --usage).
# Ends with "N passed, M failed"; exits non-zero if any failed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${1:-x86_64-unknown-linux-gnu}
bin=${2:-$("$here/build.sh" "$target")} || exit 1

. "$here/qemu.sh"
qemu_for "$target" || exit 2
qemu=$QEMU_PROGRAM
runner=()
[ -n "$qemu" ] && runner=("$qemu")
if [ ${#runner[@]} -gt 0 ] && ! command -v "${runner[0]}" >/dev/null; then
    { apt-get update && apt-get install -y qemu-user; } >&2
fi
command -v prlimit >/dev/null || { echo "test.sh: util-linux prlimit is needed as the oracle" >&2; exit 2; }
# Absolute, so that tests with their own PATH still find the emulator.
[ ${#runner[@]} -gt 0 ] && runner[0]=$(command -v "${runner[0]}")

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $target: $1"; }
bad() {
    fail=$((fail + 1))
    echo "FAIL $target: $1"
    [ $# -gt 1 ] && sed 's/^/     | /' <<<"$2"
    return 0
}

# --RES=SOFT:HARD options lowered to fit under this shell's hard limits.
fit_limits() {
    local opt res soft hard cur
    for opt in "$@"; do
        res=${opt%%=*}
        soft=${opt#*=}
        hard=${soft#*:}
        soft=${soft%%:*}
        cur=$(prlimit --raw --noheadings -o hard "$res")
        if [ "$cur" != unlimited ] && [ ${#cur} -lt 19 ]; then
            if [ "$hard" = unlimited ] || [ ${#hard} -ge 19 ] || [ "$hard" -gt "$cur" ]; then hard=$cur; fi
            if [ "$soft" = unlimited ] || [ ${#soft} -ge 19 ] || [ "$soft" -gt "$hard" ]; then soft=$((hard / 2)); fi
        fi
        echo "$res=$soft:$hard"
    done
}

# Our stderr as util-linux words it: without the reason we add to "Operation not permitted".
plain_err() { sed -E 's/^(prlimit: .*: Operation not permitted) \(.*\)$/\1/' "$@"; }

# Our tool with argv[0] "prlimit", as util-linux's is when found on PATH (getopt's messages
# quote argv[0]).
tool() {
    if [ ${#runner[@]} -eq 0 ]; then
        (exec -a prlimit "$bin" "$@")
    else
        "${runner[@]}" -0 prlimit "$bin" "$@"
    fi
}
# The same, as a command for another program to run (no argv[0] games needed there).
tool_cmd=("${runner[@]}" "$bin")

# Runs "$@" capturing stdout, stderr and the exit code into $work/$tag.{out,err,rc}.
capture() {
    local tag=$1
    shift
    "$@" >"$work/$tag.out" 2>"$work/$tag.err" </dev/null
    echo $? >"$work/$tag.rc"
}

# Same stdout, stderr and exit code for util-linux and for us.
same() {
    local name=$1
    shift
    capture ul prlimit "$@"
    capture us tool "$@"
    plain_err "$work/us.err" >"$work/us.plain"
    mv "$work/us.plain" "$work/us.err"
    local d=""
    for part in rc out err; do
        if ! cmp -s "$work/ul.$part" "$work/us.$part"; then
            d+="$part differs:"$'\n'$(diff "$work/ul.$part" "$work/us.$part" | head -20)$'\n'
        fi
    done
    if [ -z "$d" ]; then ok "$name"; else bad "$name: prlimit $*" "$d"; fi
}

# A process with distinctive limits, lowered from what this shell has (no privilege needed):
# long numbers, unlimited, zero, soft below hard. On a machine whose hard limits are lower than
# these, the wanted limits are brought within them.
distinct=($(fit_limits --nofile=1234:5678 --core=1000:unlimited --cpu=100:200 \
    --fsize=12345678901234567:18446744073709551614 --as=1099511627776:unlimited \
    --msgqueue=0:819200 --memlock=65536:8388608 --rttime=1:2))
spawn() {
    prlimit "${distinct[@]}" -- sleep 1000 &
    pids+=($!)
    # Wait until util-linux's prlimit has exec'd sleep (its limits are set by then).
    local i
    for i in $(seq 100); do
        [ "$(readlink "/proc/$!/exe" 2>/dev/null)" = "$(readlink -f "$(command -v sleep)")" ] && break
        sleep 0.02
    done
    spawned=$!
}

# 1. Reading another process: both tools read the same one.
spawn
P=$spawned
while IFS= read -r opts; do
    # shellcheck disable=SC2086 # word splitting of the option list is intended
    same "--pid P $opts" --pid "$P" $opts
done <<'EOF'

--raw
--noheadings
--raw --noheadings
-o soft,hard
-o RESOURCE,units,Soft
--output=hard,description
--output=HARD,HARD,SOFT,SOFT,units,UNITS,resource,RESOURCE,description,DESCRIPTION
-o units
-o units --noheadings -e
-o units,resource --raw -e -n
-n
--nofile --core --fsize
-c -d -e -f -i -l -m -n -q -r -s -t -u -v -x -y
--as --core --cpu --data --fsize --locks --memlock --msgqueue --nice --nofile --nproc --rss --rtprio --rttime --sigpending --stack
-n -n -c -n
--nof --cor --sig --rtt --rtp
--raw -o resource,description -f --as
--verbose
--noheadings -o resource
-o soft -o hard -f
EOF

# 2. Options and errors that need no process (or a missing one).
no_such=999999
while kill -0 "$no_such" 2>/dev/null; do no_such=$((no_such + 1)); done
while IFS= read -r opts; do
    # shellcheck disable=SC2086
    same "errors: $opts" $opts
done <<EOF
--nofile=abc
--nofile=5:4
--core=:x
--core=
--core=5:x
--core=:
--core=unlimited:5
--nofile=18446744073709551616
-p abc
-p 99999999999
-p -99999999999
-p 12x
-p 1 -p 2
-p 0 -p $no_such
--pid $no_such
--pid $no_such -n
--pid=$no_such --nofile=10
--bogus
--bogus=1
-z
-nz
--no
--n
--s
--raw=1
--usagee
-p
--pid
-o
-o foo
-o soft,
-o ,
-o soft,,hard
-o resource,resource,resource,resource,resource,resource,resource,resource,resource,resource,resource
-o resource,resource,resource,resource,resource,resource,resource,resource,resource,resource
-p $$ true
nonexistent-command-for-prlimit-test
-n nonexistent-command-for-prlimit-test
/etc/passwd
./
-- nonexistent-command-for-prlimit-test
-
-n=100 -n
--nofile==100 -n
-c=unlimited -c
--nofile== -n
--nofile===5
EOF
# Messages longer than 511 bytes are written whole (an option, a PID argument, a column list,
# a command name of 600 bytes).
b600=$(printf 'b%.0s' $(seq 600))
for opts in "--$b600" "-p 1$b600" "-o soft,$b600" "-n /nonexistent/$b600"; do
    # shellcheck disable=SC2086
    same "errors: 600-byte argument: ${opts%% *} ..." $opts
done
# An empty -o argument (the heredoc loop cannot hold it).
same "errors: -o ''" -o ''
same "errors: --output=" --output=

# 3. Self: both run under the same limits, given by one util-linux parent.
while IFS= read -r opts; do
    # shellcheck disable=SC2086
    capture ul prlimit "${distinct[@]}" -- prlimit $opts
    # shellcheck disable=SC2086
    capture us prlimit "${distinct[@]}" -- "${tool_cmd[@]}" $opts
    if cmp -s "$work/ul.out" "$work/us.out" && cmp -s "$work/ul.rc" "$work/us.rc"; then
        ok "self: $opts"
    else
        bad "self: $opts" "$(diff "$work/ul.out" "$work/us.out" | head -20)"
    fi
done <<'EOF'

--raw
-n -c -f -v
-o resource,soft,hard
EOF

# 4. Setting: each tool sets limits on one of two identical processes; util-linux reads both.
pid_of() { sed "s/pid $1/pid PID/" "$2"; }
while IFS= read -r opts; do
    if [ ${#runner[@]} -gt 0 ] && [[ $opts == *--as* ]]; then
        # qemu-user answers prlimit64 writes of AS, DATA and STACK with success and changes
        # nothing (even for another process): not this tool's doing.
        echo "skip $target: set: $opts (qemu-user ignores AS/DATA/STACK writes)"
        continue
    fi
    spawn
    A=$spawned
    spawn
    B=$spawned
    # shellcheck disable=SC2086
    capture ul prlimit --pid "$A" $opts
    # shellcheck disable=SC2086
    capture us tool --pid "$B" $opts
    d=""
    cmp -s "$work/ul.rc" "$work/us.rc" || d+="exit codes differ: $(cat "$work/ul.rc") $(cat "$work/us.rc")"$'\n'
    cmp -s "$work/ul.err" <(plain_err "$work/us.err") || d+="stderr differs: $(diff "$work/ul.err" "$work/us.err")"$'\n'
    [ "$(pid_of "$A" "$work/ul.out")" = "$(pid_of "$B" "$work/us.out")" ] ||
        d+="stdout differs: $(diff <(pid_of "$A" "$work/ul.out") <(pid_of "$B" "$work/us.out"))"$'\n'
    [ "$(prlimit --pid "$A")" = "$(prlimit --pid "$B")" ] ||
        d+="limits differ: $(diff <(prlimit --pid "$A") <(prlimit --pid "$B"))"$'\n'
    if [ -z "$d" ]; then ok "set: $opts"; else bad "set: $opts" "$d"; fi
    kill "$A" "$B" 2>/dev/null
done <<'EOF'
--nofile=100:200
--nofile=150:
--nofile=:300
--nofile=250
-n77
--nofile=100:200 -n
--core=unlimited
--core=1000:unlimited
--core=unlimited:
--core=:unlimited
--core=:5000 --core=7:
--cpu=10:20 --fsize=1000
--cpu=10:20 --fsize=1000 --as=unlimited:
--core=-1
--rttime=0 --msgqueue=0:0 --memlock=0
--verbose --nofile=99:99 --core=:unlimited --cpu=50
--nofile=300:200
--nofile=:100
EOF

# 4b. Limit values go through the library's parser (linux_resource::LimitSpec), which reads
#     numbers as util-linux 2.40 and later do: blanks and `+` before a number are taken (as by
#     every util-linux), junk after it is refused (util-linux up to 2.39, Debian 12's 2.38
#     among them, took "5x" as 5: the one difference from 2.38), a negative number but -1 is
#     refused (util-linux's strtoull wraps it), and "infinity" is taken for "unlimited"
#     (util-linux refuses it). Refused: exit code 1, util-linux's message, the limits untouched.
ul_version=$(prlimit --version | sed -n 's/.*util-linux \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
read -r ul_major ul_minor <<<"$ul_version"
spawn
B=$spawned
before=$(prlimit --pid "$B")
for v in 5x unlimitedXYZ '5 ' '5 :7' -5 -0 :-3; do
    capture us tool --pid "$B" --core="$v"
    if [ "$(cat "$work/us.rc")" = 1 ] && [ "$(cat "$work/us.err")" = "prlimit: failed to parse CORE limit" ] &&
        [ "$(prlimit --pid "$B")" = "$before" ]; then
        ok "refused on purpose: --core='$v'"
    else
        bad "refused on purpose: --core='$v'" "$(cat "$work/us.rc" "$work/us.err")"
    fi
    # Junk after a value: util-linux before 2.40 takes it (the stated difference), 2.40 and
    # later refuse it as we do.
    if [[ $v != *-* ]]; then
        spawn
        A=$spawned
        capture ul prlimit --pid "$A" --core="$v"
        kill "$A" 2>/dev/null
        if ((ul_major > 2 || ul_minor >= 40)); then
            want_rc=1
        else
            want_rc=0
        fi
        if [ "$(cat "$work/ul.rc")" = "$want_rc" ]; then
            ok "util-linux $ul_major.$ul_minor: --core='$v' exits $want_rc"
        else
            bad "util-linux $ul_major.$ul_minor: --core='$v'" "$(cat "$work/ul.rc" "$work/ul.err")"
        fi
    fi
done
kill "$B" 2>/dev/null
# same_core OURS THEIRS LABEL: this tool's --core=OURS on one process and util-linux's
# --core=THEIRS on another give the same status, message and limits.
same_core() {
    spawn
    A=$spawned
    spawn
    B=$spawned
    capture ul prlimit --pid "$A" --core="$2"
    capture us tool --pid "$B" --core="$1"
    if cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" <(plain_err "$work/us.err") &&
        [ "$(prlimit --pid "$A")" = "$(prlimit --pid "$B")" ]; then
        ok "$3"
    else
        bad "$3" "$(cat "$work/ul.rc" "$work/ul.err" "$work/us.rc" "$work/us.err")"
    fi
    kill "$A" "$B" 2>/dev/null
}
# Blanks and `+` before a number: taken, as util-linux takes them.
for v in ' 5' '+7' ' 5:+7' ':  9' '+0:' ' -1'; do
    same_core "$v" "$v" "--core='$v' as util-linux"
done
while read -r ours theirs; do
    same_core "$ours" "$theirs" "--core=$ours as util-linux --core=$theirs"
done <<'EOF'
infinity unlimited
infinity: unlimited:
:infinity :unlimited
1000:infinity 1000:unlimited
EOF

# 5. Raising a hard limit: refused without CAP_SYS_RESOURCE (EPERM, and we say why); when the
#    caller has the capability, both succeed and are compared above.
spawn
A=$spawned
hard=$(prlimit --pid "$A" --raw --noheadings -o hard -n)
capture ul prlimit --pid "$A" --nofile="$hard:$((hard + 1))"
capture us tool --pid "$A" --nofile="$hard:$((hard + 1))"
if [ "$(cat "$work/ul.rc")" = 0 ]; then
    if [ "$(cat "$work/us.rc")" = 0 ]; then ok "EPERM: privileged caller, both raised"; else bad "EPERM: privileged caller" "$(cat "$work/us.err")"; fi
else
    want="prlimit: failed to set the NOFILE resource limit: Operation not permitted"
    got=$(cat "$work/us.err")
    if [ "$(cat "$work/us.rc")" = 1 ] && [ "$(cat "$work/ul.err")" = "$want" ] &&
        [ "$got" = "$want (raising the NOFILE hard limit from $hard to $((hard + 1)) needs CAP_SYS_RESOURCE)" ]; then
        ok "EPERM: raising a hard limit, with the reason"
    else
        bad "EPERM: raising a hard limit" "$got"
    fi
fi
# Another user's process: EPERM on reading, and why.
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
    other=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- "${tool_cmd[@]}" --pid 1 -n 2>&1)
    ul=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- prlimit --pid 1 -n 2>&1)
    if [ "$other" = "$ul (the caller may not act on the limits of process 1 (different user, no CAP_SYS_RESOURCE))" ]; then
        ok "EPERM: another user's process, with the reason"
    else
        bad "EPERM: another user's process" "ours: $other"$'\n'"util-linux: $ul"
    fi
fi

# 6. Running a command with new limits (PATH searched); the table of a `prlimit COMMAND` that
#    goes into a pipe is lost at exec, as util-linux's stdio buffer is.
while IFS= read -r cmd; do
    # shellcheck disable=SC2086
    capture ul prlimit $cmd
    # shellcheck disable=SC2086
    capture us tool $cmd
    if cmp -s "$work/ul.out" "$work/us.out" && cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" "$work/us.err"; then
        ok "exec: $cmd"
    else
        bad "exec: $cmd" "$(diff "$work/ul.out" "$work/us.out" | head; diff "$work/ul.err" "$work/us.err")"
    fi
done <<'EOF'
--nofile=100:200 -- prlimit -n
--nofile=100:200 prlimit -n -c
--core=0 sh -c ulimit\ -c
--nofile=64 --cpu=5:10 sh -c ulimit\ -n;ulimit\ -t
-n true
true
--verbose --nofile=100 prlimit -n
sh -c exit\ 7
EOF
# PATH as glibc's execvp walks it: empty entries, a directory without the command.
mkdir -p "$work/bin"
printf '#!/bin/sh\necho found "$@"\n' >"$work/bin/hello-prlimit"
chmod +x "$work/bin/hello-prlimit"
capture us env PATH="/nonexistent:$work/bin" "${tool_cmd[@]}" hello-prlimit a b
if [ "$(cat "$work/us.out")" = "found a b" ]; then ok "exec: PATH search"; else bad "exec: PATH search" "$(cat "$work/us.out" "$work/us.err")"; fi
chmod -x "$work/bin/hello-prlimit"
ul_prlimit=$(command -v prlimit)
for path in "$work/bin:/nonexistent" "/nonexistent:$work/bin" "" ":/nonexistent"; do
    for dir in "$work" "$work/bin"; do
        capture ul env -C "$dir" PATH="$path" "$ul_prlimit" -n hello-prlimit
        capture us env -C "$dir" PATH="$path" "${tool_cmd[@]}" -n hello-prlimit
        if cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" "$work/us.err" && cmp -s "$work/ul.out" "$work/us.out"; then
            ok "exec: PATH='$path' in $dir: $(cat "$work/us.rc") $(cat "$work/us.err")"
        else
            bad "exec: PATH='$path' in $dir" "$(cat "$work/ul.rc" "$work/ul.err" "$work/us.rc" "$work/us.err")"
        fi
    done
done
# Errors whose numbers differ by architecture (MIPS: ENAMETOOLONG 78, ELOOP 90), from the kernel
# and from execvp's own check of a name too long to search PATH with, worded as glibc does.
ln -s loop2 "$work/loop1"
ln -s loop1 "$work/loop2"
long=$(printf '%0300d' 0)
for cmd in "$work/loop1:ELOOP" "$work/$long/x:ENAMETOOLONG from the kernel" "$long:ENAMETOOLONG from the PATH search"; do
    capture ul prlimit -n "${cmd%%:*}"
    capture us tool -n "${cmd%%:*}"
    if cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" "$work/us.err" && cmp -s "$work/ul.out" "$work/us.out"; then
        ok "exec: ${cmd#*:}: $(cat "$work/us.rc") $(sed "s/$long/(300 zeros)/" "$work/us.err")"
    else
        bad "exec: ${cmd#*:}" "$(cat "$work/ul.rc" "$work/ul.err" "$work/us.rc" "$work/us.err")"
    fi
done

# PATH entries of 4090, 4095 and 4096 bytes (a directory that does not exist): glibc's execvp
# tries an entry as long as the first 4095 bytes of PATH and stops at the kernel's
# ENAMETOOLONG; a longer one is tried as the current directory. A name of 256 bytes or more:
# ENOENT where a directory before it does not exist.
entry=$(printf '/x%.0s' $(seq 2100))
ul_prlimit=$(command -v prlimit)
for n in 4090 4095 4096; do
    e=${entry:0:$n}
    for path in "$e:/usr/bin:/bin" "/usr/bin:$e" "$e" "$e:$e:/bin"; do
        capture ul env PATH="$path" "$ul_prlimit" -c true
        capture us env PATH="$path" "${tool_cmd[@]}" -c true
        if [ "$path" = "$e" ] && [ "$n" -ge 4096 ]; then
            # On purpose different: glibc tries nothing and fails with a stale errno.
            if [ "$(cat "$work/us.rc")" = 127 ] && [ "$(cat "$work/us.err")" = "prlimit: failed to execute true: No such file or directory" ]; then
                ok "exec: PATH one $n-byte entry: 127, ENOENT (util-linux: $(cat "$work/ul.rc") $(cat "$work/ul.err"))"
            else
                bad "exec: PATH one $n-byte entry" "$(cat "$work/us.rc" "$work/us.err")"
            fi
        elif cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" "$work/us.err" && cmp -s "$work/ul.out" "$work/us.out"; then
            ok "exec: PATH with a $n-byte entry (${#path} bytes): $(cat "$work/us.rc")"
        else
            bad "exec: PATH with a $n-byte entry (${#path} bytes)" "$(cat "$work/ul.rc" "$work/ul.err" "$work/us.rc" "$work/us.err")"
        fi
    done
done
for name in "$(printf 'c%.0s' $(seq 256))" "$(printf 'c%.0s' $(seq 300))"; do
    for path in /nonexistent "/nonexistent:/usr/bin" "/usr/bin"; do
        capture ul env PATH="$path" "$ul_prlimit" -c "$name"
        capture us env PATH="$path" "${tool_cmd[@]}" -c "$name"
        if cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" "$work/us.err"; then
            ok "exec: a ${#name}-byte name, PATH=$path: $(cat "$work/us.rc")"
        else
            bad "exec: a ${#name}-byte name, PATH=$path" "$(cat "$work/ul.rc" "$work/us.rc" "$work/us.err")"
        fi
    done
done

# 7. --usage: runs the command with the limits, waits, reports its usage; exits with its status.
capture us tool --usage --nofile=64 -- sh -c 'ulimit -n; head -c 50000000 /dev/zero | tail -c 1 >/dev/null; exit 3'
if [ "$(cat "$work/us.out")" = 64 ] && [ "$(cat "$work/us.rc")" = 3 ] &&
    grep -q "^prlimit: resource usage of sh (pid [0-9]*, exit status 3):" "$work/us.err" &&
    grep -Eq "^  max RSS \(bytes\) +[1-9][0-9]*$" "$work/us.err" &&
    grep -Eq "^  minor page faults +[1-9][0-9]*$" "$work/us.err" &&
    grep -Eq "^  user time \(us\) +[0-9]+$" "$work/us.err"; then
    ok "--usage"
else
    bad "--usage" "$(cat "$work/us.out" "$work/us.rc" "$work/us.err")"
fi
capture us tool --usage sh -c 'kill -9 $$'
if [ "$(cat "$work/us.rc")" = 137 ] && grep -q "killed by signal 9" "$work/us.err"; then ok "--usage: killed"; else bad "--usage: killed" "$(cat "$work/us.rc" "$work/us.err")"; fi
# While it waits it ignores SIGINT and SIGQUIT, as time(1) does (rt_sigaction with the
# architecture's struct sigaction and sigset size: MIPS's differ). Started with both at their
# default (a shell may have ignored them already), the command waits until its parent's SigIgn
# shows them (bits 1 and 2: under qemu-user the host mask, which qemu sets for SIG_IGN), then
# sends both; the tool must live on and report.
capture us env --default-signal=INT,QUIT "${tool_cmd[@]}" --usage --core=0 sh -c '
    i=0
    while [ $i -lt 100 ] && ! grep -Eq "^SigIgn:[[:space:]]*[0-9a-f]*[67ef]$" /proc/$PPID/status; do
        sleep 0.05; i=$((i + 1))
    done
    grep "^SigIgn:" /proc/$PPID/status
    kill -INT $PPID; kill -QUIT $PPID; sleep 0.1; exit 5'
if [ "$(cat "$work/us.rc")" = 5 ] && grep -Eq "^SigIgn:[[:space:]]*[0-9a-f]*[67ef]$" "$work/us.out" &&
    grep -q "^prlimit: resource usage of sh (pid [0-9]*, exit status 5):" "$work/us.err"; then
    ok "--usage: SIGINT and SIGQUIT ignored while waiting ($(grep "^SigIgn:" "$work/us.out" | tr -s '\t ' ' '))"
else
    bad "--usage: SIGINT and SIGQUIT ignored while waiting" "$(cat "$work/us.rc" "$work/us.out" "$work/us.err")"
fi
capture us tool --usage
if [ "$(cat "$work/us.rc")" = 1 ] && [ "$(cat "$work/us.err")" = "prlimit: option --usage needs a COMMAND" ]; then ok "--usage without COMMAND"; else bad "--usage without COMMAND" "$(cat "$work/us.err")"; fi
capture us tool --usage nonexistent-command-for-prlimit-test
if [ "$(cat "$work/us.rc")" = 127 ]; then ok "--usage: command not found is 127"; else bad "--usage: not found" "$(cat "$work/us.rc" "$work/us.err")"; fi

# 8. Write errors are reported as util-linux's close_stdout reports them: a write that failed
#    before exit (a table of more than one block) as `write error`, the final flush's as
#    `write error: ERRNO`, except EPIPE and EBADF; a closed stdout has glibc's 8192-byte
#    blocks; a failed write to stderr makes the exit status 1. Into /dev/full, a pipe with no
#    reader (SIGPIPE ignored) and a closed stdout; tables of 1, 6.3 and 8.6 KB.
ten=(-o resource,description,soft,hard,units,resource,description,soft,hard,units)
small=()
mapfile -t middle < <(printf '%s\n' "${ten[@]}"; printf -- '-n\n%.0s' $(seq 60))
mapfile -t large < <(printf '%s\n' "${ten[@]}"; printf -- '-l\n%.0s' $(seq 64))
# Runs "$@" with stdout into SINK (a file, `brokenpipe` or `closed`) and SIGPIPE ignored;
# captures stderr and the exit code into $work/TAG.{err,rc}. The broken pipe is a FIFO whose
# only reader (opened read-write, so that opening it for writing does not block) is closed.
rm -f "$work/fifo"
mkfifo "$work/fifo"
sink_run() {
    local tag=$1 sink=$2
    shift 2
    (
        trap '' PIPE
        case $sink in
        closed) exec "$@" >&- ;;
        brokenpipe)
            exec 3<>"$work/fifo" 4>"$work/fifo" 3<&-
            exec "$@" >&4 4>&-
            ;;
        *) exec "$@" >"$sink" ;;
        esac
    ) 2>"$work/$tag.err" </dev/null
    echo $? >"$work/$tag.rc"
}
for sink in /dev/full brokenpipe closed; do
    [ "$sink" = /dev/full ] && [ ! -w /dev/full ] && continue
    for size in small middle large; do
        declare -n opts=$size
        for cmd in "" /nonexistent; do
            sink_run ul "$sink" prlimit "${opts[@]}" $cmd
            sink_run us "$sink" "${tool_cmd[@]}" "${opts[@]}" $cmd
            if cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" "$work/us.err"; then
                ok "write error: $size table${cmd:+, $cmd} into $sink: $(cat "$work/us.rc") $(tr '\n' '|' <"$work/us.err")"
            else
                bad "write error: $size table${cmd:+, $cmd} into $sink" "$(cat "$work/ul.rc" "$work/ul.err" "$work/us.rc" "$work/us.err")"
            fi
        done
        unset -n opts
    done
done
for redirect in '2>&-' '2>/dev/full'; do
    capture ul sh -c "prlimit /nonexistent $redirect"
    capture us sh -c "\"\$@\" /nonexistent $redirect" sh "${tool_cmd[@]}"
    if cmp -s "$work/ul.rc" "$work/us.rc"; then ok "stderr write error ($redirect): exit $(cat "$work/us.rc")"; else bad "stderr write error ($redirect)" "$(cat "$work/ul.rc" "$work/us.rc")"; fi
done

# 9. On a terminal (a pty from script(1)): line-buffered output, and libsmartcols' narrowing
#    of columns when the terminal is narrower than the table (the long numbers of P force it).
if command -v script >/dev/null; then
    ul_prlimit=$(command -v prlimit)
    tty_same() {
        local name=$1 setup=$2
        shift 2
        script -qec "$setup; $ul_prlimit $*" /dev/null >"$work/ul.out" 2>&1 </dev/null
        script -qec "$setup; ${tool_cmd[*]} $*" /dev/null >"$work/us.out" 2>&1 </dev/null
        if cmp -s "$work/ul.out" "$work/us.out"; then ok "tty: $name"; else bad "tty: $name" "$(diff "$work/ul.out" "$work/us.out" | head -10)"; fi
    }
    for cols in 200 94 93 80 75 74 60 40 20; do
        tty_same "$cols columns, --pid P" "stty cols $cols" --pid "$P"
    done
    for opts in "-o soft,hard,units,description" "-n -f -c" "--raw" "--noheadings -o resource,units" "-o units,description,soft"; do
        tty_same "50 columns, --pid P $opts" "stty cols 50" --pid "$P" "$opts"
    done
    tty_same "no width from the tty: COLUMNS=50" "stty cols 0; export COLUMNS=50" --pid "$P" -n -f
    tty_same "no width from the tty, no COLUMNS: 80" "stty cols 0; unset COLUMNS" --pid "$P"
    tty_same "the table before exec is seen on a terminal" "stty cols 100" -n -- true
fi

# A closed stdout is not an error to util-linux (EBADF is ignored).
capture ul sh -c 'prlimit >&-'
capture us sh -c '"$@" >&-' sh "${tool_cmd[@]}"
if cmp -s "$work/ul.rc" "$work/us.rc" && cmp -s "$work/ul.err" "$work/us.err"; then ok "closed stdout"; else bad "closed stdout" "$(cat "$work/ul.rc" "$work/ul.err" "$work/us.rc" "$work/us.err")"; fi

# 10. The binary: static, no interpreter, no dynamic section, no libc.
if readelf -lW "$bin" | grep -q INTERP || readelf -dW "$bin" 2>/dev/null | grep -q NEEDED; then
    bad "static: no PT_INTERP, no DT_NEEDED" "$(readelf -lW "$bin")"
else
    ok "static: no PT_INTERP, no DT_NEEDED"
fi

echo "$target: $pass passed, $fail failed"
[ "$fail" = 0 ]
