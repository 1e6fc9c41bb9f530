//! util-linux `prlimit` with no arguments: every limit of this process as a table, the
//! smallest reasonable way with std. The size baseline for the static, libc-free tool.

use linux_resource::{getrlimit, Resource, RLIM_INFINITY};
use std::io::Write;
use std::process::ExitCode;

fn value(v: u64) -> String {
    if v == RLIM_INFINITY {
        "unlimited".to_string()
    } else {
        v.to_string()
    }
}

fn main() -> ExitCode {
    let mut resources = Resource::ALL;
    resources.sort_by_key(|r| r.name());
    let mut rows = vec![["RESOURCE", "DESCRIPTION", "SOFT", "HARD", "UNITS"].map(String::from)];
    for r in resources {
        let limit = match getrlimit(r) {
            Ok(limit) => limit,
            Err(err) => {
                eprintln!("prlimit: {}: {err}", r.name());
                return ExitCode::FAILURE;
            }
        };
        rows.push([
            r.name().to_string(),
            r.description().to_string(),
            value(limit.soft),
            value(limit.hard),
            r.unit().unwrap_or("").to_string(),
        ]);
    }
    let width = |col: usize| rows.iter().map(|row| row[col].len()).max().unwrap_or(0);
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    let mut out = std::io::stdout().lock();
    for row in &rows {
        if writeln!(
            out,
            "{:<w0$} {:<w1$} {:>w2$} {:>w3$} {}",
            row[0], row[1], row[2], row[3], row[4]
        )
        .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
