#!/usr/bin/env python3
"""Differential test of the static prlimit against util-linux's prlimit (the oracle).

    difftest.py [--tool BIN] [--oracle BIN] [--count N] [--seed S] [--modes M,...]
                [--show N] [--json FILE]

Generates COUNT random argument vectors (options, limit values, --pid targets, columns,
commands and PATHs, some of them malformed or very long) from SEED, and runs each through both
programs in every mode: the caller root or uid/gid 65534 (`nobody`: setresuid in a forked
helper), stdout a pipe or a pty (with a window size). Both programs run with argv[0]
`prlimit`, the same environment and working directory, stdin /dev/null, under a caller
process C with distinctive limits, beside a target process T with other distinctive limits
(both of the mode's user). `@T`, `@C` and `@NONE` (a pid nobody has) in a vector are those
pids. Compared after each pair of runs: the exit status, stdout and stderr (pids replaced by
their names; the program name normalised), the limits of T and of C afterwards (from
/proc/PID/limits: root here may lack CAP_SYS_RESOURCE, which reading another user's limits
through prlimit64 needs), and so the limits the command received (the command `@ORACLE` prints
its own limits).

A difference is a failure unless it is one the tool's README states, recognised by its exact
expected form:
- `eperm`: the reason this tool adds to "Operation not permitted" (removed before comparing);
- `junk-2.38`: a number or `unlimited` followed by junk ("5x", "10 ", "unlimitedXYZ"), which
  util-linux up to 2.39 takes (as 5, 10, unlimited) and 2.40 and later refuse, as this tool
  does: exit 1, `failed to parse RES limit`, no limit changed (the limits of T and C equal
  those of a run that sets nothing). Stated only when the oracle is older than 2.40 (its
  `--version`); against 2.40 or later such a difference is a failure;
- `negative`: a negative number but -1 ("-5", "-0"), which util-linux's strtoull wraps
  (18446744073709551611, 0) in every version, refused as above.
Blanks and `+` before a number (" 5", "+7", "5: 7") are taken by both, and compared as any
value.
- `usage-ambiguous`: getopt's list of possibilities for `--=...` ends with '--usage';
- `nofile-self`: NOFILE soft <= 3 set on the tool itself: util-linux adds `write error: Too
  many open files` at exit and exits 1 (its close_stdout's dup fails);
- `path-one-long-entry`: PATH a single entry of 4096 bytes or more: glibc's execvp tries
  nothing and fails with a stale errno (126), ours with ENOENT (127).
Not generated (stated in the README, tested by test.sh): `--usage` and its abbreviations,
`--help`, `--version`, `infinity`, more than 64 resource options, files the kernel refuses
with ENOEXEC. Pid 1 and other processes than T, C and the tool are never given a value.

Prints each failing vector (up to --show per kind and mode), a line per mode with its counts
per kind, then `N passed, M failed` (a vector in a mode is one check). Exits 1 on any failure.
"""

import argparse
import collections
import fcntl
import json
import os
import pty
import random
import re
import resource
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NOBODY = 65534

RESOURCES = [
    # name, long option, short option
    ("AS", "as", "v"), ("CORE", "core", "c"), ("CPU", "cpu", "t"), ("DATA", "data", "d"),
    ("FSIZE", "fsize", "f"), ("LOCKS", "locks", "x"), ("MEMLOCK", "memlock", "l"),
    ("MSGQUEUE", "msgqueue", "q"), ("NICE", "nice", "e"), ("NOFILE", "nofile", "n"),
    ("NPROC", "nproc", "u"), ("RSS", "rss", "m"), ("RTPRIO", "rtprio", "r"),
    ("RTTIME", "rttime", "y"), ("SIGPENDING", "sigpending", "i"), ("STACK", "stack", "s"),
]
# The host's resource numbers (Python's resource module lacks RLIMIT_LOCKS): the generic ones,
# those of every architecture the host runs this test on (not MIPS).
RLIMIT = {name: getattr(resource, "RLIMIT_" + name, number) for number, name in enumerate([
    "CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC", "NOFILE", "MEMLOCK", "AS", "LOCKS",
    "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME"])}
COLUMNS = ["DESCRIPTION", "RESOURCE", "SOFT", "HARD", "UNITS"]
# Long options the generator may abbreviate: none that is a prefix of usage, help or version.
LONG_OPTS = ["pid", "output", "noheadings", "raw", "verbose"] + [r[1] for r in RESOURCES]
UNLIMITED = resource.RLIM_INFINITY
PID_MAX = int(open("/proc/sys/kernel/pid_max").read())


# ---------------------------------------------------------------------------------------------
# The generator.

def number(rng):
    """A limit value: small (below any pid), or above pid_max, so that pids can be named."""
    k = rng.random()
    if k < 0.35:
        return str(rng.choice([0, 1, 2, 3, 4, 5, 7, 10, 20, 64, 100, 128, 200, 255, 299]))
    if k < 0.55:
        return str(rng.choice([PID_MAX + 1, 1048576, 8388608, 2**32 - 1, 2**32, 2**63 - 1,
                               2**64 - 2, 2**64 - 1, 2**64, 10**20]))
    if k < 0.75:
        return str(rng.randrange(PID_MAX + 1, 2**40))
    if k < 0.9:
        return "unlimited"
    return "-1"


def junk(rng):
    """Junk after a bare value: util-linux up to 2.39 takes it, 2.40 and this tool refuse it."""
    return rng.choice(["5x", "unlimitedXYZ", "10 ", "0x10", "1e3", "unlimitedunlimited",
                       "5 :7", " 5x"])


def negative(rng):
    """A negative number but -1: util-linux wraps it, this tool refuses it."""
    return rng.choice(["-5", "-2", "-0", ":-3", "-99:"])


def blank_plus(rng):
    """What util-linux 2.40 takes through strtoull, and this tool too: compared as usual."""
    return rng.choice([" 5", "+7", "+0", " 5:7", "5: 7", "\t6", ":+8", " -1", "+10:+20",
                       "  +3:"])


def value(rng, stats):
    """A limit value for an option: SOFT:HARD, SOFT:, :HARD, one value, junk."""
    k = rng.random()
    if k < 0.02:
        stats["junk"] = True
        v = junk(rng)
    elif k < 0.03:
        stats["negative"] = True
        v = negative(rng)
    elif k < 0.05:
        v = blank_plus(rng)
    elif k < 0.12:
        v = rng.choice(["", ":", "::", "abc", "unlimited:", ":unlimited", "1:2:3", "5:x",
                        "x:5", "18446744073709551616", "unlimited:unlimited", "-1:-1"])
    elif k < 0.45:
        v = number(rng)
    elif k < 0.6:
        v = number(rng) + ":"
    elif k < 0.75:
        v = ":" + number(rng)
    else:
        v = number(rng) + ":" + number(rng)
    if rng.random() < 0.12:
        v = "=" + v  # util-linux drops one leading '='
        if rng.random() < 0.2:
            v = "=" + v
    return v


def cpu_not_zero(name, v):
    """A CPU limit of 0 seconds kills the process at the next tick, or not, if it ended first
    (one in 10,000 runs here): a race, not a difference. 1 instead (no extra random draw)."""
    if name != "CPU":
        return v
    return re.sub(r"(?<![0-9])0+(?=:|$)", "1", v)


def nofile_self(rng):
    """NOFILE soft <= 3 set on the tool itself (the stated difference)."""
    return rng.choice(["--nofile=3", "-n3", "--nofile=0:100", "-n=2:", "--nofile=1"])


def pid_arg(rng):
    return rng.choice(["@T", "@T", "@T", "@C", "@C", "0", "@NONE", "abc", "12x", "-5", " 7",
                       "99999999999", "-99999999999", "", "+@T", "@T ", "0x10"])


def columns(rng):
    if rng.random() < 0.1:
        return rng.choice(["", ",", "soft,", ",soft", "soft,,hard", "foo", "soft,foo,hard",
                           "x" * rng.randrange(400, 700), "soft," * 11])
    cols = [rng.choice(COLUMNS) for _ in range(rng.randrange(1, 11))]
    cols = [c.lower() if rng.random() < 0.5 else c for c in cols]
    return ",".join(cols)


def long_junk(rng):
    n = rng.choice([1, 3, 8, 100, 505, 510, 511, 512, 600, 2000])
    return "".join(rng.choice("bjkwz") for _ in range(n))


def option(rng, stats, state):
    """One option (a list of arguments)."""
    k = rng.random()
    name, long_name, short = rng.choice(RESOURCES)
    if k < 0.3:  # a long resource option, maybe abbreviated, maybe with a value
        opt = "--" + abbreviate(rng, long_name)
        if rng.random() < 0.6:
            return [opt + "=" + cpu_not_zero(name, value(rng, stats))]
        return [opt]
    if k < 0.5:  # a short resource option, maybe with a value, maybe grouped
        if rng.random() < 0.5:
            return ["-" + short + cpu_not_zero(name, value(rng, stats))]
        group = "".join(rng.choice(RESOURCES)[2] for _ in range(rng.randrange(1, 4)))
        return ["-" + group + short]
    if k < 0.6:
        state["pid"] = True
        p = pid_arg(rng)
        return rng.choice([["--pid", p], ["-p", p], ["--pid=" + p], ["-p" + p], ["--p", p]])
    if k < 0.7:
        c = columns(rng)
        return rng.choice([["-o", c], ["--output", c], ["--output=" + c], ["-o" + c],
                           ["--out", c]])
    if k < 0.8:
        return [rng.choice(["--raw", "--noheadings", "--verbose", "--ra", "--noh", "--verb"])]
    if k < 0.84:
        return [nofile_self(rng)]
    # Malformed options.
    return [rng.choice([
        "--bogus", "--bogus=1", "-z", "-nz", "-cw", "--no", "--n", "--s", "--r", "--c",
        "--v", "--ve", "--ver", "--raw=1", "--verbose=x", "--noheadings=", "--=5", "--=",
        "--" + long_junk(rng), "--" + long_junk(rng) + "=1", "-" + long_junk(rng), "-",
        "-p", "-o", "--pid", "--output", "--nofile=" + "9" * 600,
    ])]


def abbreviate(rng, name):
    if rng.random() < 0.7:
        return name
    n = rng.randrange(1, len(name) + 1)
    return name[:n]


LONG_ENTRY = "/x" * 2100  # PATH entries cut from this: a directory that does not exist


def path_env(rng):
    k = rng.random()
    if k < 0.5:
        return "/usr/local/bin:/usr/bin:/bin"
    if k < 0.75:
        n = rng.choice([4085, 4089, 4090, 4091, 4092, 4093, 4094, 4095, 4096, 4097, 4100])
        entry = LONG_ENTRY[:n]
        return rng.choice([entry + ":/usr/bin:/bin", "/usr/bin:" + entry,
                           entry, entry + ":" + entry + ":/bin", ":" + entry + ":/bin"])
    return rng.choice([None, "", ":", "/nonexistent", "/nonexistent:/usr/bin", "/usr/bin:",
                       "::/bin", "/etc/passwd:/bin"])


def command(rng):
    long_name = "c" * rng.choice([200, 255, 256, 300])
    return rng.choice([
        ["true"], ["false"], ["sh", "-c", "exit 3"], ["@ORACLE"], ["@ORACLE"], ["@ORACLE"],
        ["/bin/true"], ["nonexistent-prlimit-cmd"], ["/nonexistent/cmd"], ["/etc/passwd"],
        ["./"], [""], [long_name], ["/tmp/" + long_name], ["5"], ["-"], ["unlimited"],
    ])


def vector(rng):
    """An argument vector (without argv[0]), its environment and its tags."""
    stats = {}
    state = {}
    argv = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 7])):
        argv += option(rng, stats, state)
    if rng.random() < 0.3:
        if rng.random() < 0.4:
            argv.append("--")
        argv += command(rng)
    env = {"LC_ALL": "C"}
    path = path_env(rng)
    if path is not None:
        env["PATH"] = path
    if rng.random() < 0.2:
        env["COLUMNS"] = rng.choice(["50", "20", "abc", "0", "1000"])
    return argv, env, stats


# ---------------------------------------------------------------------------------------------
# Running.

def fit(wanted):
    """The wanted (soft, hard) limits, brought under this process's hard limits."""
    out = {}
    for name, (soft, hard) in wanted.items():
        cur = resource.getrlimit(RLIMIT[name])[1]
        if cur != UNLIMITED and (hard == UNLIMITED or hard > cur):
            hard = cur
        if hard != UNLIMITED and (soft == UNLIMITED or soft > hard):
            soft = hard // 2
        out[name] = (soft, hard)
    return out


# Distinctive limits of the target T and of the caller C (values outside the pids' range).
T_LIMITS = fit({
    "NOFILE": (123, 256), "CORE": (100, UNLIMITED), "CPU": (100, 200),
    "FSIZE": (12345678901234567, 2**64 - 2), "AS": (1099511627776, UNLIMITED),
    "MSGQUEUE": (0, 819200), "MEMLOCK": (65536 * 1024, 8388608 * 2), "RTTIME": (1, 2),
})
C_LIMITS = fit({
    "NOFILE": (150, 290), "CORE": (0, 12345678901), "CPU": (250, UNLIMITED),
    "FSIZE": (2**40, UNLIMITED), "MSGQUEUE": (8192 * 100, 819200), "RTTIME": (7, 99),
    "LOCKS": (99, 199),
})


def become(limits, uid):
    for name, (soft, hard) in limits.items():
        resource.setrlimit(RLIMIT[name], (soft, hard))
    if uid:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)


def proc_limits(pid):
    try:
        with open(f"/proc/{pid}/limits") as f:
            return f.read()
    except OSError as e:
        return f"unreadable: {e.strerror}"


def read_all(fds, deadline):
    """Reads the fds until EOF on all (EIO on a pty master is its EOF)."""
    data = {fd: b"" for fd in fds}
    open_fds = set(fds)
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            return data, False
        ready, _, _ = select.select(list(open_fds), [], [], left)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                data[fd] += chunk
            else:
                open_fds.discard(fd)
    return data, True


def run(exe, argv, env, mode, cwd, none_pid, oracle, timeout=10):
    """Runs `exe` (argv[0] `prlimit`) under a caller C beside a target T, in `mode`."""
    uid = NOBODY if mode.startswith("nobody") else 0
    use_pty = mode.endswith("pty")
    t_ready_r, t_ready_w = os.pipe()
    t = os.fork()
    if t == 0:
        try:
            os.close(t_ready_r)
            become(T_LIMITS, uid)
            os.write(t_ready_w, b"x")
            os.close(t_ready_w)
            while True:
                signal.pause()
        finally:
            os._exit(0)
    os.close(t_ready_w)
    os.read(t_ready_r, 1)
    os.close(t_ready_r)

    if use_pty:
        out_r, out_w = pty.openpty()
        cols = int(env.get("_PTY_COLS", "80"))
        fcntl.ioctl(out_w, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    else:
        out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    info_r, info_w = os.pipe()
    go_r, go_w = os.pipe()
    c = os.fork()
    if c == 0:
        try:
            for fd in (out_r, err_r, info_r, go_w):
                os.close(fd)
            become(C_LIMITS, uid)
            subst = {"@T": str(t), "@C": str(os.getpid()), "@NONE": str(none_pid),
                     "@ORACLE": oracle}
            args = ["prlimit"] + [re.sub("@T|@C|@NONE|@ORACLE", lambda m: subst[m.group()], a)
                                  for a in argv]
            environ = {k: v for k, v in env.items() if not k.startswith("_")}
            p = os.fork()
            if p == 0:
                try:
                    os.chdir(cwd)
                    null = os.open("/dev/null", os.O_RDONLY)
                    os.dup2(null, 0)
                    os.dup2(out_w, 1)
                    os.dup2(err_w, 2)
                    os.closerange(3, 1 << 16)
                    for s in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGXCPU):
                        signal.signal(s, signal.SIG_DFL)
                    os.execve(exe, args, environ)
                finally:
                    os._exit(99)
            os.close(out_w)
            os.close(err_w)
            os.write(info_w, f"{p}\n".encode())
            _, status = os.waitpid(p, 0)
            os.write(info_w, f"{status}\n".encode())
            os.close(info_w)
            os.read(go_r, 1)
        finally:
            os._exit(0)
    for fd in (out_w, err_w, info_w, go_r):
        os.close(fd)
    data, done = read_all([out_r, err_r, info_r], time.monotonic() + timeout)
    info = data[info_r].decode().split()
    self_pid = info[0] if info else "?"
    if done and len(info) == 2:
        status = int(info[1])
        code = os.waitstatus_to_exitcode(status)
    else:
        code = "timeout"
    result = {
        "rc": code,
        "out": data[out_r],
        "err": data[err_r],
        "T": proc_limits(t),
        "C": proc_limits(c),
        "pids": {str(t): "@T", str(c): "@C", self_pid: "@SELF", str(none_pid): "@NONE"},
    }
    os.write(go_w, b"x")
    for fd in (out_r, err_r, info_r, go_w):
        os.close(fd)
    if code == "timeout" and self_pid.isdigit():
        try:
            os.kill(int(self_pid), signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in (t, c):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    return result


# ---------------------------------------------------------------------------------------------
# Comparing.

EPERM_REASON = re.compile(rb"(: Operation not permitted) \(.*\)$", re.M)


def normalise(result, program):
    def pids(text):
        for pid, name in result["pids"].items():
            # Not \b: a pid glued to a letter ("-p1234", an -o argument) has no word boundary.
            text = re.sub(rb"(?<![0-9])" + pid.encode() + rb"(?![0-9])", name.encode(), text)
        return text
    err = result["err"].replace(program.encode() + b":", b"prlimit:")
    return {
        "rc": result["rc"],
        "out": pids(result["out"]),
        "err": pids(EPERM_REASON.sub(rb"\1", err)),
        "T": result["T"],
        "C": result["C"],
    }


def differences(a, b):
    return [k for k in ("rc", "out", "err", "T", "C") if a[k] != b[k]]


def stated(stats, path, ul, us, base, oracle_version):
    """The stated difference that explains `us` against `ul`, or None. `base`: the tool's run
    that sets nothing, in the same mode; `oracle_version`: util-linux's, as (major, minor)."""
    # NOFILE soft <= 3 on the tool itself: util-linux's exit-time dup() fails.
    extra = b"prlimit: write error: Too many open files\n"
    if (ul["rc"] == 1 and ul["err"].endswith(extra) and ul["err"][: -len(extra)] == us["err"]
            and ul["out"] == us["out"] and ul["T"] == us["T"] and ul["C"] == us["C"]):
        return "nofile-self"
    # --=...: getopt's possibilities, and ours.
    amb = re.compile(rb"^(prlimit: option '--=[^\n]*' is ambiguous; possibilities:[^\n]*)$", re.M)
    if amb.sub(rb"\1 '--usage'", ul["err"]) == us["err"] and differences(ul, us) == ["err"]:
        return "usage-ambiguous"
    # PATH one entry of 4096 bytes or more: glibc's execvp returns without trying anything,
    # with whatever errno an earlier call left (util-linux: 126 and, say, "Inappropriate
    # ioctl for device"); ours: ENOENT, 127.
    fail = re.compile(rb"(prlimit: failed to execute [^\n]*): [^:\n]*\n\Z")
    m_ul, m_us = fail.search(ul["err"]), fail.search(us["err"])
    if (len(path) >= 4096 and ":" not in path and m_ul and m_us and ul["rc"] == 126
            and us["rc"] == 127 and us["err"].endswith(b": No such file or directory\n")
            and ul["err"][: m_ul.start()] + m_ul.group(1) == us["err"][: m_us.start()] + m_us.group(1)
            and ul["out"] == us["out"] and ul["T"] == us["T"] and ul["C"] == us["C"]):
        return "path-one-long-entry"
    # A value refused on purpose: exit 1, the parse message, nothing changed (T and C as a run
    # that sets nothing leaves them).
    refused = (us["rc"] == 1 and us["out"] == b"" and us["T"] == base["T"]
               and us["C"] == base["C"]
               and re.fullmatch(rb"prlimit: failed to parse [A-Z]+ limit\n", us["err"]))
    if stats.get("junk") and oracle_version < (2, 40) and refused:
        return "junk-2.38"
    if stats.get("negative") and refused:
        return "negative"
    return None


def kind(argv, env, ul, us):
    """A name for an unstated difference, for the counts."""
    text = " ".join(argv)
    if re.search(r"(^| )(--[a-z]+=|-[a-z]+)=", text):
        return "leading-equals"
    if any(len(line) > 511 for line in ul["err"].split(b"\n")):
        return "message-cut"
    if b"write error" in ul["err"] + us["err"]:
        return "write-error"
    if any(len(e) >= 4085 for e in env.get("PATH", "").split(":")):
        return "path-long-entry"
    if any(len(a) >= 256 and not a.startswith("-") for a in argv):
        return "long-command-name"
    return "other"


def show(argv, env, mode, what, ul, us, out):
    print(f"FAIL {mode} ({what}): prlimit {' '.join(repr(a) if len(a) < 80 else repr(a[:60] + '...') for a in argv)}"
          f"  PATH={env.get('PATH', '(unset)')[:60]!r}", file=out)
    for k in differences(ul, us):
        a, b = ul[k], us[k]
        if isinstance(a, bytes):
            a, b = a[-300:], b[-300:]
        print(f"     | {k}: util-linux {a!r}", file=out)
        print(f"     | {k}: ours       {b!r}", file=out)


def version_of(prlimit):
    """util-linux's version, (major, minor), from `prlimit --version`."""
    text = subprocess.run([prlimit, "--version"], capture_output=True, text=True).stdout
    m = re.search(r"util-linux (\d+)\.(\d+)", text)
    if not m:
        raise SystemExit(f"difftest: no util-linux version in {prlimit} --version: {text!r}")
    return int(m.group(1)), int(m.group(2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", default=os.path.join(
        HERE, "target/x86_64-unknown-linux-gnu/release/prlimit"))
    ap.add_argument("--oracle", default="/usr/bin/prlimit")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--modes", default="root-pipe,root-pty,nobody-pipe,nobody-pty"
                    if os.getuid() == 0 else "user-pipe,user-pty",
                    help="CALLER-OUTPUT: CALLER nobody (uid 65534, from root) or root/user "
                    "(this process's uid); OUTPUT pipe or pty")
    ap.add_argument("--show", type=int, default=3, help="failing vectors shown per kind and mode")
    ap.add_argument("--json", help="write the counts to this file")
    args = ap.parse_args()
    modes = args.modes.split(",")
    if os.getuid() != 0 and any(m.startswith("nobody") for m in modes):
        print("difftest: the nobody modes need root (setresuid)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    tool = os.path.abspath(args.tool)
    none_pid = PID_MAX - 1
    while os.path.exists(f"/proc/{none_pid}"):
        none_pid -= 1
    cwd = tempfile.mkdtemp(prefix="prlimit-difftest-")
    os.chmod(cwd, 0o755)
    rng = random.Random(args.seed)
    vectors = [vector(rng) for _ in range(args.count)]
    counts = {}
    passed = failed = 0
    start = time.monotonic()
    oracle_version = version_of(args.oracle)
    print(f"difftest: oracle {args.oracle}, util-linux {oracle_version[0]}.{oracle_version[1]}")
    for mode in modes:
        c = collections.Counter()
        shown = collections.Counter()
        # What a run that sets nothing leaves of T and C in this mode.
        base = normalise(run(tool, ["--core"], {"PATH": "/usr/bin:/bin"}, mode, cwd, none_pid,
                             args.oracle), "prlimit")
        prng = random.Random(f"{args.seed}:{mode}")
        for argv, env, stats in vectors:
            env = dict(env)
            if mode.endswith("pty"):
                env["_PTY_COLS"] = str(prng.choice([0, 20, 50, 80, 200]))
            ul = normalise(run(args.oracle, argv, env, mode, cwd, none_pid, args.oracle), "prlimit")
            us = normalise(run(tool, argv, env, mode, cwd, none_pid, args.oracle), "prlimit")
            if not differences(ul, us):
                c["equal"] += 1
                passed += 1
                continue
            why = stated(stats, env.get("PATH", ""), ul, us, base, oracle_version)
            if why:
                c["stated:" + why] += 1
                passed += 1
                continue
            k = kind(argv, env, ul, us)
            c["differ:" + k] += 1
            failed += 1
            if shown[k] < args.show:
                shown[k] += 1
                show(argv, env, mode, k, ul, us, sys.stdout)
        counts[mode] = dict(sorted(c.items()))
        print(f"{mode}: {len(vectors)} vectors: " +
              ", ".join(f"{k} {v}" for k, v in sorted(c.items())), flush=True)
    os.rmdir(cwd)
    seconds = time.monotonic() - start
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"tool": tool, "seed": args.seed, "count": args.count,
                       "seconds": round(seconds, 1), "modes": counts}, f, indent=1)
    print(f"difftest: seed {args.seed}, {args.count} vectors x {len(modes)} modes, "
          f"{seconds:.0f} s: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
