//! The benchmark driver. `bash benches/run.sh` runs all of it; by hand:
//!
//! ```text
//! bench check                      # one call per cell, all must succeed
//! bench time [ROUNDS] [BATCH]      # interleaved timing, Markdown tables
//! bench allocs                     # heap allocations per call, Markdown table
//! bench icount APPROACH OP N       # N calls of one cell (run under callgrind)
//! bench icount-table FILE          # Markdown table from the callgrind figures run.sh gathers
//! bench list                       # APPROACH OP pairs that have a cell
//! ```

use linux_resource_benches::alloc_count::{self, Counting};
use linux_resource_benches::{cells, current_nofile, find, Approach, Cell, Imp, Op, RunFn};
use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["check"] => check(),
        ["list"] => {
            for cell in cells() {
                if let Imp::Run { .. } = cell.imp {
                    println!("{} {}", cell.approach.id(), cell.op.id());
                }
            }
            ExitCode::SUCCESS
        }
        ["time", rest @ ..] => {
            let rounds = rest.first().map_or(Ok(400), |s| s.parse()).expect("ROUNDS");
            let batch = rest.get(1).map_or(Ok(2000), |s| s.parse()).expect("BATCH");
            time(rounds, batch);
            ExitCode::SUCCESS
        }
        ["allocs"] => allocs(),
        ["icount", approach, op, n] => icount(approach, op, n),
        ["icount-table", file] => icount_table(file),
        _ => {
            eprintln!("usage: bench check | list | time [ROUNDS] [BATCH] | allocs | icount APPROACH OP N | icount-table FILE");
            ExitCode::from(2)
        }
    }
}

fn check() -> ExitCode {
    let lim = current_nofile();
    let mut ok = true;
    for cell in cells() {
        if let Imp::Run { check, .. } = cell.imp {
            if !check(lim) {
                eprintln!("FAILED: {} {}", cell.approach.id(), cell.op.id());
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn icount(approach: &str, op: &str, n: &str) -> ExitCode {
    let (Some(approach), Some(op), Ok(n)) =
        (Approach::from_id(approach), Op::from_id(op), n.parse())
    else {
        eprintln!("unknown approach or op, or bad N (see `bench list`)");
        return ExitCode::from(2);
    };
    let lim = current_nofile();
    match find(op, approach).imp {
        Imp::Run { run, check, .. } => {
            if !check(lim) {
                eprintln!("the call fails: {} {}", approach.id(), op.id());
                return ExitCode::FAILURE;
            }
            run(n, lim);
            ExitCode::SUCCESS
        }
        Imp::Missing(why) => {
            eprintln!("no such cell: {why}");
            ExitCode::from(2)
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    quantile(v, 0.5)
}

/// Linear-interpolated quantile (sorts `v`).
fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

/// A small xorshift generator for the per-round order of the cells.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

fn time(rounds: usize, batch: u64) {
    let lim = current_nofile();
    let all = cells();
    let measured: Vec<(usize, RunFn)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c.imp {
            Imp::Run { run, check, .. } => {
                assert!(check(lim), "{} {} fails", c.approach.id(), c.op.id());
                Some((i, run))
            }
            Imp::Missing(_) => None,
        })
        .collect();
    // ns per call, per cell index, one entry per round.
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); all.len()];
    let mut order = measured.clone();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    // Round 0 warms caches and branch predictors and is thrown away.
    for round in 0..=rounds {
        rng.shuffle(&mut order);
        for &(i, run) in &order {
            let t0 = Instant::now();
            run(batch, lim);
            let ns = t0.elapsed().as_nanos() as f64 / batch as f64;
            if round > 0 {
                samples[i].push(ns);
            }
        }
    }
    let elapsed = started.elapsed();

    let index: HashMap<(Op, Approach), usize> = all
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.op, c.approach), i))
        .collect();
    let floor_of = |op: Op| index[&(op, Approach::Floor)];
    // Per-round ratio of a cell to another cell measured in the same round.
    let paired = |a: usize, b: usize| -> Vec<f64> {
        samples[a]
            .iter()
            .zip(&samples[b])
            .map(|(x, y)| x / y)
            .collect()
    };
    let medians: Vec<f64> = samples
        .iter()
        .map(|s| {
            if s.is_empty() {
                f64::NAN
            } else {
                median(&mut s.clone())
            }
        })
        .collect();

    println!(
        "{rounds} rounds x {batch} calls per cell, all {} cells interleaved in random order each round; {:.1} s in all.",
        measured.len(),
        elapsed.as_secs_f64()
    );
    println!("Cell: median ns per call (median over rounds of the cell's time / the floor's time in the same round; floor = the bare `syscall` instruction of the operation's own system call).");
    println!();
    print!("| operation |");
    for a in Approach::ALL {
        print!(" {} |", a.label());
    }
    println!();
    print!("|---|");
    for _ in Approach::ALL {
        print!("---:|");
    }
    println!();
    for op in Op::ALL {
        print!("| {} |", op.label());
        for a in Approach::ALL {
            let i = index[&(op, a)];
            match all[i].imp {
                Imp::Run { syscall, .. } => {
                    let ratio = median(&mut paired(i, floor_of(op)));
                    let via = if syscall == "prlimit64" && op != Op::PrlimitRead {
                        " ᵖ"
                    } else {
                        ""
                    };
                    print!(" {:.1} ({:.2}x){via} |", medians[i], ratio);
                }
                Imp::Missing(why) => print!(" {why} |"),
            }
        }
        println!();
    }
    println!();
    println!(
        "ᵖ = made with the prlimit64 system call (checked with strace), not the operation's own."
    );
    println!();

    println!("Targets (ratios are medians of per-round ratios):");
    println!();
    let lr_get = index[&(Op::Getrlimit, Approach::LinuxResource)];
    print!("- getrlimit, peer time / linux_resource time (target >= 2.0x):");
    for a in [
        Approach::Libc,
        Approach::Rustix,
        Approach::Nix,
        Approach::Rlimit,
    ] {
        let r = median(&mut paired(index[&(Op::Getrlimit, a)], lr_get));
        print!(
            " {} {:.2}x{};",
            a.label(),
            r,
            if r >= 2.0 { "" } else { " (MISSED)" }
        );
    }
    println!();
    print!("- linux_resource time / floor time (target <= 1.03x):");
    for op in Op::ALL.into_iter().filter(|&op| op != Op::NullSyscall) {
        let mut p = paired(index[&(op, Approach::LinuxResource)], floor_of(op));
        let m = median(&mut p);
        let (q1, q3) = (quantile(&mut p, 0.25), quantile(&mut p, 0.75));
        print!(
            " {} {:.3}x [IQR {:.3}-{:.3}]{};",
            op.id(),
            m,
            q1,
            q3,
            if m <= 1.03 { "" } else { " (MISSED)" }
        );
    }
    println!();
    let get = floor_of(Op::Getrlimit);
    let pr = index[&(Op::Getrlimit, Approach::FloorPrlimit64)];
    let set = floor_of(Op::Setrlimit);
    let prw = index[&(Op::Setrlimit, Approach::FloorPrlimit64)];
    println!(
        "- floor per system call: prlimit64 read / getrlimit = {:.2}x ({:.1} vs {:.1} ns); prlimit64 write / setrlimit = {:.2}x ({:.1} vs {:.1} ns).",
        median(&mut paired(pr, get)),
        medians[pr],
        medians[get],
        median(&mut paired(prw, set)),
        medians[prw],
        medians[set],
    );
    let null = floor_of(Op::NullSyscall);
    // Per round: (a - null) / (b - null), the kernel work of `a` over that of `b`.
    let work = |a: usize, b: usize| -> f64 {
        let mut v: Vec<f64> = (0..samples[a].len())
            .map(|r| (samples[a][r] - samples[null][r]) / (samples[b][r] - samples[null][r]))
            .collect();
        median(&mut v)
    };
    println!(
        "- the same, less the cost of entering and leaving the kernel (the no-op syscall, {:.1} ns): prlimit64 read / getrlimit = {:.2}x ({:.1} vs {:.1} ns of work); prlimit64 write / setrlimit = {:.2}x ({:.1} vs {:.1} ns).",
        medians[null],
        work(pr, get),
        medians[pr] - medians[null],
        medians[get] - medians[null],
        work(prw, set),
        medians[prw] - medians[null],
        medians[set] - medians[null],
    );
    println!();

    println!("<details><summary>Every cell: median, quartiles of ns per call, and of the per-round ratio to the floor</summary>");
    println!();
    println!("| operation | approach | system call | median ns | p25 ns | p75 ns | ratio median | ratio p25 | ratio p75 |");
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|");
    for (i, cell) in all.iter().enumerate() {
        if let Imp::Run { syscall, .. } = cell.imp {
            let mut s = samples[i].clone();
            let mut p = paired(i, floor_of(cell.op));
            println!(
                "| {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.3} | {:.3} | {:.3} |",
                cell.op.label(),
                cell.approach.label(),
                syscall,
                medians[i],
                quantile(&mut s, 0.25),
                quantile(&mut s, 0.75),
                quantile(&mut p, 0.5),
                quantile(&mut p, 0.25),
                quantile(&mut p, 0.75),
            );
        }
    }
    println!();
    println!("</details>");
}

fn allocs() -> ExitCode {
    const CALLS: u64 = 1000;
    // The counter itself must see an allocation, or every 0 below means nothing.
    let (before, _) = alloc_count::snapshot();
    drop(std::hint::black_box(Box::new(0u64)));
    assert_eq!(
        alloc_count::snapshot().0,
        before + 1,
        "the counting allocator is not in use"
    );
    let lim = current_nofile();
    println!("Heap allocations per call (counting global allocator; one warm-up call, then {CALLS} calls counted):");
    println!();
    print!("| operation |");
    for a in Approach::ALL {
        print!(" {} |", a.label());
    }
    println!();
    print!("|---|");
    for _ in Approach::ALL {
        print!("---:|");
    }
    println!();
    let all = cells();
    let mut nonzero = false;
    for op in Op::ALL {
        print!("| {} |", op.label());
        for a in Approach::ALL {
            let cell: &Cell = all
                .iter()
                .find(|c| c.op == op && c.approach == a)
                .expect("cell");
            match cell.imp {
                Imp::Run { run, .. } => {
                    run(1, lim);
                    let (n0, b0) = alloc_count::snapshot();
                    run(CALLS, lim);
                    let (n1, b1) = alloc_count::snapshot();
                    let (n, b) = (n1 - n0, b1 - b0);
                    if n == 0 {
                        print!(" 0 |");
                    } else {
                        nonzero |= a == Approach::LinuxResource;
                        print!(
                            " {} ({} B) |",
                            n as f64 / CALLS as f64,
                            b as f64 / CALLS as f64
                        );
                    }
                }
                Imp::Missing(_) => print!(" - |"),
            }
        }
        println!();
    }
    if nonzero {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads `APPROACH OP N1 IR1 N2 IR2` lines and prints instructions per call and the difference
/// from the floor.
fn icount_table(file: &str) -> ExitCode {
    let text = std::fs::read_to_string(file).expect("read the callgrind figures");
    let mut per_call: HashMap<(Op, Approach), f64> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (Some(a), Some(op)) = (Approach::from_id(f[0]), Op::from_id(f[1])) else {
            eprintln!("bad line: {line}");
            return ExitCode::FAILURE;
        };
        let num = |i: usize| f[i].parse::<f64>().expect("number");
        per_call.insert((op, a), (num(5) - num(3)) / (num(4) - num(2)));
    }
    println!("User-space instructions per call (callgrind Ir of the measured loop, (Ir(N2) - Ir(N1)) / (N2 - N1); cell: instructions (difference from the floor)):");
    println!();
    print!("| operation |");
    for a in Approach::ALL {
        print!(" {} |", a.label());
    }
    println!();
    print!("|---|");
    for _ in Approach::ALL {
        print!("---:|");
    }
    println!();
    let all = cells();
    for op in Op::ALL {
        let floor = per_call.get(&(op, Approach::Floor)).copied();
        print!("| {} |", op.label());
        for a in Approach::ALL {
            let cell = all
                .iter()
                .find(|c| c.op == op && c.approach == a)
                .expect("cell");
            match (cell.imp, per_call.get(&(op, a)), floor) {
                (Imp::Missing(_), _, _) => print!(" - |"),
                (_, Some(&ir), Some(floor)) if a != Approach::Floor => {
                    print!(" {} ({}) |", fmt_ir(ir), fmt_diff(ir - floor))
                }
                (_, Some(&ir), _) => print!(" {} |", fmt_ir(ir)),
                (_, None, _) => print!(" ? |"),
            }
        }
        println!();
    }
    ExitCode::SUCCESS
}

/// Instruction counts are whole numbers when the loop is deterministic; show fractions only
/// when they are not.
fn fmt_ir(x: f64) -> String {
    if (x - x.round()).abs() < 0.005 {
        format!("{}", x.round())
    } else {
        format!("{x:.2}")
    }
}

fn fmt_diff(x: f64) -> String {
    if x >= 0.0 {
        format!("+{}", fmt_ir(x))
    } else {
        fmt_ir(x)
    }
}
