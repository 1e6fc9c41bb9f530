# The shell library of .ci/: sourced, never run. It reads the table of targets (.ci/targets.md),
# installs what a script needs (Debian packages, rustup targets and toolchains), checks that
# executables are static, builds the test executables of one configuration, runs them, and
# keeps the one tally every script reports in: one line per check or run, then
# `N passed, M failed`.
#
#   source "$(dirname "$0")/lib.sh"

CI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CI_TARGETS_FILE=$CI_ROOT/.ci/targets.md
CI_HOST=x86_64-unknown-linux-gnu
# Where the configurations' builds go: one cargo target directory each (their flags differ),
# shared by .ci/test (which builds and runs them) and .ci/kernels (which boots the same
# executables), kept outside the clone between runs. Cargo keys every unit it builds by its
# inputs (sources, flags, toolchain, and the package's path), so a warm run rebuilds only what
# changed, and a fresh clone finds its dependencies built: the standard library of the
# build-std targets takes minutes to build. .ci/run empties it when it grows past its limit.
CI_BUILD_DIR=${LINUX_RESOURCE_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/linux-resource/builds}
# What one run of this clone knows of its builds (the lists of test executables): in the clone.
CI_TARGET_DIR=${CARGO_TARGET_DIR:-$CI_ROOT/target}/ci
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

# ---------------------------------------------------------------------------------------------
# The table of targets: CONFIGS and KERNELS (names, in the table's order); config NAME FIELD and
# kernel NAME FIELD give a cell (`-` is an empty one).
declare -a CONFIGS=() KERNELS=()
declare -A CI_CELL=()
ci_load_targets() {
    local line table=0 i name
    local -a header=() cells=()
    while IFS= read -r line; do
        [[ $line == '|'* ]] || continue
        [[ $line == '|---'* ]] && continue
        IFS='|' read -ra cells <<<"${line#|}"
        for i in "${!cells[@]}"; do
            cells[i]=${cells[i]#"${cells[i]%%[![:space:]]*}"}
            cells[i]=${cells[i]%"${cells[i]##*[![:space:]]}"}
        done
        if [[ ${cells[0]} == name || ${cells[0]} == kernel ]]; then
            table=$((table + 1))
            header=("${cells[@]}")
            continue
        fi
        name=${cells[0]}
        ((table == 1)) && CONFIGS+=("$name") || KERNELS+=("$name")
        for i in "${!header[@]}"; do
            CI_CELL[$table:$name:${header[i]}]=${cells[i]:-}
        done
    done <"$CI_TARGETS_FILE"
    ((${#CONFIGS[@]} && ${#KERNELS[@]})) || { echo "no targets read from $CI_TARGETS_FILE" >&2; return 1; }
}
config() { # NAME FIELD
    [[ -n ${CI_CELL[1:$1:name]+set} ]] || { echo "no configuration $1 in .ci/targets.md" >&2; return 1; }
    local v=${CI_CELL[1:$1:$2]-}
    [[ $v == - ]] && v=
    printf '%s' "$v"
}
kernel() { # NAME FIELD
    [[ -n ${CI_CELL[2:$1:kernel]+set} ]] || { echo "no kernel $1 in .ci/targets.md" >&2; return 1; }
    local v=${CI_CELL[2:$1:$2]-}
    [[ $v == - ]] && v=
    printf '%s' "$v"
}
ci_load_targets
# The qemu-system command that boots kernel NAME: its row's `qemu`, and what every boot adds (no
# display, no reboot, one CPU, and 1 GiB of memory unless the row names its own `-m`: a board
# such as realview-eb has at most 256 MB).
kernel_qemu() { # NAME
    local q
    q=$(kernel "$1" qemu) || return 1
    [[ " $q " == *" -m "* ]] || q+=" -m 1G"
    printf '%s -nographic -no-reboot -smp 1' "$q"
}
# Boots IMAGE of kernel NAME with INITRD under its qemu-system command (kernel_qemu) within
# TIMEOUT seconds, the console (carriage returns removed) in LOG, and returns qemu's status (124:
# timed out). The guest's restart ends qemu (-no-reboot) on every board but realview-eb, whose
# system controller ignores the reset (qemu 7.2: RESETCTL is RAZ/WI on the EB), so that the
# kernel stops there after its "reboot: Restarting system" (or, after a panic, "Reboot failed
# -- System halted"; under `quiet` a restart's failure says nothing): 5 s after either line,
# a qemu still running is ended, and the boot counts as restarted (status 0).
kernel_boot() { # NAME IMAGE INITRD LOG TIMEOUT APPEND...
    local k=$1 image=$2 initrd=$3 log=$4 timeout_s=$5 qemu pid rc halted=false since=0
    shift 5
    read -ra qemu <<<"$(kernel_qemu "$k")"
    local append="console=$(kernel "$k" console) panic=-1 quiet" handover
    if [[ ${qemu[0]} == qemu-system-loongarch64 ]]; then
        # qemu 7.2's loongarch64 virt board leaves -append and -initrd to firmware (in fw_cfg)
        # and starts the kernel with every register zero; the kernel reads its command line at
        # the physical address in a1 (0), and finds the initramfs there as initrd=ADDRESS,SIZE.
        # So both are loaded where it looks: the command line at 0 (the first 2 MiB, which the
        # kernel keeps for itself), the initramfs at 128 MiB (above the kernel, below 256 MiB).
        printf '%s\0' "$append initrd=0x8000000,$(stat -c %s "$initrd") $*" >"$log.cmdline"
        handover=(-device "loader,file=$log.cmdline,addr=0,force-raw=on"
            -device "loader,file=$initrd,addr=0x8000000,force-raw=on")
    else
        handover=(-initrd "$initrd" -append "$append $*")
    fi
    timeout "$timeout_s" "${qemu[@]}" -kernel "$image" "${handover[@]}" \
        </dev/null >"$log.raw" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if ((since)) ||
            grep -qsaE 'reboot: Restarting system|Reboot failed -- System halted' "$log.raw"; then
            if ((++since > 10)); then
                halted=true
                kill "$pid"
                break
            fi
        fi
        sleep 0.5
    done
    wait "$pid"
    rc=$?
    $halted && rc=0
    tr -d '\r' <"$log.raw" >"$log"
    rm -f "$log.raw" "$log.cmdline"
    return "$rc"
}
# The Debian packages of the qemu-system commands that boot the kernels NAME...
kernel_qemu_packages() { # NAME...
    local k
    for k in "$@"; do
        case $(kernel "$k" qemu) in
        qemu-system-x86_64* | qemu-system-i386*) echo qemu-system-x86 ;;
        qemu-system-aarch64* | qemu-system-arm*) echo qemu-system-arm ;;
        qemu-system-riscv64*) echo qemu-system-misc opensbi ;;
        # the ROMs qemu looks for at start on those boards (pseries: seabios's vgabios-stdvga.bin;
        # Malta: ipxe-qemu's efi-pcnet.rom), which qemu-system-x86 brings along otherwise: a run
        # without an x86 kernel failed without them
        qemu-system-ppc*) echo qemu-system-ppc seabios ;;
        qemu-system-mips*) echo qemu-system-mips ipxe-qemu ;;
        *) echo qemu-system-misc ;;
        esac
    done | tr ' ' '\n' | awk '!seen[$0]++'
}
# The configurations with a static tool size budget (the `tool` column), in the table's order:
# all of them, or those of CONFIG... (exit 2 naming one that has none). Used by .ci/prlimit-tool
# and .ci/time-tool.
tool_configs() { # [CONFIG...]
    local name
    for name in "$@"; do
        [[ -n $(config "$name" tool 2>/dev/null) ]] ||
            { echo "no configuration $name with a tool budget in .ci/targets.md" >&2; return 2; }
    done
    for name in "${CONFIGS[@]}"; do
        [[ -n $(config "$name" tool) ]] || continue
        (($#)) && [[ " $* " != *" $name "* ]] && continue
        echo "$name"
    done
}

# ---------------------------------------------------------------------------------------------
# The tally: say adds a line to the summary; pass and fail count one check; add_counts adds a
# run's counts; report prints the summary and `N passed, M failed`, and fails if anything did.
CI_PASSED=0
CI_FAILED=0
declare -a CI_SUMMARY=()
# A section's heading gives the seconds since the script started, so that a log shows where the
# time went.
section() { printf '\n==== %s  [%d s]\n' "$*" "$SECONDS"; }
say() { CI_SUMMARY+=("$*"); }
pass() { say "$1"; CI_PASSED=$((CI_PASSED + 1)); }
fail() { say "$1: FAILED${2:+ ($2)}"; CI_FAILED=$((CI_FAILED + 1)); }
add_counts() { CI_PASSED=$((CI_PASSED + $1)); CI_FAILED=$((CI_FAILED + $2)); }
# Adds the last `N passed, M failed` line of LOG (a sub-script's own tally) to this tally, as
# LABEL's line; a log without such a line is a failure.
add_log_counts() { # LABEL LOG
    local line
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed$' "$2" | tail -1)
    if [[ -z $line ]]; then
        fail "$1" "no result"
        return
    fi
    [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]
    add_counts "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    say "$1: $line"
}
# add_log_counts after printing LOG but its `ok ` lines (a sub-script's passing checks).
tally_log() { # LABEL LOG
    grep -v '^ok ' "$2"
    add_log_counts "$1" "$2"
}
report() { # TITLE
    section "summary${1:+ of $1}"
    printf '%s\n' "${CI_SUMMARY[@]}"
    echo "$CI_PASSED passed, $CI_FAILED failed"
    ((CI_FAILED == 0))
}

# ---------------------------------------------------------------------------------------------
# Installing. apt-get update runs at most once per script, and only when something is missing.
# Every apt-get of .ci/ holds CI_APT_LOCK, so that two scripts never run apt at once (.ci/run
# makes the kernels in the background while .ci/test installs; `apt-get update` does not wait
# for the lock of the lists another one holds, it fails).
CI_APT_LOCK=${TMPDIR:-/tmp}/linux-resource-apt.lock
CI_APT_UPDATED=false
ensure_packages() { # PACKAGE...
    local -A ok=()
    local p st missing=()
    while IFS=$'\t' read -r p st; do
        [[ $st == installed ]] && ok[$p]=1
    done < <(dpkg-query -W -f '${Package}\t${db:Status-Status}\n' "$@" 2>/dev/null || true)
    for p in "$@"; do [[ -n ${ok[${p%%:*}]:-} ]] || missing+=("$p"); done
    ((${#missing[@]})) || return 0
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    echo "installing Debian packages: ${missing[*]}" >&2
    if ! $CI_APT_UPDATED; then
        flock "$CI_APT_LOCK" "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 ||
            echo "apt-get update reported errors; going on" >&2
        CI_APT_UPDATED=true
    fi
    DEBIAN_FRONTEND=noninteractive flock "$CI_APT_LOCK" "${sudo[@]}" \
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        "${missing[@]}" >&2 ||
        { echo "apt-get install ${missing[*]} failed" >&2; return 1; }
}
ensure_rust_targets() { # TARGET...
    local installed t
    installed=$(rustup target list --installed)
    for t in "$@"; do
        grep -qx "$t" <<<"$installed" || rustup target add "$t" >&2 ||
            { echo "rustup target add $t failed" >&2; return 1; }
    done
}
ensure_toolchain() { # TOOLCHAIN [COMPONENT...]
    local toolchain=$1 c
    shift
    rustup run "$toolchain" rustc --version >/dev/null 2>&1 ||
        rustup toolchain install "$toolchain" --profile minimal >&2 ||
        { echo "rustup toolchain install $toolchain failed" >&2; return 1; }
    for c in "$@"; do
        rustup component list --toolchain "$toolchain" --installed | grep -q "^$c" ||
            rustup component add --toolchain "$toolchain" "$c" >&2 ||
            { echo "rustup component add $c failed" >&2; return 1; }
    done
}
# zig, the linker (.ci/zig-cc) of a cross musl configuration without a gcc (loongarch64): the
# pinned ziglang wheel from PyPI, installed outside the clone (about 380 MB) and kept; it
# builds musl for the target on first use, into its own cache beside it (about 40 s).
# Sets LINUX_RESOURCE_ZIG and ZIG_GLOBAL_CACHE_DIR.
CI_ZIG_VERSION=0.15.2
CI_ZIG_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/linux-resource/ziglang-$CI_ZIG_VERSION
export ZIG_GLOBAL_CACHE_DIR=${ZIG_GLOBAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/linux-resource/zig-cache}
export LINUX_RESOURCE_ZIG=$CI_ZIG_DIR/ziglang/zig
ensure_zig() {
    [[ -x $LINUX_RESOURCE_ZIG ]] && return 0
    echo "installing ziglang $CI_ZIG_VERSION (PyPI) into $CI_ZIG_DIR" >&2
    # pip --target skips PEP 668's externally-managed check: Debian's own pip will do.
    python3 -m pip --version >/dev/null 2>&1 || ensure_packages python3-pip || return 1
    python3 -m pip install --disable-pip-version-check --root-user-action=ignore -q --no-deps \
        --target "$CI_ZIG_DIR.tmp" \
        "ziglang==$CI_ZIG_VERSION" >&2 && rm -rf "$CI_ZIG_DIR" && mv "$CI_ZIG_DIR.tmp" "$CI_ZIG_DIR" ||
        { rm -rf "$CI_ZIG_DIR.tmp"; echo "pip install ziglang==$CI_ZIG_VERSION failed" >&2; return 1; }
}
# Whether configuration NAME links with zig (.ci/zig-cc): a cross musl target without a gcc.
uses_zig() { # NAME
    [[ -z $(config "$1" gcc) && $(config "$1" target) == *-linux-musl* && $(config "$1" qemu) != native ]]
}
# What building and running configuration NAME needs: its rustup target or nightly's rust-src,
# its gcc and libc (the linker, the header checks) or zig, and its qemu-user.
ensure_config() { # NAME...
    local name gcc debian packages=() targets=()
    for name in "$@"; do
        gcc=$(config "$name" gcc) debian=$(config "$name" debian)
        if [[ $(config "$name" toolchain) == build-std ]]; then
            ensure_toolchain nightly rust-src || return 1
        else
            targets+=("$(config "$name" target)")
        fi
        if [[ -n $gcc && $(config "$name" target) != "$CI_HOST" ]]; then
            packages+=("gcc-$gcc" "libc6-dev-$debian-cross" "linux-libc-dev-$debian-cross")
        fi
        [[ $(config "$name" qemu) == qemu-* ]] && packages+=(qemu-user)
        if uses_zig "$name"; then ensure_zig || return 1; fi
    done
    ensure_rust_targets "${targets[@]}" && ensure_packages gcc libc6-dev linux-libc-dev "${packages[@]}"
}

# ---------------------------------------------------------------------------------------------
# Building one configuration.
target_var() { # TARGET SUFFIX: cargo's per-target variable
    echo "CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$1")_$2"
}
# The command prefix that builds configuration NAME: sets CI_CARGO (cargo, and +nightly where
# it needs -Zbuild-std), CI_FLAGS (its cargo flags) and CI_ENV (the environment: target dir,
# linker, rustflags, runner), for `env "${CI_ENV[@]}" "${CI_CARGO[@]}" test "${CI_FLAGS[@]}"`.
config_cargo() { # NAME
    local name=$1 target gcc rustflags features qemu word others=()
    target=$(config "$name" target) gcc=$(config "$name" gcc) qemu=$(config "$name" qemu)
    features=+crt-static
    # The rustflags cell: `+feature` words first, then rustc flags as they are.
    for word in $(config "$name" rustflags); do
        if [[ $word == +* && ${#others[@]} == 0 ]]; then features+=,$word; else others+=("$word"); fi
    done
    rustflags="-C target-feature=$features${others[*]:+ ${others[*]}}"
    CI_CARGO=(cargo)
    CI_FLAGS=(--locked --all-features --target "$target")
    [[ $(config "$name" profile) == release ]] && CI_FLAGS+=(--release)
    if [[ $(config "$name" toolchain) == build-std ]]; then
        CI_CARGO=(cargo +nightly)
        # std built from source takes the build's profile: optimized, as rustup's std is (else
        # each test executable holds megabytes of unoptimized std), and without debug
        # information (the 32-bit Malta board has 256 MB for the initramfs and the tests).
        CI_FLAGS+=(-Zbuild-std --config 'profile.dev.package."*".opt-level=3')
        rustflags+=" -C strip=debuginfo"
        # loongarch64: Rust enables LSX by default, which qemu 7.2 does not implement.
        [[ $target == loongarch64-* ]] && rustflags="${rustflags/+crt-static/+crt-static,-lsx,-lasx}"
    fi
    # zig's musl and start files alone (Rust's own musl objects are not in a -Zbuild-std sysroot).
    uses_zig "$name" && rustflags+=" -C link-self-contained=no"
    CI_ENV=(CARGO_TARGET_DIR="$CI_BUILD_DIR/$name" "$(target_var "$target" RUSTFLAGS)=$rustflags")
    # rustdoc builds the doc-tests with RUSTDOCFLAGS, not the target's rustflags: the same flags,
    # so that the doc-tests are static too, and built with the row's features (on loongarch64
    # they held LSX code without them and died of SIGILL under qemu-loongarch64; the +sve and
    # +v doc-tests had no vector code).
    CI_ENV+=("RUSTDOCFLAGS=$rustflags")
    if [[ -n $gcc && $target != "$CI_HOST" ]]; then
        CI_ENV+=("$(target_var "$target" LINKER)=$gcc-gcc")
    elif uses_zig "$name"; then
        CI_ENV+=("$(target_var "$target" LINKER)=$CI_ROOT/.ci/zig-cc"
            LINUX_RESOURCE_ZIG_TARGET="${target%%-*}-linux-${target##*-linux-}")
    fi
    # qemu-user without -L (a sysroot for dynamic executables): everything it runs here is static.
    # With -L, qemu 7.2 looks every path a guest system call names up in the sysroot first, with
    # glib's g_build_filename, whose slice allocator is not fork-safe: a test that forked while
    # another thread of the test executable was in it left the child blocked on that lock for
    # good (seen twice in one run: a `pre_exec` child under qemu-ppc64, a fork of the fuzz replay
    # under qemu-arm; gdb: g_slice_alloc under path() in the child's execve).
    CI_RUNNER=
    if [[ $qemu == qemu-* ]]; then
        CI_RUNNER=$qemu
        CI_ENV+=("$(target_var "$target" RUNNER)=$CI_RUNNER" LINUX_RESOURCE_TEST_RUNNER="$CI_RUNNER")
    fi
}

# The test executables of configuration NAME, statically linked, listed one per line in
# $CI_TARGET_DIR/NAME/tests.txt as `NAME<TAB>PATH` (the lib's unit tests are `lib`). Built once:
# cargo keeps the build, so a second call (.ci/kernels after .ci/test) only lists them.
build_tests() { # NAME
    local name=$1 json list
    config_cargo "$name"
    json=$CI_TARGET_DIR/$name/build.json list=$CI_TARGET_DIR/$name/tests.txt
    mkdir -p "$CI_TARGET_DIR/$name"
    env "${CI_ENV[@]}" "${CI_CARGO[@]}" test "${CI_FLAGS[@]}" --no-run \
        --message-format=json-render-diagnostics >"$json" || return 1
    python3 - "$json" >"$list" <<'EOF' || return 1
import json, sys
n = 0
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        name = "lib" if "lib" in m["target"]["kind"] else m["target"]["name"]
        print(f"{name}\t{m['executable']}")
        n += 1
sys.exit(0 if n else 1)
EOF
    local exes=()
    mapfile -t exes < <(cut -f2 "$list")
    static_elf "${exes[@]}" || return 1
}
# The executables build_tests listed, by name.
test_executables() { # NAME
    cut -f2 "$CI_TARGET_DIR/$1/tests.txt"
}

# Whether every FILE is statically linked: no program interpreter, no shared library.
static_elf() { # FILE...
    local f bad=()
    for f in "$@"; do
        if readelf -lW "$f" | grep -q INTERP || readelf -dW "$f" | grep -q NEEDED; then
            bad+=("$f")
        fi
    done
    ((${#bad[@]} == 0)) || { echo "dynamically linked: ${bad[*]}" >&2; return 1; }
    (($#)) || { echo "no executables" >&2; return 1; }
}

# Tallies the libtest `test result:` lines of LOG: prints `passed failed ignored filtered
# results`.
libtest_counts() { # LOG
    awk '
        /^test result:/ {
            n++
            for (k = 2; k <= NF; k++) {
                if ($k == "passed;") p += $(k - 1)
                if ($k == "failed;") f += $(k - 1)
                if ($k == "ignored;") i += $(k - 1)
                if ($k == "filtered") s += $(k - 1)
            }
        }
        END { print p + 0, f + 0, i + 0, s + 0, n + 0 }' "$1"
}
