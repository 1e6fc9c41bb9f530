//! `/init` of the initramfs that `.ci/kernels` boots on real kernels under qemu-system.
//!
//! As PID 1 it:
//! 1. gives itself a console (`/dev/console`, made here: the initramfs holds only files);
//! 2. prints the limits the kernel gave PID 1, as libc reads them (`pid1-limit NAME SOFT HARD`),
//!    for `.ci/kernels` to compare with the static `prlimit` booted as `/init`;
//! 3. runs every test executable in `/tests` as its child, before `/proc` exists (as an init
//!    system's earliest tools run), then again after mounting it;
//! 4. prints one `kernel-init: RUN: N passed, M failed, ...` line per run, and
//!    `kernel-init: done`, then reboots (qemu runs with `-no-reboot`, so it exits).
//!
//! A test executable that ends without libtest's `test result:` line, or with a non-zero exit
//! and no failed test, counts as one failed test. The tests named `host_` need what only the
//! host has (a cross gcc and kernel headers, cargo and the crates' sources); they are skipped
//! here with `--skip`, counted, and named in the summary line (`.ci/test` runs them).
//!
//! Not PID 1 (a developer trying it on the host), it runs the tests once and exits. With
//! `--limits` it only prints its limits (`pid1-limit ...`) and PID 1's as `/prlimit --pid 1`
//! prints them (`prlimit-pid1 ...`), and exits: `.ci/kernels` boots the static `prlimit` as
//! `/init` with `--usage /init --limits`, and compares the two. Then, in the same boot, it runs
//! the static `time` (`/time`) on itself as a memory hog (`--hog`) and waits for `/time` with
//! libc's `wait4`: the hog prints its own usage just before it exits (`hog-self ...`), `/time`
//! prints what the library's `wait_usage` gave it for the hog (`time-figures ...`), and this
//! process what libc's `wait4` gives for `/time`, which is `/time`'s usage plus the hog's
//! (`wait4-of-time ...`). `.ci/kernels` checks that the three agree (see `time_vs_wait4`).

use std::ffi::CString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "../../../tests/common/stack_buf.rs"]
mod stack_buf;
use stack_buf::StackBuf;

/// Where the test executables are (not PID 1: `$KERNEL_INIT_TESTS`, if set).
const TESTS: &str = "/tests";

fn tests_dir() -> PathBuf {
    match std::env::var_os("KERNEL_INIT_TESTS") {
        Some(dir) if std::process::id() != 1 => PathBuf::from(dir),
        _ => PathBuf::from(TESTS),
    }
}

/// Tests that need the host's tools (its cross gcc and kernel headers, cargo and the crates'
/// sources): their names start with `host_`. The reason is printed.
const HOST_ONLY: &[&str] = &["host_"];
const HOST_ONLY_REASON: &str =
    "need the host's cross gcc, kernel headers or crate sources (.ci/test runs them)";

/// The 16 resources, as util-linux `prlimit` names them, with their numbers on this
/// architecture (libc's constants; their C type differs between glibc and musl).
const RESOURCES: [(&str, i64); 16] = [
    ("AS", libc::RLIMIT_AS as i64),
    ("CORE", libc::RLIMIT_CORE as i64),
    ("CPU", libc::RLIMIT_CPU as i64),
    ("DATA", libc::RLIMIT_DATA as i64),
    ("FSIZE", libc::RLIMIT_FSIZE as i64),
    ("LOCKS", libc::RLIMIT_LOCKS as i64),
    ("MEMLOCK", libc::RLIMIT_MEMLOCK as i64),
    ("MSGQUEUE", libc::RLIMIT_MSGQUEUE as i64),
    ("NICE", libc::RLIMIT_NICE as i64),
    ("NOFILE", libc::RLIMIT_NOFILE as i64),
    ("NPROC", libc::RLIMIT_NPROC as i64),
    ("RSS", libc::RLIMIT_RSS as i64),
    ("RTPRIO", libc::RLIMIT_RTPRIO as i64),
    ("RTTIME", libc::RLIMIT_RTTIME as i64),
    ("SIGPENDING", libc::RLIMIT_SIGPENDING as i64),
    ("STACK", libc::RLIMIT_STACK as i64),
];

/// One run's tally.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    ignored: u64,
    skipped: u64,
    executables: u64,
    broken: Vec<String>,
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--limits") {
        // The command of the static prlimit booted as /init (`prlimit --usage /init --limits`):
        // the limits inherited from PID 1, which are the ones the kernel gave it; then PID 1's
        // table as the static prlimit itself reads it (`--pid 1`), in the same boot.
        pid1_limits();
        prlimit_table_of_pid1();
        time_vs_wait4();
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("--hog") {
        hog();
    }
    let pid1 = std::process::id() == 1;
    if pid1 {
        console();
    }
    let label = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    println!(
        "kernel-init: started as pid {} ({label})",
        std::process::id()
    );
    pid1_limits();
    kernel_facts();

    let mut runs = Vec::new();
    if pid1 {
        let _ = fs::create_dir_all("/tmp");
        let _ = fs::create_dir_all("/proc");
        assert!(
            !Path::new("/proc/self").exists(),
            "/proc is mounted already"
        );
        runs.push(("no-proc", run_all("no-proc")));
        mount_proc();
        runs.push(("proc", run_all("proc")));
    } else {
        runs.push(("host", run_all("host")));
    }
    for (name, t) in &runs {
        println!(
            "kernel-init: {name}: {} passed, {} failed, {} ignored, {} skipped ({HOST_ONLY_REASON}), {} test executables{}",
            t.passed,
            t.failed,
            t.ignored,
            t.skipped,
            t.executables,
            if t.broken.is_empty() {
                String::new()
            } else {
                format!("; broken: {}", t.broken.join(", "))
            }
        );
    }
    println!("kernel-init: done");
    let _ = std::io::stdout().flush();
    if pid1 {
        // SAFETY: flushes and reboots; qemu's -no-reboot turns the reboot into an exit.
        unsafe {
            libc::sync();
            libc::reboot(libc::RB_AUTOBOOT);
        }
    }
}

/// Opens `/dev/console` as stdin, stdout and stderr when the kernel could not (the initramfs
/// has no device nodes), and makes `/dev/null` for tests that spawn with `Stdio::null()`.
fn console() {
    let _ = fs::create_dir_all("/dev");
    for (path, major, minor) in [("/dev/console", 5, 1), ("/dev/null", 1, 3)] {
        let c = CString::new(path).unwrap();
        // SAFETY: a NUL-terminated path; mknod fails harmlessly if the node exists.
        unsafe {
            libc::mknod(
                c.as_ptr(),
                libc::S_IFCHR | 0o600,
                libc::makedev(major, minor),
            )
        };
    }
    // SAFETY: F_GETFD on fd 1 only asks whether it is open.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        let c = CString::new("/dev/console").unwrap();
        // SAFETY: opening the console and duplicating it onto the standard descriptors.
        unsafe {
            let fd = libc::open(c.as_ptr(), libc::O_RDWR);
            if fd >= 0 {
                for std_fd in 0..3 {
                    libc::dup2(fd, std_fd);
                }
                if fd > 2 {
                    libc::close(fd);
                }
            }
        }
    }
}

/// The kernel's release, its page size (libc's, from `AT_PAGESZ`) and whether it has `madvise`,
/// so that `.ci/kernels` can check that each run met the kernel it meant to.
fn kernel_facts() {
    // SAFETY: `uname` fills the struct; the fields are NUL-terminated.
    let release = unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        libc::uname(&mut u);
        std::ffi::CStr::from_ptr(u.release.as_ptr())
            .to_string_lossy()
            .into_owned()
    };
    println!("kernel-init: kernel {release}");
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    println!("kernel-init: page size {page} (AT_PAGESZ)");
    // SAFETY: a zero length at a page-aligned address touches no memory.
    let r = unsafe { libc::madvise(page as usize as *mut libc::c_void, 0, libc::MADV_NORMAL) };
    let err = std::io::Error::last_os_error();
    match (r, err.raw_os_error()) {
        (0, _) => println!("kernel-init: madvise ok"),
        (_, Some(libc::ENOSYS)) => println!("kernel-init: madvise ENOSYS"),
        _ => println!("kernel-init: madvise error {err}"),
    }
}

/// PID 1's limits as `/prlimit --pid 1 --raw --noheadings --output=RESOURCE,SOFT,HARD` prints
/// them, each line as `prlimit-pid1 NAME SOFT HARD`, and the tool's exit status.
fn prlimit_table_of_pid1() {
    // stdin inherited: `output()` would open /dev/null, which this initramfs does not have.
    let output = Command::new("/prlimit")
        .args([
            "--pid",
            "1",
            "--raw",
            "--noheadings",
            "--output=RESOURCE,SOFT,HARD",
        ])
        .stdin(Stdio::inherit())
        .output();
    match output {
        Ok(output) => {
            for line in String::from_utf8_lossy(&output.stdout).lines() {
                println!("prlimit-pid1 {line}");
            }
            let _ = std::io::stderr().write_all(&output.stderr);
            println!("prlimit-pid1-status {}", output.status);
        }
        Err(e) => println!("prlimit-pid1-status cannot run /prlimit: {e}"),
    }
}

/// What the hog makes resident: far above the static `time`'s own few pages, so that the
/// largest resident set of `/time` and its child is the hog's.
const HOG_BYTES: usize = 16 << 20;

/// `LABEL maxrss minflt majflt nvcsw nivcsw inblock oublock utime-µs stime-µs`, written to
/// fd 1 with one `write`.
fn print_usage(label: &str, u: &libc::rusage) {
    use std::fmt::Write as _;
    // Formatted without allocating: the hog formats its own figures after reading them, and
    // must not fault in new pages then.
    let mut line = StackBuf::new();
    // (`time_t` and `suseconds_t` are 32 bits on some targets.)
    #[allow(clippy::useless_conversion)]
    let us = |t: libc::timeval| i64::from(t.tv_sec) * 1_000_000 + i64::from(t.tv_usec);
    let _ = writeln!(
        line,
        "{label} {} {} {} {} {} {} {} {} {}",
        u.ru_maxrss,
        u.ru_minflt,
        u.ru_majflt,
        u.ru_nvcsw,
        u.ru_nivcsw,
        u.ru_inblock,
        u.ru_oublock,
        us(u.ru_utime),
        us(u.ru_stime)
    );
    // SAFETY: the first `len` bytes of `buf` are initialised.
    unsafe { libc::write(1, line.buf.as_ptr().cast(), line.len) };
}

/// `--hog`: makes `HOG_BYTES` resident, prints its own usage (`getrusage(RUSAGE_SELF)`) as
/// `hog-self ...` and exits at once. The same code prints a line before that, so that the
/// printing faults in no new page after the figures are read.
fn hog() -> ! {
    let mut memory = vec![0u8; HOG_BYTES];
    for byte in memory.iter_mut().step_by(512) {
        // SAFETY: a valid, aligned pointer to a byte of `memory`.
        unsafe { std::ptr::write_volatile(byte, 1) };
    }
    std::hint::black_box(&memory);
    // SAFETY: all-zero is a valid `rusage`.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    print_usage("hog-warmup", &u);
    // SAFETY: `u` is a valid out-pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    print_usage("hog-self", &u);
    // SAFETY: ends the process without running anything more.
    unsafe { libc::_exit(0) }
}

/// Runs `/time -f 'time-figures ...' /init --hog` and waits for it with libc's `wait4`, printing
/// what that reports as `wait4-of-time ...` (or `wait4-of-time error ...`).
fn time_vs_wait4() {
    let args = [
        "/time",
        "-f",
        "time-figures %M %R %F %w %c %I %O %U %S %x",
        "/init",
        "--hog",
    ]
    .map(|a| CString::new(a).unwrap());
    let mut argv: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    // SAFETY: this process has one thread; the child only calls execv and _exit.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: `argv` is a null-terminated array of NUL-terminated strings that outlive it.
        unsafe {
            libc::execv(argv[0], argv.as_ptr());
            libc::_exit(127)
        }
    }
    if pid < 0 {
        println!(
            "wait4-of-time error fork: {}",
            std::io::Error::last_os_error()
        );
        return;
    }
    let mut status = 0;
    // SAFETY: all-zero is a valid `rusage`.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid out-pointers for the status and the usage.
    if unsafe { libc::wait4(pid, &mut status, 0, &mut u) } != pid {
        println!("wait4-of-time error {}", std::io::Error::last_os_error());
        return;
    }
    print_usage("wait4-of-time", &u);
    println!("wait4-of-time-status {status}");
}

/// The limits this process started with, as libc reads them.
fn pid1_limits() {
    for (name, resource) in RESOURCES {
        let mut r = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: `r` is a valid out-pointer.
        if unsafe { libc::getrlimit(resource as _, &mut r) } != 0 {
            println!(
                "pid1-limit {name} error {}",
                std::io::Error::last_os_error()
            );
            continue;
        }
        let show = |v: libc::rlim_t| {
            if v == libc::RLIM_INFINITY {
                "unlimited".to_owned()
            } else {
                v.to_string()
            }
        };
        println!(
            "pid1-limit {name} {} {}",
            show(r.rlim_cur),
            show(r.rlim_max)
        );
    }
}

fn mount_proc() {
    let (src, dir, fstype) = (
        CString::new("proc").unwrap(),
        CString::new("/proc").unwrap(),
        CString::new("proc").unwrap(),
    );
    // SAFETY: NUL-terminated strings and no data.
    let r = unsafe {
        libc::mount(
            src.as_ptr(),
            dir.as_ptr(),
            fstype.as_ptr(),
            0,
            std::ptr::null(),
        )
    };
    if r != 0 {
        println!(
            "kernel-init: mount /proc: {}",
            std::io::Error::last_os_error()
        );
    }
}

/// Runs every test executable once, each in a fresh working directory (a core dump lands there).
fn run_all(run: &str) -> Tally {
    let mut tally = Tally::default();
    let tests = tests_dir();
    let mut exes: Vec<PathBuf> = match fs::read_dir(&tests) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            println!("kernel-init: {}: {e}", tests.display());
            tally.failed += 1;
            tally.broken.push(format!("{} unreadable", tests.display()));
            return tally;
        }
    };
    exes.sort();
    if exes.is_empty() {
        tally.failed += 1;
        tally
            .broken
            .push(format!("no test executables in {}", tests.display()));
    }
    for exe in exes {
        let name = exe.file_name().unwrap().to_string_lossy().into_owned();
        let dir = std::env::temp_dir()
            .join("kernel-init")
            .join(run)
            .join(&name);
        fs::create_dir_all(&dir).expect("working directory");
        let log_path = dir.join("output.log");
        let log = fs::File::create(&log_path).expect("log file");
        let mut cmd = Command::new(&exe);
        for skip in HOST_ONLY {
            cmd.args(["--skip", skip]);
        }
        cmd.current_dir(&dir)
            .env("RUST_BACKTRACE", "1")
            .env("TMPDIR", "/tmp")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log);
        println!("==== {run}: {name}");
        let status = cmd.status();
        let output = fs::read_to_string(&log_path).unwrap_or_default();
        print!("{output}");
        tally.executables += 1;
        let result = output.lines().rev().find_map(parse_result);
        match (status, result) {
            (Ok(status), Some((passed, failed, ignored, filtered))) => {
                tally.passed += passed;
                tally.failed += failed;
                tally.ignored += ignored;
                tally.skipped += filtered;
                if !status.success() && failed == 0 {
                    tally.failed += 1;
                    tally.broken.push(format!("{name} ({status})"));
                }
            }
            (Ok(status), None) => {
                tally.failed += 1;
                tally
                    .broken
                    .push(format!("{name} (no result line; {status})"));
            }
            (Err(e), _) => {
                tally.failed += 1;
                tally.broken.push(format!("{name} (not started: {e})"));
            }
        }
    }
    tally
}

/// `test result: ok. 9 passed; 0 failed; 1 ignored; 0 measured; 3 filtered out; ...`
fn parse_result(line: &str) -> Option<(u64, u64, u64, u64)> {
    let rest = line.strip_prefix("test result: ")?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let count = |label: &str| -> Option<u64> {
        let at = words
            .iter()
            .position(|w| w.trim_end_matches(';') == label)?;
        words.get(at.checked_sub(1)?)?.parse().ok()
    };
    Some((
        count("passed")?,
        count("failed")?,
        count("ignored")?,
        count("filtered").unwrap_or(0),
    ))
}
