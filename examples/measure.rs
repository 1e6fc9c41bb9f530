//! Measures the CPU time and page faults of a closure with two `getrusage(RUSAGE_THREAD)`
//! samples and [`Rusage::since`], allocating nothing. Run with `cargo run --example measure`.
//!
//! `Who::Thread` counts only the calling thread, so work done by other threads of the process
//! does not blur the figures, and it is the cheapest selector. For work that spawns threads,
//! sample `Who::Process` instead; for work done in child processes, `Who::Children` (after the
//! children were waited for).

use linux_resource::{Rusage, Who, getrusage};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs `f` and returns its result with the calling thread's resource usage while it ran.
///
/// The two samples are system calls on the stack: nothing is allocated, so the measurement
/// does not disturb an allocator-sensitive workload.
fn measure<T>(f: impl FnOnce() -> T) -> Result<(T, Rusage), linux_resource::Error> {
    let before = getrusage(Who::Thread)?;
    let value = f();
    let after = getrusage(Who::Thread)?;
    Ok((value, after.since(&before)))
}

fn report(what: &str, usage: &Rusage) {
    println!(
        "{what:<28} cpu {:>10.3?} (user {:>10.3?}, system {:>10.3?}), {:>6} minor / {} major faults, \
         {} voluntary / {} involuntary switches",
        usage.cpu_time(),
        usage.user_time(),
        usage.system_time(),
        usage.ru_minflt,
        usage.ru_majflt,
        usage.ru_nvcsw,
        usage.ru_nivcsw,
    );
}

/// The mean wall-clock cost of one `getrusage(who)` call.
fn cost_of(who: Who) -> Result<Duration, linux_resource::Error> {
    const CALLS: u32 = 100_000;
    let start = Instant::now();
    for _ in 0..CALLS {
        black_box(getrusage(black_box(who))?);
    }
    Ok(start.elapsed() / CALLS)
}

fn main() -> Result<(), linux_resource::Error> {
    // Pure computation: CPU time, (almost) no page faults.
    let (sum, usage) = measure(|| {
        let mut x = 0u64;
        for i in 0..50_000_000u64 {
            x = black_box(x.wrapping_add(i.wrapping_mul(i)));
        }
        x
    })?;
    black_box(sum);
    report("50M multiply-adds", &usage);

    // Touching 64 MiB of fresh memory: one minor fault per page, mostly system time.
    let (pages, usage) = measure(|| {
        let mut buf = vec![0u8; 64 << 20];
        let page = linux_resource::page_size();
        for i in (0..buf.len()).step_by(page) {
            buf[i] = 1;
        }
        black_box(&buf);
        buf.len() / page
    })?;
    report(&format!("touch {pages} fresh pages"), &usage);
    println!(
        "{:<28} max RSS of the process so far: {} bytes",
        "",
        usage.max_rss_bytes()
    );

    // What a sample costs.
    for who in [Who::Thread, Who::Process] {
        println!("getrusage({who:?}) costs {:?} per call", cost_of(who)?);
    }
    Ok(())
}
