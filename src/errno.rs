//! [`Errno`]: an error number the kernel returned, with its name and description.
//!
//! The crate's own type (as rustix's `io::Errno`), so that the public error type is the same on
//! every architecture and ties the API to no other crate. Architectures number their errors
//! differently: each `arch/*.rs` names its [`Numbering`], and every constant below takes its
//! value from that numbering at compile time. The numbers and names are checked against each
//! architecture's `<asm/errno.h>` by the tests (`tests/abi/kernel_headers.rs`), and against the
//! `syscalls` crate's table where it builds.

use core::fmt;

/// An error number (`errno`) the kernel returned: `Errno::EPERM`, `Errno::ESRCH`, ...
///
/// Displays as `-1 EPERM (Operation not permitted)`, the kernel's raw return value, name and
/// description; `Debug` is the name alone. The numbers are this architecture's (see
/// [`Errno::into_raw`]).
///
/// ```
/// use linux_resource::Errno;
///
/// let e = Errno::new(3);
/// assert_eq!(e, Errno::ESRCH);
/// assert_eq!(e.name(), Some("ESRCH"));
/// assert_eq!(e.to_string(), "-3 ESRCH (No such process)");
/// assert_eq!(format!("{e:?}"), "ESRCH");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Errno(i32);

impl Errno {
    /// The errno with the number `raw` (positive, as C's `errno`; the kernel returns it
    /// negated).
    #[inline]
    pub const fn new(raw: i32) -> Errno {
        Errno(raw)
    }

    /// The number (positive, as C's `errno` and `std::io::Error::from_raw_os_error` take it).
    #[inline]
    pub const fn into_raw(self) -> i32 {
        self.0
    }

    /// The name (`"EPERM"`), or `None` for a number this architecture does not define.
    #[inline]
    pub fn name(&self) -> Option<&'static str> {
        self.name_and_description().map(|(name, _)| name)
    }

    /// The kernel's description (`"Operation not permitted"`), or `None` for a number this
    /// architecture does not define.
    #[inline]
    pub fn description(&self) -> Option<&'static str> {
        self.name_and_description()
            .map(|(_, description)| description)
    }

    /// The name and the kernel's description, or `None` for a number this architecture does
    /// not define. Where two names share a number (`EAGAIN` and `EWOULDBLOCK`), the first the
    /// kernel defines is given.
    pub fn name_and_description(&self) -> Option<(&'static str, &'static str)> {
        let (own, shared, aliases) = tables(crate::arch::ERRNO_NUMBERING);
        own.iter()
            .chain(shared)
            .chain(aliases)
            .find(|&&(raw, _, _)| raw == self.0)
            .map(|&(_, name, description)| (name, description))
    }

    /// The number of the errno called `name` in this architecture's numbering; a compile error
    /// (in the constant that uses it) if there is none.
    const fn named(name: &str) -> Errno {
        let (own, shared, aliases) = tables(crate::arch::ERRNO_NUMBERING);
        if let Some(raw) = find(own, name) {
            return Errno(raw);
        }
        if let Some(raw) = find(shared, name) {
            return Errno(raw);
        }
        match find(aliases, name) {
            Some(raw) => Errno(raw),
            None => panic!("an errno name this architecture's numbering does not define"),
        }
    }
}

/// How an architecture numbers its errors; its `arch/*.rs` file names one as
/// `ERRNO_NUMBERING`. A new numbering is a variant here and a table of its own numbers below.
#[derive(Clone, Copy)]
#[allow(dead_code)] // Each build uses one.
pub(crate) enum Numbering {
    /// `<asm-generic/errno.h>`: x86, arm, riscv, s390 and loongarch.
    Generic,
    /// powerpc: the generic numbers, except that `EDEADLOCK` is 58, its own error, rather than
    /// another name of `EDEADLK` (35).
    Powerpc,
    /// MIPS (o32 and n64): the generic numbers up to 34 (`<asm-generic/errno-base.h>`), its
    /// own from there (`ENOMSG` 35, `EDEADLK` 45, `ENOSYS` 89, ..., `EDQUOT` 1133), two
    /// names of its own (`EINIT`, `EREMDEV`) and `EDEADLOCK` its own error (56).
    Mips,
}

/// An errno table: number, name, the kernel's description.
type Table = &'static [(i32, &'static str, &'static str)];

/// The tables of a numbering: its own entries, searched first (by number and by name), the
/// generic ones it shares, searched next, and its second names of a number, searched last.
const fn tables(numbering: Numbering) -> (Table, Table, Table) {
    match numbering {
        Numbering::Generic => (&[], GENERIC, GENERIC_ALIASES),
        Numbering::Powerpc => (POWERPC, GENERIC, GENERIC_ALIASES),
        Numbering::Mips => (MIPS, GENERIC_BASE, MIPS_ALIASES),
    }
}

/// The number `name` has in `table`.
const fn find(table: &[(i32, &str, &str)], name: &str) -> Option<i32> {
    let mut i = 0;
    while i < table.len() {
        if eq(table[i].1.as_bytes(), name.as_bytes()) {
            return Some(table[i].0);
        }
        i += 1;
    }
    None
}

const fn eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Second names of a number (`<asm-generic/errno.h>`): searched after [`GENERIC`], so that
/// 11 is named `EAGAIN`, and `EWOULDBLOCK` still has a value.
const GENERIC_ALIASES: Table = &[
    (11, "EWOULDBLOCK", "Operation would block"),
    (35, "EDEADLOCK", "Resource deadlock would occur"),
];

/// powerpc's `<asm/errno.h>`: `EDEADLOCK` is its own error.
const POWERPC: Table = &[(58, "EDEADLOCK", "File locking deadlock error")];

/// The errnos of `<asm-generic/errno-base.h>` (1 to 34), which every architecture shares: the
/// start of [`GENERIC`] (src/checks.rs checks that it holds exactly 1 to 34).
pub(crate) const GENERIC_BASE: Table = GENERIC.split_at(34).0;

/// MIPS's `<asm/errno.h>` (`arch/mips/include/uapi/asm/errno.h`), every number from 35 up, in
/// its order, with its comments as descriptions.
const MIPS: Table = &[
    (35, "ENOMSG", "No message of desired type"),
    (36, "EIDRM", "Identifier removed"),
    (37, "ECHRNG", "Channel number out of range"),
    (38, "EL2NSYNC", "Level 2 not synchronized"),
    (39, "EL3HLT", "Level 3 halted"),
    (40, "EL3RST", "Level 3 reset"),
    (41, "ELNRNG", "Link number out of range"),
    (42, "EUNATCH", "Protocol driver not attached"),
    (43, "ENOCSI", "No CSI structure available"),
    (44, "EL2HLT", "Level 2 halted"),
    (45, "EDEADLK", "Resource deadlock would occur"),
    (46, "ENOLCK", "No record locks available"),
    (50, "EBADE", "Invalid exchange"),
    (51, "EBADR", "Invalid request descriptor"),
    (52, "EXFULL", "Exchange full"),
    (53, "ENOANO", "No anode"),
    (54, "EBADRQC", "Invalid request code"),
    (55, "EBADSLT", "Invalid slot"),
    (56, "EDEADLOCK", "File locking deadlock error"),
    (59, "EBFONT", "Bad font file format"),
    (60, "ENOSTR", "Device not a stream"),
    (61, "ENODATA", "No data available"),
    (62, "ETIME", "Timer expired"),
    (63, "ENOSR", "Out of streams resources"),
    (64, "ENONET", "Machine is not on the network"),
    (65, "ENOPKG", "Package not installed"),
    (66, "EREMOTE", "Object is remote"),
    (67, "ENOLINK", "Link has been severed"),
    (68, "EADV", "Advertise error"),
    (69, "ESRMNT", "Srmount error"),
    (70, "ECOMM", "Communication error on send"),
    (71, "EPROTO", "Protocol error"),
    (73, "EDOTDOT", "RFS specific error"),
    (74, "EMULTIHOP", "Multihop attempted"),
    (77, "EBADMSG", "Not a data message"),
    (78, "ENAMETOOLONG", "File name too long"),
    (79, "EOVERFLOW", "Value too large for defined data type"),
    (80, "ENOTUNIQ", "Name not unique on network"),
    (81, "EBADFD", "File descriptor in bad state"),
    (82, "EREMCHG", "Remote address changed"),
    (83, "ELIBACC", "Can not access a needed shared library"),
    (84, "ELIBBAD", "Accessing a corrupted shared library"),
    (85, "ELIBSCN", ".lib section in a.out corrupted"),
    (
        86,
        "ELIBMAX",
        "Attempting to link in too many shared libraries",
    ),
    (87, "ELIBEXEC", "Cannot exec a shared library directly"),
    (88, "EILSEQ", "Illegal byte sequence"),
    (89, "ENOSYS", "Function not implemented"),
    (90, "ELOOP", "Too many symbolic links encountered"),
    (
        91,
        "ERESTART",
        "Interrupted system call should be restarted",
    ),
    (92, "ESTRPIPE", "Streams pipe error"),
    (93, "ENOTEMPTY", "Directory not empty"),
    (94, "EUSERS", "Too many users"),
    (95, "ENOTSOCK", "Socket operation on non-socket"),
    (96, "EDESTADDRREQ", "Destination address required"),
    (97, "EMSGSIZE", "Message too long"),
    (98, "EPROTOTYPE", "Protocol wrong type for socket"),
    (99, "ENOPROTOOPT", "Protocol not available"),
    (120, "EPROTONOSUPPORT", "Protocol not supported"),
    (121, "ESOCKTNOSUPPORT", "Socket type not supported"),
    (
        122,
        "EOPNOTSUPP",
        "Operation not supported on transport endpoint",
    ),
    (123, "EPFNOSUPPORT", "Protocol family not supported"),
    (
        124,
        "EAFNOSUPPORT",
        "Address family not supported by protocol",
    ),
    (125, "EADDRINUSE", "Address already in use"),
    (126, "EADDRNOTAVAIL", "Cannot assign requested address"),
    (127, "ENETDOWN", "Network is down"),
    (128, "ENETUNREACH", "Network is unreachable"),
    (
        129,
        "ENETRESET",
        "Network dropped connection because of reset",
    ),
    (130, "ECONNABORTED", "Software caused connection abort"),
    (131, "ECONNRESET", "Connection reset by peer"),
    (132, "ENOBUFS", "No buffer space available"),
    (133, "EISCONN", "Transport endpoint is already connected"),
    (134, "ENOTCONN", "Transport endpoint is not connected"),
    (135, "EUCLEAN", "Structure needs cleaning"),
    (137, "ENOTNAM", "Not a XENIX named type file"),
    (138, "ENAVAIL", "No XENIX semaphores available"),
    (139, "EISNAM", "Is a named type file"),
    (140, "EREMOTEIO", "Remote I/O error"),
    (141, "EINIT", "Reserved"),
    (142, "EREMDEV", "Error 142"),
    (
        143,
        "ESHUTDOWN",
        "Cannot send after transport endpoint shutdown",
    ),
    (144, "ETOOMANYREFS", "Too many references: cannot splice"),
    (145, "ETIMEDOUT", "Connection timed out"),
    (146, "ECONNREFUSED", "Connection refused"),
    (147, "EHOSTDOWN", "Host is down"),
    (148, "EHOSTUNREACH", "No route to host"),
    (149, "EALREADY", "Operation already in progress"),
    (150, "EINPROGRESS", "Operation now in progress"),
    (151, "ESTALE", "Stale file handle"),
    (158, "ECANCELED", "AIO operation canceled"),
    (159, "ENOMEDIUM", "No medium found"),
    (160, "EMEDIUMTYPE", "Wrong medium type"),
    (161, "ENOKEY", "Required key not available"),
    (162, "EKEYEXPIRED", "Key has expired"),
    (163, "EKEYREVOKED", "Key has been revoked"),
    (164, "EKEYREJECTED", "Key was rejected by service"),
    (165, "EOWNERDEAD", "Owner died"),
    (166, "ENOTRECOVERABLE", "State not recoverable"),
    (167, "ERFKILL", "Operation not possible due to RF-kill"),
    (168, "EHWPOISON", "Memory page has hardware error"),
    (1133, "EDQUOT", "Quota exceeded"),
];

/// MIPS's second names of a number: `EWOULDBLOCK` (its `EDEADLOCK` has its own number).
const MIPS_ALIASES: Table = &[(11, "EWOULDBLOCK", "Operation would block")];

/// Every errno of `<asm-generic/errno-base.h>` and `<asm-generic/errno.h>`, with the
/// kernel's comment as its description; and a constant of [`Errno`] for each, whose value is
/// this architecture's.
macro_rules! errnos {
    ($($name:ident = $raw:literal, $description:literal;)*) => {
        const GENERIC: Table = &[$(($raw, stringify!($name), $description)),*];

        impl Errno {
            $(
                #[doc = concat!("`", stringify!($name), "`: ", $description, ".")]
                pub const $name: Errno = Errno::named(stringify!($name));
            )*
            /// `EWOULDBLOCK`: another name of [`Errno::EAGAIN`].
            pub const EWOULDBLOCK: Errno = Errno::named("EWOULDBLOCK");
            /// `EDEADLOCK`: another name of [`Errno::EDEADLK`], except on powerpc and MIPS,
            /// where it is its own error, 58 and 56 ("File locking deadlock error").
            pub const EDEADLOCK: Errno = Errno::named("EDEADLOCK");
        }

        /// The names of every constant of [`Errno`], for the tests.
        #[cfg(test)]
        pub(crate) const NAMES: &[&str] = &[$(stringify!($name),)* "EWOULDBLOCK", "EDEADLOCK"];
    };
}

errnos! {
    EPERM = 1, "Operation not permitted";
    ENOENT = 2, "No such file or directory";
    ESRCH = 3, "No such process";
    EINTR = 4, "Interrupted system call";
    EIO = 5, "I/O error";
    ENXIO = 6, "No such device or address";
    E2BIG = 7, "Argument list too long";
    ENOEXEC = 8, "Exec format error";
    EBADF = 9, "Bad file number";
    ECHILD = 10, "No child processes";
    EAGAIN = 11, "Try again";
    ENOMEM = 12, "Out of memory";
    EACCES = 13, "Permission denied";
    EFAULT = 14, "Bad address";
    ENOTBLK = 15, "Block device required";
    EBUSY = 16, "Device or resource busy";
    EEXIST = 17, "File exists";
    EXDEV = 18, "Cross-device link";
    ENODEV = 19, "No such device";
    ENOTDIR = 20, "Not a directory";
    EISDIR = 21, "Is a directory";
    EINVAL = 22, "Invalid argument";
    ENFILE = 23, "File table overflow";
    EMFILE = 24, "Too many open files";
    ENOTTY = 25, "Not a typewriter";
    ETXTBSY = 26, "Text file busy";
    EFBIG = 27, "File too large";
    ENOSPC = 28, "No space left on device";
    ESPIPE = 29, "Illegal seek";
    EROFS = 30, "Read-only file system";
    EMLINK = 31, "Too many links";
    EPIPE = 32, "Broken pipe";
    EDOM = 33, "Math argument out of domain of func";
    ERANGE = 34, "Math result not representable";
    EDEADLK = 35, "Resource deadlock would occur";
    ENAMETOOLONG = 36, "File name too long";
    ENOLCK = 37, "No record locks available";
    ENOSYS = 38, "Invalid system call number";
    ENOTEMPTY = 39, "Directory not empty";
    ELOOP = 40, "Too many symbolic links encountered";
    ENOMSG = 42, "No message of desired type";
    EIDRM = 43, "Identifier removed";
    ECHRNG = 44, "Channel number out of range";
    EL2NSYNC = 45, "Level 2 not synchronized";
    EL3HLT = 46, "Level 3 halted";
    EL3RST = 47, "Level 3 reset";
    ELNRNG = 48, "Link number out of range";
    EUNATCH = 49, "Protocol driver not attached";
    ENOCSI = 50, "No CSI structure available";
    EL2HLT = 51, "Level 2 halted";
    EBADE = 52, "Invalid exchange";
    EBADR = 53, "Invalid request descriptor";
    EXFULL = 54, "Exchange full";
    ENOANO = 55, "No anode";
    EBADRQC = 56, "Invalid request code";
    EBADSLT = 57, "Invalid slot";
    EBFONT = 59, "Bad font file format";
    ENOSTR = 60, "Device not a stream";
    ENODATA = 61, "No data available";
    ETIME = 62, "Timer expired";
    ENOSR = 63, "Out of streams resources";
    ENONET = 64, "Machine is not on the network";
    ENOPKG = 65, "Package not installed";
    EREMOTE = 66, "Object is remote";
    ENOLINK = 67, "Link has been severed";
    EADV = 68, "Advertise error";
    ESRMNT = 69, "Srmount error";
    ECOMM = 70, "Communication error on send";
    EPROTO = 71, "Protocol error";
    EMULTIHOP = 72, "Multihop attempted";
    EDOTDOT = 73, "RFS specific error";
    EBADMSG = 74, "Not a data message";
    EOVERFLOW = 75, "Value too large for defined data type";
    ENOTUNIQ = 76, "Name not unique on network";
    EBADFD = 77, "File descriptor in bad state";
    EREMCHG = 78, "Remote address changed";
    ELIBACC = 79, "Can not access a needed shared library";
    ELIBBAD = 80, "Accessing a corrupted shared library";
    ELIBSCN = 81, ".lib section in a.out corrupted";
    ELIBMAX = 82, "Attempting to link in too many shared libraries";
    ELIBEXEC = 83, "Cannot exec a shared library directly";
    EILSEQ = 84, "Illegal byte sequence";
    ERESTART = 85, "Interrupted system call should be restarted";
    ESTRPIPE = 86, "Streams pipe error";
    EUSERS = 87, "Too many users";
    ENOTSOCK = 88, "Socket operation on non-socket";
    EDESTADDRREQ = 89, "Destination address required";
    EMSGSIZE = 90, "Message too long";
    EPROTOTYPE = 91, "Protocol wrong type for socket";
    ENOPROTOOPT = 92, "Protocol not available";
    EPROTONOSUPPORT = 93, "Protocol not supported";
    ESOCKTNOSUPPORT = 94, "Socket type not supported";
    EOPNOTSUPP = 95, "Operation not supported on transport endpoint";
    EPFNOSUPPORT = 96, "Protocol family not supported";
    EAFNOSUPPORT = 97, "Address family not supported by protocol";
    EADDRINUSE = 98, "Address already in use";
    EADDRNOTAVAIL = 99, "Cannot assign requested address";
    ENETDOWN = 100, "Network is down";
    ENETUNREACH = 101, "Network is unreachable";
    ENETRESET = 102, "Network dropped connection because of reset";
    ECONNABORTED = 103, "Software caused connection abort";
    ECONNRESET = 104, "Connection reset by peer";
    ENOBUFS = 105, "No buffer space available";
    EISCONN = 106, "Transport endpoint is already connected";
    ENOTCONN = 107, "Transport endpoint is not connected";
    ESHUTDOWN = 108, "Cannot send after transport endpoint shutdown";
    ETOOMANYREFS = 109, "Too many references: cannot splice";
    ETIMEDOUT = 110, "Connection timed out";
    ECONNREFUSED = 111, "Connection refused";
    EHOSTDOWN = 112, "Host is down";
    EHOSTUNREACH = 113, "No route to host";
    EALREADY = 114, "Operation already in progress";
    EINPROGRESS = 115, "Operation now in progress";
    ESTALE = 116, "Stale file handle";
    EUCLEAN = 117, "Structure needs cleaning";
    ENOTNAM = 118, "Not a XENIX named type file";
    ENAVAIL = 119, "No XENIX semaphores available";
    EISNAM = 120, "Is a named type file";
    EREMOTEIO = 121, "Remote I/O error";
    EDQUOT = 122, "Quota exceeded";
    ENOMEDIUM = 123, "No medium found";
    EMEDIUMTYPE = 124, "Wrong medium type";
    ECANCELED = 125, "Operation Canceled";
    ENOKEY = 126, "Required key not available";
    EKEYEXPIRED = 127, "Key has expired";
    EKEYREVOKED = 128, "Key has been revoked";
    EKEYREJECTED = 129, "Key was rejected by service";
    EOWNERDEAD = 130, "Owner died";
    ENOTRECOVERABLE = 131, "State not recoverable";
    ERFKILL = 132, "Operation not possible due to RF-kill";
    EHWPOISON = 133, "Memory page has hardware error";
}

impl fmt::Display for Errno {
    /// `-1 EPERM (Operation not permitted)`: the raw return value, the name and the
    /// description; `-4000` for a number with no name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name_and_description() {
            Some((name, description)) => write!(f, "{} {name} ({description})", -i64::from(self.0)),
            None => write!(f, "{}", -i64::from(self.0)),
        }
    }
}

impl fmt::Debug for Errno {
    /// The name (`EPERM`), or `Errno(4000)` for a number with no name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "Errno({})", self.0),
        }
    }
}

impl core::error::Error for Errno {}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::{Errno, NAMES};
    use std::{format, string::ToString};

    #[test]
    fn every_constant_names_itself() {
        for &name in NAMES {
            let errno = Errno::named(name);
            let back = errno.name().unwrap();
            match name {
                // Second names of a number: the first name is given back, unless the
                // architecture gives the second its own number (powerpc's EDEADLOCK).
                "EWOULDBLOCK" => assert_eq!(errno, Errno::EAGAIN),
                "EDEADLOCK" if errno == Errno::EDEADLK => {}
                _ => assert_eq!(back, name),
            }
        }
        assert_eq!(Errno::new(0).name(), None);
        assert_eq!(Errno::new(4000).name_and_description(), None);
        assert_eq!(format!("{:?}", Errno::new(4000)), "Errno(4000)");
        assert_eq!(Errno::new(4000).to_string(), "-4000");
        assert_eq!(
            Errno::EPERM.to_string(),
            "-1 EPERM (Operation not permitted)"
        );
    }
}
