//! Prints every resource limit of this process as util-linux `prlimit` does, then its resource
//! usage. Run with `cargo run --example limits`.

use linux_resource::{RLIM_INFINITY, Resource, Who, getrlimit, getrusage, page_size};

fn value(v: u64) -> String {
    if v == RLIM_INFINITY {
        "unlimited".to_string()
    } else {
        v.to_string()
    }
}

fn main() -> Result<(), linux_resource::Error> {
    let mut resources = Resource::ALL;
    resources.sort_by_key(|r| r.name());
    let rows: Vec<[String; 5]> = resources
        .iter()
        .map(|&r| {
            let limit = getrlimit(r)?;
            Ok([
                r.name().to_string(),
                r.description().to_string(),
                value(limit.soft),
                value(limit.hard),
                r.unit().unwrap_or("").to_string(),
            ])
        })
        .collect::<Result<_, linux_resource::Error>>()?;
    let header = ["RESOURCE", "DESCRIPTION", "SOFT", "HARD", "UNITS"].map(String::from);
    let width = |col: usize| {
        rows.iter()
            .chain([&header])
            .map(|row| row[col].len())
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    for row in [&header].into_iter().chain(&rows) {
        println!(
            "{:<w0$} {:<w1$} {:>w2$} {:>w3$} {}",
            row[0], row[1], row[2], row[3], row[4]
        );
    }

    let usage = getrusage(Who::Both)?;
    println!();
    println!("resource usage (self + children):");
    println!("  user time          {:?}", usage.user_time());
    println!("  system time        {:?}", usage.system_time());
    println!("  max RSS            {} bytes", usage.max_rss_bytes());
    println!("  minor page faults  {}", usage.ru_minflt);
    println!("  major page faults  {}", usage.ru_majflt);
    println!("  block input ops    {}", usage.ru_inblock);
    println!("  block output ops   {}", usage.ru_oublock);
    println!("  voluntary switches {}", usage.ru_nvcsw);
    println!("  forced switches    {}", usage.ru_nivcsw);
    println!("  page size          {} bytes", page_size());
    Ok(())
}
