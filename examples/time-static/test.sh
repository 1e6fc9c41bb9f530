#!/usr/bin/env bash
# Compares the static time with GNU time 1.9 (Debian's package `time`, /usr/bin/time, the
# oracle) for one target: natively on x86_64, under qemu-user for the other architectures (the
# static prlimit's qemu.sh; a static binary needs no -L).
#
#   examples/time-static/test.sh [TARGET] [BINARY]
#
# Both run with argv[0] `time`, the same environment and the same command. Stdout, the exit
# code and the -o/-a files are compared byte for byte; so is stderr where every value in it is
# fixed (the exit status, the command, the page size, swaps, the averages, signals and socket
# messages, which Linux leaves 0, the messages); where it shows times, memory or counts that
# differ from run to run, it is compared in form: `.cc` and `:ss` stay two digits, any other
# run of digits becomes `N`. Then a
# differential of random format strings (a fixed seed; TIME_RANDOM formats, 300 by default),
# exact for the fixed specifiers and in form for all. Ends with "N passed, M failed".
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${1:-x86_64-unknown-linux-gnu}
bin=${2:-$("$here/build.sh" "$target")} || exit 1
random=${TIME_RANDOM:-300}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

. "$here/../prlimit-static/qemu.sh"
qemu_for "$target" || exit 2
qemu=$QEMU_PROGRAM
runner=()
[ -n "$qemu" ] && runner=("$(command -v "$qemu")")
if [ -n "$qemu" ] && [ -z "${runner[0]}" ]; then
    echo "test.sh: $qemu is needed (Debian package qemu-user)" >&2
    exit 2
fi
gnu=/usr/bin/time
[ -x "$gnu" ] && "$gnu" --version 2>/dev/null | grep -q 'GNU Time' ||
    { echo "test.sh: GNU time is needed as the oracle (Debian package time)" >&2; exit 2; }

# The page size the tool sees: the host's natively; under qemu-user the emulated machine's
# (qemu-loongarch64's pages are 16 KiB), which GNU time on the host cannot report. There the
# tool's own %Z is taken when it is a page size, and GNU time's value replaced by it in the
# exact comparisons (no other fixed value can be 4096).
host_page=$(getconf PAGESIZE)
page=$host_page
if [ -n "$qemu" ]; then
    page=$("${runner[@]}" "$bin" -f %Z true 2>&1)
    case $page in 4096 | 16384 | 65536) ;; *) echo "test.sh: the page size under $qemu: $page" >&2; exit 1 ;; esac
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $target: $1"; }
bad() {
    fail=$((fail + 1))
    echo "FAIL $target: $1"
    [ $# -gt 1 ] && sed 's/^/     | /' <<<"$2"
    return 0
}

# The environment of both runs: ENV (NAME=VALUE words) added to a clean one.
ENV=()
# Each tool with argv[0] `time`, in $work, with ENV; output into $work/{gnu,ours}.{out,err,rc}.
run_gnu() { env -i HOME="$HOME" PATH=/usr/bin:/bin "${ENV[@]}" /bin/bash -c 'exec -a time "$0" "$@"' "$gnu" "$@" >gnu.out 2>gnu.err; echo $? >gnu.rc; }
run_ours() {
    if [ ${#runner[@]} -eq 0 ]; then
        env -i HOME="$HOME" PATH=/usr/bin:/bin "${ENV[@]}" /bin/bash -c 'exec -a time "$0" "$@"' "$bin" "$@" >ours.out 2>ours.err
    else
        env -i HOME="$HOME" PATH=/usr/bin:/bin "${ENV[@]}" "${runner[@]}" -0 time "$bin" "$@" >ours.out 2>ours.err
    fi
    echo $? >ours.rc
}
# The form of a report: two digits after `.` or `:` stay two digits (`%E`'s m:ss.cc), any other
# run of digits is `N`.
form() { sed -E 's/([.:])[0-9][0-9]/\1DD/g; s/[0-9]+/N/g' "$@"; }
# Looser, for random formats, where numbers may touch (`:%s%P` prints `:0100%`): every run of
# digits is `N`.
loose() { sed -E 's/[0-9]+/N/g' "$@"; }

# check MODE NAME ARGS...: runs both, compares stdout and the exit code exactly, stderr by MODE
# (`exact`, `form` or `loose`), and FILE (when set) by MODE.
FILE=
check() {
    local mode=$1 name=$2 diff_out
    shift 2
    rm -f "${FILE:-/nonexistent}"
    [ -n "$FILE" ] && [ -n "${FILE_INIT:-}" ] && printf '%s\n' "$FILE_INIT" >"$FILE"
    run_gnu "$@"
    [ -n "$FILE" ] && { cp "$FILE" gnu.file 2>/dev/null || : >gnu.file; rm -f "$FILE"; }
    [ -n "$FILE" ] && [ -n "${FILE_INIT:-}" ] && printf '%s\n' "$FILE_INIT" >"$FILE"
    run_ours "$@"
    [ -n "$FILE" ] && { cp "$FILE" ours.file 2>/dev/null || : >ours.file; rm -f "$FILE"; }
    local pairs=(out rc err)
    [ -n "$FILE" ] && pairs+=(file)
    if [ "$page" != "$host_page" ]; then
        sed -i "s/$host_page/$page/g" gnu.err
        [ -n "$FILE" ] && sed -i "s/$host_page/$page/g" gnu.file
    fi
    for p in "${pairs[@]}"; do
        if [[ $mode != exact && ($p == err || $p == file) ]]; then
            diff_out=$(diff <($mode "gnu.$p") <($mode "ours.$p"))
        else
            diff_out=$(diff "gnu.$p" "ours.$p")
        fi
        if [ -n "$diff_out" ]; then
            bad "$name ($p differs: < GNU time, > ours)" "$diff_out"
            return
        fi
    done
    ok "$name"
}

# Fixed values only: exit status, command, page size, swaps, the averages, signals, sockets.
fixed='%x|%C|%Z|%W|%X|%D|%K|%p|%t|%k|%r|%s|%%|%q|%-|\t|\n|\\|\q'
printf 'echo from a script without #!; exit 5\n' >script
chmod +x script
printf 'no exec bits\n' >noexec
mkdir -p dir/sub
printf '#!/bin/sh\nexit 6\n' >dir/here
chmod +x dir/here

echo "== the fixed values, exactly"
check exact "fixed, exit 0" -f "$fixed" true
check exact "fixed, exit 3" -f "$fixed" sh -c 'exit 3'
check exact "fixed, killed by 9" -f "$fixed" sh -c 'kill -9 $$'
check exact "fixed, killed by 15" -f "$fixed" sh -c 'kill -TERM $$'
check exact "fixed, killed, -q" -q -f "$fixed" sh -c 'kill -9 $$'
check exact "fixed, exit 3, -q" -q -f '%x' sh -c 'exit 3'
check exact "fixed, missing command" -f "$fixed" ./no-such-command
check exact "fixed, missing command on PATH" -f "$fixed" no-such-command
check exact "fixed, not executable (126)" -f "$fixed" ./noexec
check exact "fixed, a directory (126)" -f "$fixed" ./dir
check exact "fixed, empty command name" -f "$fixed" ''
check exact "fixed, script without #! through /bin/sh" -f "$fixed" ./script a b
ENV=(PATH="$work/dir:/usr/bin:/bin")
check exact "fixed, PATH search" -f '%x %C' here
ENV=(PATH=":/usr/bin:/bin")
check exact "fixed, empty PATH entry is the current directory" -f '%x %C' script
ENV=(PATH="$work/noexec-dir:$work")
check exact "fixed, PATH: EACCES then not found" -f '%x %C' noexec
ENV=()
check exact "fixed, no PATH: /bin:/usr/bin" -f '%x' sh -c 'exit 0'
check exact "fixed, many arguments" -f '%C' printf '%s' a 'b c' '' "d'e" '%C' '\n'
check exact "-f text only" -f 'just text' true
check exact "-f empty" -f '' true
check exact "-f lone % at the end (no newline)" -f 'abc%' true
check exact "-f unknown specifiers" -f '%a%b%d%f%g%h%i%j%l%m%n%o%q%u%v%y%z%A%B%G%H%J%L%N%Q%T%V%Y%0%!%\' true
check exact "-f escapes" -f 'a\tb\nc\\d\qe\%' true
check exact "--format=" --format='%x%%' sh -c 'exit 7'
check exact "--format X" --format '%C' true
check exact "--form=, abbreviated" --form='%x' true
check exact "-fFORMAT" '-f%x.' true
check exact "-qf FORMAT" -qf '%x' sh -c 'exit 2'
ENV=(TIME='%x TIME %C')
check exact "TIME" sh -c 'exit 4'
check exact "-f over TIME" -f '%x f' true
ENV=(TIME=)
check exact "TIME empty" true
ENV=()
check form "-p, exit 3: no status line" -p sh -c 'exit 3'
check exact "-- ends the options" -f '%C' -- -f x
check exact "the command's options are its own" -f '%C' sh -c 'exit 0' -f -v
check exact "SIGINT and SIGQUIT ignored while waiting" -f '%x' sh -c 'sleep 0.2; kill -INT $PPID; kill -QUIT $PPID; sleep 0.2; exit 4'

echo "== the options and their messages"
check exact "--help" --help
check exact "--help after an option" -q --help true
check exact "--hel" --hel
check exact "-V" -V
check exact "--version" --version true
check exact "--verb --vers" --verb --vers
check exact "no command" 
check exact "no command after options" -q -p
check exact "-h is invalid" -h true
check exact "invalid option" -x true
check exact "invalid option in a cluster" -qvx true
check exact "unrecognized long option" --foo true
check exact "unrecognized long option with =" --foo=bar true
check exact "ambiguous --v" --v true
check exact "ambiguous --ver=x" --ver=x true
check exact "--help=x" --help=x true
check exact "--app=1" --app=1 true
check exact "--quiet=" --quiet= true
check exact "-f without its argument" -f
check exact "--format without its argument" --format
check exact "--fo without its argument" --fo
check exact "-o without its argument" -o
check exact "--output-file without its argument" --output-file
check exact "-o into a missing directory" -o "$work/none/x" true
check exact "-o a directory" -o "$work/dir" true
check exact "-o unwritable" -o /proc/version true
check exact "- is a command" -f '%x' -
long=$(printf '%%x%%C\\n%.0s' {1..800})
check exact "a report over 4096 bytes" -f "$long" true
check exact "-o /dev/full, a short report: the error is lost as in GNU time's fflush" -o /dev/full -f '%C' true
check exact "-o /dev/full, a report over 4096 bytes: write error, exit 1" -o /dev/full -f "$long" true
FILE=$work/report
check exact "-o FILE, a report over 4096 bytes" -o "$FILE" -f "$long" true
check exact "-o FILE" -o "$FILE" -f '%x %C' sh -c 'exit 9'
check exact "--output=FILE" --output="$FILE" -f '%x' true
check exact "--output-file FILE" --output-file "$FILE" -f '%x' true
check exact "-o FILE, killed" -o "$FILE" -f '%x' sh -c 'kill -9 $$'
FILE_INIT="old line"
check exact "-o FILE truncates" -o "$FILE" -f '%x' true
check exact "-a -o FILE appends" -a -o "$FILE" -f '%x' true
check exact "--append --output FILE" --append --output "$FILE" -f '%C' sh -c 'exit 1'
check exact "-a without -o" -a -f '%x' true
FILE_INIT=
check form "-o FILE -v" -o "$FILE" -v sh -c 'exit 3'
check form "-o FILE default" -o "$FILE" true
FILE=

echo "== the formats with times, memory and counts, in form"
for cmd in true "sh -c 'exit 3'" "sh -c 'kill -9 \$\$'" no-such-command; do
    eval "set -- $cmd"
    check form "default format: $cmd" "$@"
    check form "-p: $cmd" -p "$@"
    check form "-v: $cmd" -v "$@"
    check form "-q -v: $cmd" -q -v "$@"
    check form "-p -v: $cmd" -p -v "$@"
    check form "-v -p: $cmd" -v -p "$@"
    check form "-p -f: $cmd" -p -f '%e %E %U %S %P %M %F %R %I %O %w %c' "$@"
    check form "-f -p: $cmd" -f '%x' -p "$@"
done
check form "every specifier" -f '%C|%D|%E|%F|%I|%K|%M|%O|%P|%R|%S|%U|%W|%X|%Z|%c|%e|%k|%p|%r|%s|%t|%w|%x|%%' sh -c 'exit 1'
ENV=(TIME='%e %P %M')
check form "TIME with varying values" true
check form "-p over TIME" -p true
ENV=()
check form "%E and %e of a 0.3 s sleep" -f '%E %e' sleep 0.3

echo "== stderr unwritable: write error, exit 1 (the message is lost too)"
env -i PATH=/usr/bin:/bin /bin/bash -c 'exec -a time "$0" "$@"' "$gnu" -f '%C' true 2>/dev/full
gnu_rc=$?
if [ ${#runner[@]} -eq 0 ]; then
    env -i PATH=/usr/bin:/bin /bin/bash -c 'exec -a time "$0" "$@"' "$bin" -f '%C' true 2>/dev/full
else
    env -i PATH=/usr/bin:/bin "${runner[@]}" -0 time "$bin" -f '%C' true 2>/dev/full
fi
ours_rc=$?
if [ "$gnu_rc" = 1 ] && [ "$ours_rc" = 1 ]; then ok "2>/dev/full: exit 1"; else bad "2>/dev/full" "GNU $gnu_rc, ours $ours_rc"; fi

echo "== GNU time 1.9 reads past a trailing backslash (our one difference): equal up to it"
run_gnu -f 'abc\' true
run_ours -f 'abc\' true
if [ "$(head -c 5 gnu.err)" = 'abc?\' ] && [ "$(cat ours.err)" = 'abc?\' ] && cmp -s gnu.rc ours.rc; then
    ok "trailing backslash: abc?\\ then (GNU) a NUL and what follows in memory, (ours) the newline"
else
    bad "trailing backslash" "$(od -c gnu.err | head -3; od -c ours.err | head -3)"
fi

echo "== random format strings (seed 20, $random of each kind)"
# Each line: a format. The first half uses the fixed specifiers (compared exactly), the second
# every specifier (compared in form, each run of digits as one). No trailing lone backslash (the difference above).
python3 - "$random" >formats <<'EOF'
import random, sys
n = int(sys.argv[1])
rng = random.Random(20)
fixed = list("xCZWXDKptkrs%") + list("aqjyAB!-0 ")
every = fixed + list("EFIMOPRSUcewe")
pieces = ["\\n", "\\t", "\\\\", "\\q", "\\%", "a", "b", " ", ":", "%%", "(", ")", "k"]
for spec_set in (fixed, every):
    for _ in range(n):
        out = []
        for _ in range(rng.randint(0, 12)):
            r = rng.random()
            if r < 0.55:
                out.append("%" + rng.choice(spec_set))
            elif r < 0.9:
                out.append(rng.choice(pieces))
            else:
                out.append(chr(rng.randint(33, 126)).replace("\\", "/"))
        f = "".join(out)
        if rng.random() < 0.1:
            f += "%"
        print(f)
EOF
i=0
rand_pass=0
rand_fail=0
while IFS= read -r f; do
    i=$((i + 1))
    mode=exact
    ((i > random)) && mode=loose
    before=$fail
    # Alternate the command's outcome: exit 0, a non-zero exit, a signal.
    case $((i % 3)) in
        0) check "$mode" "random $mode #$i: $f" -f "$f" true ;;
        1) check "$mode" "random $mode #$i: $f" -f "$f" sh -c 'exit 42' ;;
        2) check "$mode" "random $mode #$i: $f" -f "$f" sh -c 'kill -TERM $$' ;;
    esac >"$work/one" 2>&1
    if ((fail > before)); then
        cat "$work/one"
        rand_fail=$((rand_fail + 1))
    else
        rand_pass=$((rand_pass + 1))
    fi
done <formats
echo "random formats: $rand_pass equal, $rand_fail differ"

echo "$target: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
