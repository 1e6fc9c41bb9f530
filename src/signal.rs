//! The names of the signals, for messages: numbered as `<asm-generic/signal.h>` numbers them,
//! or as MIPS does (`arch/mips/include/uapi/asm/signal.h`). Each arch file says which
//! (`SIGNAL_NUMBERING`); the header checks compare every name with the architecture's kernel
//! headers, and the tests with libc's constants and std's `ExitStatus`.

/// How an architecture numbers the signals 1 to 31.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // Each build uses one.
pub(crate) enum Numbering {
    /// `<asm-generic/signal.h>`, and x86's, arm's, powerpc's and s390's, which agree with it.
    Generic,
    /// MIPS: `SIGEMT` 7, `SIGBUS` 10, `SIGSYS` 12, `SIGUSR1` 16, `SIGCHLD` 18, `SIGPWR` 19, ...
    Mips,
}

/// Signals 0 to 31 as `<asm-generic/signal.h>` numbers them (0 is no signal).
const GENERIC: [&str; 32] = [
    "",
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS",
];

/// Signals 0 to 31 as MIPS numbers them.
const MIPS: [&str; 32] = [
    "",
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGEMT",
    "SIGFPE",
    "SIGKILL",
    "SIGBUS",
    "SIGSEGV",
    "SIGSYS",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGUSR1",
    "SIGUSR2",
    "SIGCHLD",
    "SIGPWR",
    "SIGWINCH",
    "SIGURG",
    "SIGIO",
    "SIGSTOP",
    "SIGTSTP",
    "SIGCONT",
    "SIGTTIN",
    "SIGTTOU",
    "SIGVTALRM",
    "SIGPROF",
    "SIGXCPU",
    "SIGXFSZ",
];

/// The kernel's name of `signal` on this architecture (`SIGIO` for `SIGPOLL`, `SIGABRT` for
/// `SIGIOT`), or `None` for 0, the real-time signals and anything else.
pub(crate) fn name(signal: i32) -> Option<&'static str> {
    let table = match crate::arch::SIGNAL_NUMBERING {
        Numbering::Generic => &GENERIC,
        Numbering::Mips => &MIPS,
    };
    let name = *table.get(usize::try_from(signal).ok()?)?;
    (!name.is_empty()).then_some(name)
}

/// The name std's `ExitStatus` shows for `signal` (`signal_string` in std's
/// `library/std/src/sys/process/unix/unix.rs`): the kernel's name, but for the two Linux names
/// std leaves out: `SIGEMT` (named on the BSDs only), and `SIGSTKFLT` but on x86_64, x86, arm
/// and aarch64.
pub(crate) fn std_name(signal: i32) -> Option<&'static str> {
    const STD_NAMES_STKFLT: bool = cfg!(any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "arm",
        target_arch = "aarch64"
    ));
    match name(signal)? {
        "SIGEMT" => None,
        "SIGSTKFLT" if !STD_NAMES_STKFLT => None,
        name => Some(name),
    }
}
