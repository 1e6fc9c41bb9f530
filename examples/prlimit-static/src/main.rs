//! `prlimit`: util-linux's `prlimit`, static, without libc, able to run as PID 1.
//!
//! Shows and sets the resource limits of a process, with output byte-identical to util-linux
//! 2.38 `prlimit` (the table, `--pid`, the 16 resource options and their short forms,
//! `--noheadings`, `--raw`, `--output`, `--verbose`, `--RESOURCE=SOFT:HARD` and
//! `[--] COMMAND`), built on `linux_resource`. One extension: `--usage` runs COMMAND, waits for
//! it and prints its resource usage to stderr.
//!
//! Nothing here needs `/proc`, a dynamic loader or a C library: the entry point is our own
//! `_start` (`start.rs`, the tool's only per-architecture code), the page size comes from the
//! auxiliary vector, and every system call goes through the library's own layer
//! (`linux_resource::syscall`). The x86_64 binary must stay within 16 KiB (`.ci/prlimit-tool` checks
//! it), which explains the packed tables and hand-rolled loops below.
#![no_std]
#![no_main]
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
// `global_asm!` (`_start`) on MIPS is still unstable (tier 3 targets, built with nightly's
// -Zbuild-std=core anyway).
#![cfg_attr(
    any(target_arch = "mips", target_arch = "mips64"),
    feature(asm_experimental_arch)
)]

mod exec;
mod out;
mod rt;
mod table;

use linux_resource::{
    prlimit, Errno, Error, LimitSpec, PermissionReason, Resource, Rlimit, RLIM_INFINITY,
};
use out::{Msg, Stdout};
use rt::CStr;

/// The soft limit is set by the option (util-linux's `PRLIMIT_SOFT`).
const SOFT: u8 = 1 << 1;
/// The hard limit is set by the option (`PRLIMIT_HARD`).
const HARD: u8 = 1 << 2;

/// One resource option, in command-line order: shown, or (with `modify`) set.
#[derive(Clone, Copy)]
pub struct Lim {
    pub resource: Resource,
    pub modify: u8,
    pub rlim: Rlimit,
}

/// The most resource options one command line may hold (util-linux has no limit; 64 is four
/// of each).
const MAX_LIMS: usize = 64;

/// The resources in util-linux's order (its table is sorted by name).
const SORTED: [Resource; 16] = [
    Resource::As,
    Resource::Core,
    Resource::Cpu,
    Resource::Data,
    Resource::Fsize,
    Resource::Locks,
    Resource::Memlock,
    Resource::Msgqueue,
    Resource::Nice,
    Resource::Nofile,
    Resource::Nproc,
    Resource::Rss,
    Resource::Rtprio,
    Resource::Rttime,
    Resource::Sigpending,
    Resource::Stack,
];

/// util-linux's words for each resource, in [`SORTED`] order: name, description and unit
/// (empty for NICE and RTPRIO), `|`-separated. The tool keeps its own copy of util-linux's
/// `prlimit_desc` because its output must match util-linux byte for byte, and because one
/// packed string costs this binary far less than `Resource::{name, description, unit}`, which
/// compile to a 650-byte jump table.
const WORDS: &[u8] = b"\
AS|address space limit|bytes|\
CORE|max core file size|bytes|\
CPU|CPU time|seconds|\
DATA|max data size|bytes|\
FSIZE|max file size|bytes|\
LOCKS|max number of file locks held|locks|\
MEMLOCK|max locked-in-memory address space|bytes|\
MSGQUEUE|max bytes in POSIX mqueues|bytes|\
NICE|max nice prio allowed to raise||\
NOFILE|max number of open files|files|\
NPROC|max number of processes|processes|\
RSS|max resident set size|bytes|\
RTPRIO|max real-time priority||\
RTTIME|timeout for real-time tasks|microsecs|\
SIGPENDING|max number of pending signals|signals|\
STACK|max stack size|bytes";

/// Which of a resource's [`WORDS`].
pub const NAME: usize = 0;
pub const DESCRIPTION: usize = 1;
pub const UNIT: usize = 2;

/// Word `which` ([`NAME`], [`DESCRIPTION`] or [`UNIT`]) of `resource`, as util-linux prints it.
pub fn text(resource: Resource, which: usize) -> &'static [u8] {
    let row = SORTED.iter().position(|&r| r == resource).unwrap_or(0);
    // A plain loop: `split(..).nth(..)` costs this binary more.
    let mut field = row * 3 + which;
    let mut rest = WORDS;
    loop {
        let end = rest.iter().position(|&b| b == b'|').unwrap_or(rest.len());
        if field == 0 || end == rest.len() {
            return &rest[..end];
        }
        field -= 1;
        rest = &rest[end + 1..];
    }
}

/// The table's columns.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Help,
    Res,
    Soft,
    Hard,
    Units,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Arg {
    No,
    Required,
    Optional,
}

// Option codes: 0 to 15 are the resource options (their index in [`SORTED`]: never the kernel's
// resource numbers, which differ by architecture, NOFILE being 7 or, on MIPS, 5), then:
const PID: u8 = 16;
const OUTPUT: u8 = 17;
const VERSION: u8 = 18;
const HELP: u8 = 19;
const NOHEADINGS: u8 = 20;
const RAW: u8 = 21;
const VERBOSE: u8 = 22;
const USAGE: u8 = 23;

/// The long options in util-linux's order (getopt lists ambiguous matches in this order), and
/// our `--usage` last; packed in fields of 10 bytes, as the tool's size budget prefers to a
/// table of slices.
const LONG_NAMES: &[u8; 240] = b"\
pid       output    as        core      cpu       data      fsize     locks     \
memlock   msgqueue  nice      nofile    nproc     rss       rtprio    rttime    \
sigpendingstack     version   help      noheadingsraw       verbose   usage     ";
const LONG_CODES: [u8; 24] = [
    PID, OUTPUT, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, VERSION, HELP, NOHEADINGS,
    RAW, VERBOSE, USAGE,
];

/// util-linux's short options: `+c::d::e::f::i::l::m::n::q::r::s::t::u::v::x::y::p:o:vVh`.
const SHORT_NAMES: &[u8] = b"cdefilmnqrstuvxypoVh";
const SHORT_CODES: [u8; 20] = [
    1, 3, 8, 4, 14, 6, 11, 9, 7, 12, 15, 2, 10, 0, 5, 13, PID, OUTPUT, VERSION, HELP,
];

/// The long option number `i`'s name, and its code.
#[inline(never)]
fn long_option(i: usize) -> (&'static [u8], u8) {
    let field = &LONG_NAMES[i * 10..i * 10 + 10];
    let len = field.iter().position(|&b| b == b' ').unwrap_or(10);
    (&field[..len], LONG_CODES[i])
}

/// Whether option `code` takes an argument: resources an optional one (`--nofile=N`, `-nN`),
/// `--pid` and `--output` a required one.
fn has_arg(code: u8) -> Arg {
    match code {
        0..=15 => Arg::Optional,
        PID | OUTPUT => Arg::Required,
        _ => Arg::No,
    }
}

/// Everything the command line asked for.
struct Cmd {
    lims: [Lim; MAX_LIMS],
    nlims: usize,
    pid: i32,
    cols: [Col; 10],
    ncols: usize,
    raw: bool,
    noheadings: bool,
    verbose: bool,
    usage: bool,
}

/// The process's state: its name for messages and its stdout.
pub struct Ctx {
    /// `argv[0]`, which getopt's messages use.
    argv0: CStr,
    /// Its last path component, which util-linux's own messages use.
    pub prog: CStr,
    pub out: Stdout,
    /// The environment, for `PATH`, `COLUMNS` and the command.
    pub envp: *const *const u8,
}

impl Ctx {
    /// A message `prog: ...` for stderr.
    pub fn msg(&self) -> Msg {
        Msg::new(self.prog)
    }

    /// getopt's error, then util-linux's hint; exit code 1.
    fn usage_error(&self, parts: &[&[u8]]) -> i32 {
        let mut msg = Msg::new(self.argv0);
        for part in parts {
            msg.s(part);
        }
        msg.send();
        self.try_help()
    }

    /// util-linux's `errtryhelp`: exit code 1.
    fn try_help(&self) -> i32 {
        Msg::bare()
            .s(b"Try '")
            .s(self.prog)
            .s(b" --help' for more information.")
            .send();
        1
    }
}

/// The C entry point's work: returns the exit code.
fn main(argv: &[*const u8], envp: *const *const u8) -> i32 {
    let argv0: CStr = match argv.first() {
        #[allow(unsafe_code)]
        // SAFETY: argv[0] is a NUL-terminated string on the initial stack.
        Some(&p) => unsafe { rt::cstr(p) },
        None => b"prlimit",
    };
    let prog = match argv0.iter().rposition(|&b| b == b'/') {
        Some(slash) => &argv0[slash + 1..],
        None => argv0,
    };
    let mut ctx = Ctx {
        argv0,
        prog,
        out: Stdout::new(),
        envp,
    };
    let code = run(&mut ctx, argv, envp).unwrap_or_else(|code| code);
    let prog = ctx.prog;
    ctx.out.close(prog, code)
}

/// `Err(code)` after the message was printed.
type Exit = Result<i32, i32>;

fn run(ctx: &mut Ctx, argv: &[*const u8], envp: *const *const u8) -> Exit {
    let mut cmd = Cmd {
        lims: [Lim {
            resource: Resource::Cpu,
            modify: 0,
            rlim: Rlimit::new(0, 0),
        }; MAX_LIMS],
        nlims: 0,
        pid: 0,
        cols: [Col::Res; 10],
        ncols: 0,
        raw: false,
        noheadings: false,
        verbose: false,
        usage: false,
    };
    #[allow(unsafe_code)]
    // SAFETY: every argv entry is a NUL-terminated string on the initial stack.
    let arg = |i: usize| unsafe { rt::cstr(argv[i]) };

    // getopt_long with "+...": options up to the first non-option or "--".
    let mut optind = 1;
    while optind < argv.len() {
        let a = arg(optind);
        if a == b"--" {
            optind += 1;
            break;
        }
        if a.len() < 2 || a[0] != b'-' {
            break;
        }
        optind += 1;
        if a[1] == b'-' {
            let body = &a[2..];
            let (name, value) = match body.iter().position(|&b| b == b'=') {
                Some(eq) => (&body[..eq], Some(&body[eq + 1..])),
                None => (body, None),
            };
            // An exact name, else the only option it is a prefix of.
            let mut found = None;
            let mut prefixes = 0;
            for i in 0..LONG_CODES.len() {
                let (long, _) = long_option(i);
                if long == name {
                    found = Some(i);
                    prefixes = 1;
                    break;
                }
                if long.starts_with(name) {
                    found = Some(i);
                    prefixes += 1;
                }
            }
            let found = match (found, prefixes) {
                (Some(i), 1) => long_option(i),
                (None, _) => {
                    return Err(ctx.usage_error(&[b"unrecognized option '--", body, b"'"]))
                }
                _ => {
                    let mut msg = Msg::new(ctx.argv0);
                    msg.s(b"option '--")
                        .s(body)
                        .s(b"' is ambiguous; possibilities:");
                    for i in 0..LONG_CODES.len() {
                        let (long, _) = long_option(i);
                        if long.starts_with(name) {
                            msg.s(b" '--").s(long).s(b"'");
                        }
                    }
                    msg.send();
                    return Err(ctx.try_help());
                }
            };
            let (long, opt) = found;
            let has_arg = has_arg(opt);
            let optarg = match (has_arg, value) {
                (Arg::No, Some(_)) => {
                    return Err(ctx.usage_error(&[
                        b"option '--",
                        long,
                        b"' doesn't allow an argument",
                    ]))
                }
                (Arg::Required, None) if optind < argv.len() => {
                    optind += 1;
                    Some(arg(optind - 1))
                }
                (Arg::Required, None) => {
                    return Err(ctx.usage_error(&[b"option '--", long, b"' requires an argument"]))
                }
                (_, value) => value,
            };
            if let Some(code) = option(ctx, &mut cmd, opt, optarg)? {
                return Ok(code);
            }
        } else {
            let mut i = 1;
            while i < a.len() {
                let c = a[i];
                i += 1;
                let Some(at) = SHORT_NAMES.iter().position(|&s| s == c) else {
                    return Err(ctx.usage_error(&[b"invalid option -- '", &[c], b"'"]));
                };
                let opt = SHORT_CODES[at];
                let rest = &a[i..];
                let optarg = match has_arg(opt) {
                    Arg::No => None,
                    Arg::Optional if rest.is_empty() => None,
                    Arg::Required if rest.is_empty() => {
                        if optind >= argv.len() {
                            return Err(ctx.usage_error(&[
                                b"option requires an argument -- '",
                                &[c],
                                b"'",
                            ]));
                        }
                        optind += 1;
                        Some(arg(optind - 1))
                    }
                    Arg::Optional | Arg::Required => Some(rest),
                };
                if optarg.is_some() {
                    i = a.len();
                }
                if let Some(code) = option(ctx, &mut cmd, opt, optarg)? {
                    return Ok(code);
                }
            }
        }
    }

    let command = &argv[optind..];
    if !command.is_empty() && cmd.pid != 0 {
        return Err(fail(
            ctx,
            b"options --pid and COMMAND are mutually exclusive",
        ));
    }
    if cmd.usage && command.is_empty() {
        return Err(fail(ctx, b"option --usage needs a COMMAND"));
    }
    if cmd.ncols == 0 {
        cmd.cols[..5].copy_from_slice(&[Col::Res, Col::Help, Col::Soft, Col::Hard, Col::Units]);
        cmd.ncols = 5;
    }
    if cmd.nlims == 0 {
        for (lim, resource) in cmd.lims.iter_mut().zip(SORTED) {
            lim.resource = resource;
        }
        cmd.nlims = SORTED.len();
    }

    do_prlimit(ctx, &mut cmd)?;
    let shown = &cmd.lims[..cmd.nlims];
    if !shown.is_empty() {
        table::show(ctx, shown, &cmd.cols[..cmd.ncols], cmd.raw, cmd.noheadings);
    }

    if command.is_empty() {
        return Ok(0);
    }
    if cmd.usage {
        return exec::run_with_usage(ctx, command, envp);
    }
    // On a terminal, stdio has written every complete line by now. Into a pipe or a file,
    // only full blocks were written: a successful exec drops the rest, exactly as util-linux
    // loses its table there; a failed one leaves it to be written at exit, as util-linux does.
    if ctx.out.tty {
        ctx.out.flush();
    }
    Err(exec::exec_or_fail(ctx, command, envp))
}

/// util-linux's `errx(EXIT_FAILURE, ...)`.
fn fail(ctx: &Ctx, what: &[u8]) -> i32 {
    ctx.msg().s(what).send();
    1
}

/// Handles one option; `Ok(Some(code))` ends the program (`--help`, `--version`).
fn option(ctx: &mut Ctx, cmd: &mut Cmd, opt: u8, optarg: Option<CStr>) -> Result<Option<i32>, i32> {
    match opt {
        PID => {
            let text = optarg.unwrap_or_default();
            if cmd.pid != 0 {
                return Err(fail(ctx, b"option --pid may be specified only once"));
            }
            cmd.pid = match parse_pid(text) {
                Ok(pid) => pid,
                Err(range) => {
                    let mut msg = ctx.msg();
                    msg.s(b"invalid PID argument: '").s(text).s(b"'");
                    if range {
                        msg.s(b": ").errno(Errno::ERANGE.into_raw());
                    }
                    msg.send();
                    return Err(1);
                }
            };
        }
        OUTPUT => {
            let list = optarg.unwrap_or_default();
            cmd.ncols = parse_columns(ctx, list, &mut cmd.cols).ok_or(1)?;
        }
        HELP => {
            help(ctx);
            return Ok(Some(0));
        }
        VERSION => {
            ctx.out.put(b"prlimit (linux-resource) 0.1.0\n");
            return Ok(Some(0));
        }
        NOHEADINGS => cmd.noheadings = true,
        RAW => cmd.raw = true,
        VERBOSE => cmd.verbose = true,
        USAGE => cmd.usage = true,
        _ => {
            let Some(&resource) = SORTED.get(usize::from(opt)) else {
                return Ok(None);
            };
            if cmd.nlims == MAX_LIMS {
                return Err(fail(ctx, b"too many resource options"));
            }
            let mut lim = Lim {
                resource,
                modify: 0,
                rlim: Rlimit::new(RLIM_INFINITY, RLIM_INFINITY),
            };
            if let Some(range) = optarg {
                // util-linux (since 2.37) drops one leading `=`: `-n=100`, `--nofile==100`.
                let range = range.strip_prefix(b"=").unwrap_or(range);
                // The library's parser: SOFT:HARD, SOFT:, :HARD, one value for both, each a
                // number as util-linux 2.40 reads it (blanks and `+` before it, nothing
                // after), `unlimited`, `infinity` or -1.
                match LimitSpec::from_bytes(range) {
                    Ok(spec) => {
                        // util-linux starts from unlimited; do_prlimit fills in what the
                        // spec leaves out from the current limits, and checks soft <= hard
                        // then (so not `spec.apply`, which checks it now).
                        lim.rlim = Rlimit::new(
                            spec.soft.unwrap_or(RLIM_INFINITY),
                            spec.hard.unwrap_or(RLIM_INFINITY),
                        );
                        lim.modify = (u8::from(spec.soft.is_some()) * SOFT)
                            | (u8::from(spec.hard.is_some()) * HARD);
                    }
                    Err(_) => {
                        ctx.msg()
                            .s(b"failed to parse ")
                            .s(text(resource, NAME))
                            .s(b" limit")
                            .send();
                        return Err(1);
                    }
                }
            }
            cmd.lims[cmd.nlims] = lim;
            cmd.nlims += 1;
        }
    }
    Ok(None)
}

/// C's `isspace` in the C locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The number `strtoull`/`strtoimax` (base 10) read at the start of `s`: leading blanks, an
/// optional sign, digits. Returns whether it was negative, the magnitude (`None` when it
/// overflows: `ERANGE`) and the bytes used; `None` when there are no digits.
pub fn number(s: &[u8]) -> Option<(bool, Option<u64>, usize)> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let negative = s.get(i) == Some(&b'-');
    if negative || s.get(i) == Some(&b'+') {
        i += 1;
    }
    let start = i;
    let mut magnitude = Some(0u64);
    while let Some(digit) = s
        .get(i)
        .and_then(|b| b.checked_sub(b'0'))
        .filter(|&d| d < 10)
    {
        magnitude = magnitude
            .and_then(|n| n.checked_mul(10))
            .and_then(|n| n.checked_add(u64::from(digit)));
        i += 1;
    }
    if i == start {
        return None;
    }
    Some((negative, magnitude, i))
}

/// util-linux's `strtos32_or_err` without the exit: `Ok(pid)`, `Err(true)` for a number out of
/// range (ERANGE), `Err(false)` for anything else.
fn parse_pid(s: &[u8]) -> Result<i32, bool> {
    match number(s) {
        Some((negative, magnitude, used)) if used == s.len() => {
            let magnitude = magnitude.ok_or(true)?;
            let value = if negative {
                0i64.checked_sub_unsigned(magnitude)
            } else {
                i64::try_from(magnitude).ok()
            };
            value.and_then(|v| i32::try_from(v).ok()).ok_or(true)
        }
        _ => Err(false),
    }
}

/// util-linux's `string_to_idarray` with `column_name_to_id`: a comma-separated list of column
/// names (any case), at most 10. An empty name fails silently, as an unknown one fails with a
/// message, as in util-linux.
#[inline(never)]
fn parse_columns(ctx: &Ctx, list: &[u8], cols: &mut [Col; 10]) -> Option<usize> {
    let mut n = 0;
    let mut rest = list;
    loop {
        if rest.is_empty() || n >= cols.len() {
            return None;
        }
        let mut len = rest.iter().position(|&b| b == b',').unwrap_or(rest.len());
        // util-linux takes a trailing comma into the last name.
        if len + 1 == rest.len() {
            len = rest.len();
        }
        let name = &rest[..len];
        let all = [Col::Help, Col::Res, Col::Soft, Col::Hard, Col::Units];
        let Some(&col) = all
            .iter()
            .find(|&&c| same_ignoring_case(table::header(c), name))
        else {
            if len > 0 {
                // util-linux prints the rest of the list from this name on.
                ctx.msg().s(b"unknown column: ").s(rest).send();
            }
            return None;
        };
        cols[n] = col;
        n += 1;
        if len == rest.len() {
            return Some(n);
        }
        rest = &rest[len + 1..];
    }
}

/// `strncasecmp(a, b) == 0` with equal lengths (a plain loop: core's `eq_ignore_ascii_case` is
/// built for speed, not size).
fn same_ignoring_case(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

/// util-linux's `do_prlimit`: in command-line order, sets the limits given a value and reads
/// the others; the set ones are dropped from the table.
fn do_prlimit(ctx: &mut Ctx, cmd: &mut Cmd) -> Result<(), i32> {
    let pid = cmd.pid;
    let mut kept = 0;
    for i in 0..cmd.nlims {
        let mut lim = cmd.lims[i];
        let name = text(lim.resource, NAME);
        if lim.modify == 0 {
            lim.rlim = prlimit(pid, lim.resource, None)
                .map_err(|e| os_fail(ctx, &[b"failed to get the ", name, b" resource limit"], e))?;
            cmd.lims[kept] = lim;
            kept += 1;
            continue;
        }
        if lim.modify != SOFT | HARD {
            let old = prlimit(pid, lim.resource, None)
                .map_err(|e| os_fail(ctx, &[b"failed to get old ", name, b" limit"], e))?;
            if lim.modify & SOFT == 0 {
                lim.rlim.soft = old.soft;
            } else {
                lim.rlim.hard = old.hard;
            }
        }
        if lim.rlim.soft > lim.rlim.hard {
            ctx.msg()
                .s(b"the soft limit ")
                .s(name)
                .s(b" cannot exceed the hard limit")
                .send();
            return Err(1);
        }
        if cmd.verbose {
            let shown = if pid != 0 { pid } else { rt::getpid() };
            let out = &mut ctx.out;
            out.put(b"New ");
            out.put(name);
            out.put(b" limit for pid ");
            if shown < 0 {
                out.put(b"-");
            }
            let mut digits = [0; 20];
            out.put(out::decimal(u64::from(shown.unsigned_abs()), &mut digits));
            out.put(b": <");
            table::put_limit(out, lim.rlim.soft);
            out.put(b":");
            table::put_limit(out, lim.rlim.hard);
            out.put(b">\n");
        }
        prlimit(pid, lim.resource, Some(lim.rlim))
            .map_err(|e| os_fail(ctx, &[b"failed to set the ", name, b" resource limit"], e))?;
    }
    cmd.nlims = kept;
    Ok(())
}

/// util-linux's `err(EXIT_FAILURE, ...)`: the message, then the error as `strerror` words it;
/// for `EPERM`, also why, as the library found out.
fn os_fail(ctx: &Ctx, what: &[&[u8]], err: Error) -> i32 {
    let mut msg = ctx.msg();
    for part in what {
        msg.s(part);
    }
    msg.s(b": ");
    match err {
        Error::NoSuchProcess { .. } => {
            msg.errno(Errno::ESRCH.into_raw());
        }
        Error::PermissionDenied(reason) => {
            msg.errno(Errno::EPERM.into_raw()).s(b" (");
            why(&mut msg, reason);
            msg.s(b")");
        }
        Error::Os(errno) => {
            msg.errno(errno.into_raw());
        }
        // Refused input never reaches here (checked above); the kernel would say EINVAL.
        _ => {
            msg.errno(Errno::EINVAL.into_raw());
        }
    }
    msg.send();
    1
}

/// Why the kernel said `EPERM`, as the library found out: the words of
/// `linux_resource::PermissionReason`'s `Display`, written without `core::fmt` (which would
/// cost this binary several KiB).
fn why(msg: &mut Msg, reason: PermissionReason) {
    let limit = |msg: &mut Msg, value: u64| {
        if value == RLIM_INFINITY {
            msg.s(b"unlimited");
        } else {
            msg.n(value);
        }
    };
    match reason {
        PermissionReason::RaiseHardLimit {
            resource,
            current,
            requested,
        } => {
            msg.s(b"raising the ")
                .s(text(resource, NAME))
                .s(b" hard limit from ");
            limit(msg, current);
            msg.s(b" to ");
            limit(msg, requested);
            msg.s(b" needs CAP_SYS_RESOURCE");
        }
        PermissionReason::NofileCapOrNrOpen { .. } => {
            // Without /proc (as PID 1) fs.nr_open cannot be read: both ceilings are named.
            msg.s(b"no CAP_SYS_RESOURCE, or above fs.nr_open");
        }
        PermissionReason::NofileAboveNrOpen { requested, nr_open } => {
            msg.s(b"NOFILE hard limit ");
            limit(msg, requested);
            msg.s(b" is above fs.nr_open");
            if let Some(nr_open) = nr_open {
                msg.s(b" (").n(nr_open).s(b")");
            }
        }
        PermissionReason::OtherProcess { pid } => {
            // The kernel answers a negative pid with ESRCH, never EPERM.
            msg.s(b"the caller may not act on the limits of process ")
                .n(u64::from(pid.unsigned_abs()))
                .s(b" (different user, no CAP_SYS_RESOURCE)");
        }
        _ => {
            msg.s(b"refused by the kernel or a security module");
        }
    }
}

/// `--help`, as util-linux words it, with `--usage`.
fn help(ctx: &mut Ctx) {
    let out = &mut ctx.out;
    out.put(b"\nUsage:\n ");
    out.put(ctx.prog);
    out.put(b" [options] [--<resource>=<limit>] [-p PID]\n ");
    out.put(ctx.prog);
    out.put(b" [options] [--<resource>=<limit>] COMMAND\n");
    out.put(include_bytes!("help.txt"));
}
