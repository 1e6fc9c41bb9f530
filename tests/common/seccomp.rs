//! Seccomp filters for forked children: one system call refused with an errno of the test's
//! choosing, as a container's seccomp profile would refuse it. Filters cannot be removed: use
//! them only in a forked child (`super::in_child`).

/// Installs a filter on this process under which system call `nr` fails with `errno` and
/// every other call is allowed (filters add up: call it once per system call to refuse).
/// `false` where seccomp filters are not available: qemu-user refuses them (they would apply
/// to its own system calls), and a kernel may be built without `CONFIG_SECCOMP_FILTER`.
pub fn refuse(nr: u32, errno: i32) -> bool {
    install(&[
        // The system call's number (`seccomp_data.nr`, at offset 0).
        bpf(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0, 0, 0),
        bpf(libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K, 0, 1, nr),
        bpf(
            libc::BPF_RET | libc::BPF_K,
            0,
            0,
            libc::SECCOMP_RET_ERRNO | errno as u32,
        ),
        bpf(libc::BPF_RET | libc::BPF_K, 0, 0, libc::SECCOMP_RET_ALLOW),
    ])
}

/// As [`refuse`], but only the calls of `nr` whose argument `arg` (0 to 5) is not zero: a
/// profile that refuses `prlimit64` with a new limit and lets it read. Both 32-bit halves of the
/// argument (`seccomp_data.args[arg]`, a `u64` from offset 16) are tested, so that the byte
/// order does not matter.
pub fn refuse_when_set(nr: u32, arg: u32, errno: i32) -> bool {
    let at = 16 + 8 * arg;
    install(&[
        bpf(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0, 0, 0),
        // Not `nr`: allowed (the last instruction).
        bpf(libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K, 0, 5, nr),
        bpf(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0, 0, at),
        // A non-zero half: refused.
        bpf(libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K, 0, 2, 0),
        bpf(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0, 0, at + 4),
        bpf(libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K, 1, 0, 0),
        bpf(
            libc::BPF_RET | libc::BPF_K,
            0,
            0,
            libc::SECCOMP_RET_ERRNO | errno as u32,
        ),
        bpf(libc::BPF_RET | libc::BPF_K, 0, 0, libc::SECCOMP_RET_ALLOW),
    ])
}

/// Installs `filter` on this process; `false` where seccomp filters are not available.
fn install(filter: &[libc::sock_filter]) -> bool {
    let program = libc::sock_fprog {
        len: filter.len() as u16,
        filter: filter.as_ptr().cast_mut(),
    };
    // SAFETY: `program` points to `filter`, both alive for the call; the kernel copies the
    // filter. No-new-privs is what an unprivileged caller needs to install one.
    unsafe {
        libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
            && libc::prctl(
                libc::PR_SET_SECCOMP,
                libc::SECCOMP_MODE_FILTER,
                &program as *const libc::sock_fprog,
            ) == 0
    }
}

fn bpf(code: u32, jt: u8, jf: u8, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code: code as u16,
        jt,
        jf,
        k,
    }
}
