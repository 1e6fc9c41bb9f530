//! The table of targets (`.ci/targets.md`), which every CI script reads, is also what
//! `Cargo.toml` tells docs.rs and what the README tells users: this checks both against it.

/// `.ci/targets.md`'s first table: its header and rows, cells trimmed.
fn configurations() -> (Vec<String>, Vec<Vec<String>>) {
    let mut tables = Vec::new();
    for line in include_str!("../../.ci/targets.md").lines() {
        let Some(row) = line.strip_prefix('|') else {
            continue;
        };
        let cells: Vec<String> = row
            .trim_end_matches('|')
            .split('|')
            .map(|cell| cell.trim().to_owned())
            .collect();
        if cells[0].starts_with("---") {
            continue;
        }
        if cells[0] == "name" || cells[0] == "kernel" {
            tables.push((cells, Vec::new()));
        } else {
            tables.last_mut().expect("a header first").1.push(cells);
        }
    }
    assert_eq!(
        tables.len(),
        2,
        ".ci/targets.md: the configurations and the kernels"
    );
    tables.swap_remove(0)
}

fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    row[i].as_str()
}

/// Cargo.toml's `[package.metadata.docs.rs]` targets are the table's with `docs` `yes`.
#[test]
fn docs_rs_targets_are_the_table() {
    let (header, rows) = configurations();
    let table: Vec<&str> = rows
        .iter()
        .filter(|row| cell(&header, row, "docs") == "yes")
        .map(|row| cell(&header, row, "target"))
        .collect();
    let manifest = include_str!("../../Cargo.toml");
    let section = manifest
        .split("[package.metadata.docs.rs]")
        .nth(1)
        .expect("Cargo.toml has [package.metadata.docs.rs]");
    let list = section.split("targets = [").nth(1).expect("its targets");
    let listed: Vec<&str> = list[..list.find(']').unwrap()]
        .split('"')
        .skip(1)
        .step_by(2)
        .collect();
    assert_eq!(
        listed, table,
        "Cargo.toml's docs.rs targets against .ci/targets.md"
    );
}

/// The README's table of targets: one row per Rust target, in the table's order, with its tier,
/// how the suite runs under qemu-user and the real kernels it boots on, all from the table.
fn readme_rows() -> Vec<String> {
    let (header, rows) = configurations();
    let mut targets: Vec<&str> = Vec::new();
    for row in &rows {
        let target = cell(&header, row, "target");
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    targets
        .iter()
        .map(|&target| {
            let builds: Vec<&Vec<String>> = rows
                .iter()
                .filter(|row| cell(&header, row, "target") == target)
                .collect();
            let first = builds[0];
            let mut qemu = match (cell(&header, first, "qemu"), cell(&header, first, "suite")) {
                (_, "check") => "built, not run".to_owned(),
                ("native", _) => "natively".to_owned(),
                _ => "yes".to_owned(),
            };
            for build in &builds[1..] {
                let name = cell(&header, build, "name");
                let feature = &name[name.find('+').expect("a second build is a +feature")..];
                if cell(&header, build, "suite") == "check" {
                    qemu.push_str(&format!(", and `{feature}` built, not run"));
                } else {
                    qemu.push_str(&format!(", and `{feature}`"));
                }
            }
            let mut kernels: Vec<&str> = Vec::new();
            for build in &builds {
                for kernel in cell(&header, build, "kernels")
                    .split(' ')
                    .filter(|k| *k != "-")
                {
                    if !kernels.contains(&kernel) {
                        kernels.push(kernel);
                    }
                }
            }
            let kernels = if kernels.is_empty() {
                "none".to_owned()
            } else {
                kernels.join(", ")
            };
            format!(
                "| `{target}` | {} | {qemu} | {kernels} |",
                cell(&header, first, "tier")
            )
        })
        .collect()
}

#[test]
fn readme_targets_are_the_table() {
    let readme = include_str!("../../README.md");
    let expected = readme_rows();
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|line| !line.starts_with("| target | tier |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .collect();
    assert_eq!(
        table,
        expected,
        "the README's table of targets against .ci/targets.md; it should read:\n{}",
        expected.join("\n")
    );
}
