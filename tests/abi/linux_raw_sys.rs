//! The crate's system call numbers, errno numbers, constants and struct layouts equal those of
//! `linux-raw-sys`, whose bindings are generated from the kernel headers of each architecture.
//!
//! The constants and layouts are `const` assertions: a mismatch is a compile error of this test,
//! on the target it is built for, so building it (`cargo check --tests` is enough) checks that
//! target. Field types are compared too: a field of a different type does not compile. The
//! system call numbers of every architecture are compared with linux-raw-sys's sources on the
//! host (`host_numbers_of_every_architecture_are_linux_raw_sys`), so a new number needs no line
//! here.

use linux_raw_sys::{errno, general};
use linux_resource::raw::{self, KernelRlimit, KernelRusage, KernelTimeval};
use linux_resource::{
    Errno, RLIM_INFINITY, RLIM_NLIMITS, RLIM_SAVED_CUR, RLIM_SAVED_MAX, RUSAGE_BOTH,
    RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, Resource, Rlimit,
};
use std::mem::{align_of, offset_of, size_of};

// System call numbers: `host_numbers_of_every_architecture_are_linux_raw_sys` below, from
// linux-raw-sys's source, for every architecture at once.

// The static tool's constants (feature `unstable-syscall`).
#[cfg(feature = "unstable-syscall")]
mod tool {
    use linux_raw_sys::ioctl;
    use linux_resource::syscall;

    const _: () = assert!(syscall::TCGETS == ioctl::TCGETS);
    const _: () = assert!(syscall::TIOCGWINSZ == ioctl::TIOCGWINSZ);
    const _: () = assert!(syscall::O_CREAT == linux_raw_sys::general::O_CREAT);
    const _: () = assert!(syscall::O_TRUNC == linux_raw_sys::general::O_TRUNC);
    const _: () = assert!(syscall::O_APPEND == linux_raw_sys::general::O_APPEND);
    const _: () = assert!(syscall::O_WRONLY == linux_raw_sys::general::O_WRONLY);
    const _: () = assert!(syscall::O_CLOEXEC == linux_raw_sys::general::O_CLOEXEC);
    const _: () = assert!(syscall::AT_FDCWD == linux_raw_sys::general::AT_FDCWD);
}

// Resources, in the kernel's order.
const RLIMITS: [(Resource, u32); 16] = [
    (Resource::Cpu, general::RLIMIT_CPU),
    (Resource::Fsize, general::RLIMIT_FSIZE),
    (Resource::Data, general::RLIMIT_DATA),
    (Resource::Stack, general::RLIMIT_STACK),
    (Resource::Core, general::RLIMIT_CORE),
    (Resource::Rss, general::RLIMIT_RSS),
    (Resource::Nproc, general::RLIMIT_NPROC),
    (Resource::Nofile, general::RLIMIT_NOFILE),
    (Resource::Memlock, general::RLIMIT_MEMLOCK),
    (Resource::As, general::RLIMIT_AS),
    (Resource::Locks, general::RLIMIT_LOCKS),
    (Resource::Sigpending, general::RLIMIT_SIGPENDING),
    (Resource::Msgqueue, general::RLIMIT_MSGQUEUE),
    (Resource::Nice, general::RLIMIT_NICE),
    (Resource::Rtprio, general::RLIMIT_RTPRIO),
    (Resource::Rttime, general::RLIMIT_RTTIME),
];
const _: () = {
    assert!(Resource::ALL.len() == RLIMITS.len());
    let mut i = 0;
    while i < RLIMITS.len() {
        assert!(RLIMITS[i].0.as_raw() == RLIMITS[i].1);
        assert!(Resource::ALL[RLIMITS[i].1 as usize].as_raw() == RLIMITS[i].1);
        i += 1;
    }
};
const _: () = assert!(RLIM_NLIMITS == general::RLIM_NLIMITS);

// linux-raw-sys gives `(~0UL)` as `-1` (i32): widened with sign extension it is all ones. It is
// the `unsigned long` of `struct rlimit` (32 bits on 32-bit architectures, and o32's own
// 0x7fffffff on mips o32): `raw::KERNEL_RLIM_INFINITY`. RLIM64_INFINITY is the crate's.
const _: () = assert!(RLIM_INFINITY == general::RLIM64_INFINITY as i64 as u64);
const _: () =
    assert!(general::RLIM_INFINITY as i64 as std::ffi::c_ulong == raw::KERNEL_RLIM_INFINITY);
const _: () = assert!(RLIM_INFINITY == u64::MAX);
const _: () = assert!(RLIM_SAVED_CUR == RLIM_INFINITY && RLIM_SAVED_MAX == RLIM_INFINITY);

const _: () = assert!(RUSAGE_SELF as i64 == general::RUSAGE_SELF as i64);
const _: () = assert!(RUSAGE_CHILDREN as i64 == general::RUSAGE_CHILDREN as i64);
const _: () = assert!(RUSAGE_BOTH as i64 == general::RUSAGE_BOTH as i64);
const _: () = assert!(RUSAGE_THREAD as i64 == general::RUSAGE_THREAD as i64);

/// Every `Errno` constant is linux-raw-sys's errno of the same name on this architecture.
/// `EDEADLOCK` is left to `tests/abi/kernel_headers.rs` (gcc and the real headers): linux-raw-sys
/// 0.12.1 gives 35 for powerpc64, whose `<asm/errno.h>` redefines it as 58.
macro_rules! same_errnos {
    ($($name:ident,)*) => {
        $(const _: () = assert!(Errno::$name.into_raw() as u32 == errno::$name);)*
    };
}
same_errnos! {
    EPERM,
    ENOENT,
    ESRCH,
    EINTR,
    EIO,
    ENXIO,
    E2BIG,
    ENOEXEC,
    EBADF,
    ECHILD,
    EAGAIN,
    ENOMEM,
    EACCES,
    EFAULT,
    ENOTBLK,
    EBUSY,
    EEXIST,
    EXDEV,
    ENODEV,
    ENOTDIR,
    EISDIR,
    EINVAL,
    ENFILE,
    EMFILE,
    ENOTTY,
    ETXTBSY,
    EFBIG,
    ENOSPC,
    ESPIPE,
    EROFS,
    EMLINK,
    EPIPE,
    EDOM,
    ERANGE,
    EDEADLK,
    ENAMETOOLONG,
    ENOLCK,
    ENOSYS,
    ENOTEMPTY,
    ELOOP,
    ENOMSG,
    EIDRM,
    ECHRNG,
    EL2NSYNC,
    EL3HLT,
    EL3RST,
    ELNRNG,
    EUNATCH,
    ENOCSI,
    EL2HLT,
    EBADE,
    EBADR,
    EXFULL,
    ENOANO,
    EBADRQC,
    EBADSLT,
    EBFONT,
    ENOSTR,
    ENODATA,
    ETIME,
    ENOSR,
    ENONET,
    ENOPKG,
    EREMOTE,
    ENOLINK,
    EADV,
    ESRMNT,
    ECOMM,
    EPROTO,
    EMULTIHOP,
    EDOTDOT,
    EBADMSG,
    EOVERFLOW,
    ENOTUNIQ,
    EBADFD,
    EREMCHG,
    ELIBACC,
    ELIBBAD,
    ELIBSCN,
    ELIBMAX,
    ELIBEXEC,
    EILSEQ,
    ERESTART,
    ESTRPIPE,
    EUSERS,
    ENOTSOCK,
    EDESTADDRREQ,
    EMSGSIZE,
    EPROTOTYPE,
    ENOPROTOOPT,
    EPROTONOSUPPORT,
    ESOCKTNOSUPPORT,
    EOPNOTSUPP,
    EPFNOSUPPORT,
    EAFNOSUPPORT,
    EADDRINUSE,
    EADDRNOTAVAIL,
    ENETDOWN,
    ENETUNREACH,
    ENETRESET,
    ECONNABORTED,
    ECONNRESET,
    ENOBUFS,
    EISCONN,
    ENOTCONN,
    ESHUTDOWN,
    ETOOMANYREFS,
    ETIMEDOUT,
    ECONNREFUSED,
    EHOSTDOWN,
    EHOSTUNREACH,
    EALREADY,
    EINPROGRESS,
    ESTALE,
    EUCLEAN,
    ENOTNAM,
    ENAVAIL,
    EISNAM,
    EREMOTEIO,
    EDQUOT,
    ENOMEDIUM,
    EMEDIUMTYPE,
    ECANCELED,
    ENOKEY,
    EKEYEXPIRED,
    EKEYREVOKED,
    EKEYREJECTED,
    EOWNERDEAD,
    ENOTRECOVERABLE,
    ERFKILL,
    EHWPOISON,
    EWOULDBLOCK,
}

/// Size and alignment of ours equal theirs.
macro_rules! same_layout {
    ($ours:ty, $theirs:ty) => {
        const _: () = assert!(size_of::<$ours>() == size_of::<$theirs>());
        const _: () = assert!(align_of::<$ours>() == align_of::<$theirs>());
    };
}

/// The field is at the same offset, and has the same type. Listing every field, with the sizes
/// adding up, proves none is missing.
macro_rules! same_fields {
    ($ours:ty, $theirs:ty, { $($a:ident => $b:ident: $kind:tt),* $(,)? }) => {
        $(
            const _: () = assert!(offset_of!($ours, $a) == offset_of!($theirs, $b));
            same_fields!(@type $kind, $ours, $a, $theirs, $b);
        )*
        const _: () = assert!(0 $(+ same_fields!(@size $ours, $a))* == size_of::<$ours>());
    };
    (@type same, $ours:ty, $a:ident, $theirs:ty, $b:ident) => {
        const _: () = {
            const fn same_type<T>(_: fn(&$ours) -> &T, _: fn(&$theirs) -> &T) {}
            same_type(|v| &v.$a, |v| &v.$b);
        };
    };
    (@type timeval, $ours:ty, $a:ident, $theirs:ty, $b:ident) => {
        const _: () = {
            const fn is<T>(_: fn(&$ours) -> &KernelTimeval, _: fn(&$theirs) -> &T) {}
            is::<general::__kernel_old_timeval>(|v| &v.$a, |v| &v.$b);
        };
    };
    (@size $ours:ty, $a:ident) => {{
        const fn size<T, F>(_: fn(&T) -> &F) -> usize {
            size_of::<F>()
        }
        size::<$ours, _>(|v| &v.$a)
    }};
}

// prlimit64's `struct rlimit64`, on every architecture.
same_layout!(Rlimit, general::rlimit64);
same_fields!(Rlimit, general::rlimit64, {
    soft => rlim_cur: same,
    hard => rlim_max: same,
});
// getrlimit and setrlimit take `struct rlimit`: `unsigned long`s.
same_layout!(KernelRlimit, general::rlimit);
same_fields!(KernelRlimit, general::rlimit, {
    rlim_cur => rlim_cur: same,
    rlim_max => rlim_max: same,
});

same_layout!(KernelTimeval, general::__kernel_old_timeval);
same_fields!(KernelTimeval, general::__kernel_old_timeval, {
    tv_sec => tv_sec: same,
    tv_usec => tv_usec: same,
});

same_layout!(KernelRusage, general::rusage);
same_fields!(KernelRusage, general::rusage, {
    ru_utime => ru_utime: timeval,
    ru_stime => ru_stime: timeval,
    ru_maxrss => ru_maxrss: same,
    ru_ixrss => ru_ixrss: same,
    ru_idrss => ru_idrss: same,
    ru_isrss => ru_isrss: same,
    ru_minflt => ru_minflt: same,
    ru_majflt => ru_majflt: same,
    ru_nswap => ru_nswap: same,
    ru_inblock => ru_inblock: same,
    ru_oublock => ru_oublock: same,
    ru_msgsnd => ru_msgsnd: same,
    ru_msgrcv => ru_msgrcv: same,
    ru_nsignals => ru_nsignals: same,
    ru_nvcsw => ru_nvcsw: same,
    ru_nivcsw => ru_nivcsw: same,
});

/// The same bytes read as theirs and as ours give each field the same value: a `struct rusage`
/// the kernel writes reads the same through `KernelRusage` as through linux-raw-sys, and widens
/// into the same `Rusage` values (negative ones too, sign-extended on 32-bit architectures).
#[test]
fn rusage_fields_read_the_same_bytes() {
    let tv = |n| general::__kernel_old_timeval {
        tv_sec: n,
        tv_usec: n + 1,
    };
    let theirs = general::rusage {
        ru_utime: tv(1),
        ru_stime: tv(3),
        ru_maxrss: 5,
        ru_ixrss: 6,
        ru_idrss: 7,
        ru_isrss: 8,
        ru_minflt: 9,
        ru_majflt: 10,
        ru_nswap: 11,
        ru_inblock: 12,
        ru_oublock: 13,
        ru_msgsnd: 14,
        ru_msgrcv: 15,
        ru_nsignals: 16,
        ru_nvcsw: 17,
        ru_nivcsw: -18,
    };
    // SAFETY: both are `repr(C)` structs of the same size (asserted above) made only of
    // integers, for which every bit pattern is valid.
    let kernel: KernelRusage = unsafe { std::mem::transmute(theirs) };
    let ours = linux_resource::Rusage::from(kernel);
    assert_eq!((ours.ru_utime.tv_sec, ours.ru_utime.tv_usec), (1, 2));
    assert_eq!((ours.ru_stime.tv_sec, ours.ru_stime.tv_usec), (3, 4));
    assert_eq!(
        [
            ours.ru_maxrss,
            ours.ru_ixrss,
            ours.ru_idrss,
            ours.ru_isrss,
            ours.ru_minflt,
            ours.ru_majflt,
            ours.ru_nswap,
            ours.ru_inblock,
            ours.ru_oublock,
            ours.ru_msgsnd,
            ours.ru_msgrcv,
            ours.ru_nsignals,
            ours.ru_nvcsw,
            ours.ru_nivcsw,
        ],
        [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, -18]
    );
}

/// The same for `Rlimit` and `struct rlimit64`, with the all-ones `RLIM64_INFINITY`.
#[test]
fn rlimit_fields_read_the_same_bytes() {
    let theirs = general::rlimit64 {
        rlim_cur: 1024,
        rlim_max: general::RLIM64_INFINITY as i64 as u64,
    };
    // SAFETY: both are `repr(C)` pairs of `u64` (asserted above).
    let ours: Rlimit = unsafe { std::mem::transmute(theirs) };
    assert_eq!(ours, Rlimit::new(1024, RLIM_INFINITY));
}

/// Each resource's number is linux-raw-sys's `RLIMIT_<name>`, and its place in `Resource::ALL`.
#[test]
fn resources_in_kernel_order() {
    for (resource, number) in RLIMITS {
        assert_eq!(resource.as_raw(), number, "{resource}");
        assert_eq!(Resource::ALL[number as usize], resource);
    }
}

// waitid's `siginfo_t`: our `raw::Siginfo` has the kernel's size and alignment, and the fields
// `waitid` fills (the SIGCHLD view of the union) at the kernel's offsets, with the same types.
same_layout!(raw::Siginfo, general::siginfo_t);
macro_rules! siginfo_field {
    ($ours:ident, $($theirs:tt)*) => {
        const _: () = assert!(
            offset_of!(raw::Siginfo, $ours) == offset_of!(general::siginfo_t, __bindgen_anon_1.__bindgen_anon_1.$($theirs)*)
        );
        const _: () = {
            const fn same_type<T>(_: fn(&raw::Siginfo) -> &T, _: fn(&general::siginfo_t) -> &T) {}
            // SAFETY: never called; reads a union field only in the type check.
            same_type(|v| &v.$ours, |v| unsafe { &v.__bindgen_anon_1.__bindgen_anon_1.$($theirs)* });
        };
    };
}
siginfo_field!(si_signo, si_signo);
siginfo_field!(si_errno, si_errno);
siginfo_field!(si_code, si_code);
siginfo_field!(si_pid, _sifields._sigchld._pid);
siginfo_field!(si_uid, _sifields._sigchld._uid);
siginfo_field!(si_status, _sifields._sigchld._status);
const _: () = assert!(raw::WNOHANG as u32 == general::WNOHANG);
const _: () = assert!(raw::WEXITED as u32 == general::WEXITED);
const _: () = assert!(raw::WNOWAIT as u32 == general::WNOWAIT);
const _: () = assert!(raw::P_PID as u32 == general::P_PID);

// capget's structs and constants (`apply_limits`).
same_layout!(raw::CapUserHeader, general::__user_cap_header_struct);
same_fields!(raw::CapUserHeader, general::__user_cap_header_struct, {
    version => version: same,
    pid => pid: same,
});
same_layout!(raw::CapUserData, general::__user_cap_data_struct);
same_fields!(raw::CapUserData, general::__user_cap_data_struct, {
    effective => effective: same,
    permitted => permitted: same,
    inheritable => inheritable: same,
});
const _: () = assert!(raw::LINUX_CAPABILITY_VERSION_3 == general::_LINUX_CAPABILITY_VERSION_3);
const _: () = assert!(raw::CAP_SYS_RESOURCE == general::CAP_SYS_RESOURCE);

/// The directory of linux-raw-sys's sources (the version this test is built with), from
/// `cargo metadata`: on the host, where cargo is.
fn linux_raw_sys_src() -> std::path::PathBuf {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} metadata: {e}", env!("CARGO")));
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = String::from_utf8(output.stdout).unwrap();
    // The package whose manifest is in a directory named linux-raw-sys (`linux-raw-sys-0.12.1`
    // in cargo's registry), without a JSON parser: paths hold no quotes.
    let manifest = json
        .split("\"manifest_path\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|path| {
            let dir = std::path::Path::new(path)
                .parent()
                .and_then(|d| d.file_name());
            dir.is_some_and(|d| d.to_string_lossy().starts_with("linux-raw-sys"))
        })
        .expect("linux-raw-sys's manifest in cargo metadata");
    std::path::Path::new(manifest).parent().unwrap().join("src")
}

/// Every system call number of every architecture's file (`syscall_numbers!`, and the
/// asm-generic table where the file takes it) is linux-raw-sys's `__NR_` of that name in its
/// module of that architecture, which its authors generated from that architecture's headers.
/// Named `host_`: it reads linux-raw-sys's sources, which only the host has (not a real
/// kernel's initramfs).
#[test]
fn host_numbers_of_every_architecture_are_linux_raw_sys() {
    use crate::common::arches::{self, ARCHES};
    let src = linux_raw_sys_src();
    let mut checked = 0;
    for arch in ARCHES {
        let path = src.join(arch.name).join("general.rs");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (name, value) in arches::numbers(arch) {
            let c_name = arches::kernel_name(&name);
            let theirs = text
                .lines()
                .find_map(|line| line.strip_prefix(&format!("pub const {c_name}: u32 = ")))
                .and_then(|v| v.strip_suffix(';'))
                .and_then(|v| v.parse::<u32>().ok());
            assert_eq!(
                theirs,
                Some(value),
                "arch/{}.rs {name} = {value}, linux-raw-sys {}",
                arch.name,
                path.display()
            );
            checked += 1;
        }
    }
    println!(
        "{checked} numbers of {} architectures equal linux-raw-sys's",
        ARCHES.len()
    );
}
