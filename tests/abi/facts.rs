//! The table of architectures in the docs of `raw` (src/raw.rs) is what the arch files say:
//! one row per architecture, each cell read from its file, and on this architecture from what
//! is compiled. The per-architecture facts are stated there once; this keeps them true.

use crate::common::arches::{self, ARCHES, Arch};
use linux_resource::raw;

/// The rows of the table: `target_arch` and its cells, in the order of the header.
fn table() -> (Vec<String>, Vec<Vec<String>>) {
    let rows: Vec<Vec<String>> = include_str!("../../src/raw.rs")
        .lines()
        .filter_map(|line| line.strip_prefix("//! |"))
        .map(|row| {
            row.trim_end_matches('|')
                .split('|')
                .map(|cell| cell.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect();
    let (header, rest) = rows
        .split_first()
        .expect("the table of architectures in src/raw.rs");
    assert_eq!(
        header[0], "target_arch",
        "the first table of src/raw.rs's docs"
    );
    let body = rest
        .iter()
        .filter(|row| !row[0].starts_with("---"))
        .cloned()
        .collect();
    (header.clone(), body)
}

/// The value of `pub(crate) const NAME: TYPE = VALUE;` in `arch`'s file.
fn declared(arch: &Arch, name: &str) -> String {
    let prefix = format!("pub(crate) const {name}: ");
    let line = arch
        .source
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("arch/{}.rs declares no {name}", arch.name));
    let (_, value) = line.split_once(" = ").expect("a value");
    value.trim_end_matches(';').to_owned()
}

/// What `arch`'s file says for the column `column` of the table.
fn fact(arch: &Arch, column: &str) -> String {
    let source = arch.source;
    match column {
        "instruction" => ["syscall 0", "syscall", "svc 0", "ecall", "sc", "int 0x80"]
            .into_iter()
            .find(|instruction| {
                // A template line of a wrapper's `asm!`: `"svc 0",`, or `"syscall";` where
                // `syscall_asm!` takes the templates before its operands (MIPS).
                [",", ";"]
                    .iter()
                    .any(|end| source.contains(&format!("\"{instruction}\"{end}")))
            })
            .unwrap_or("?")
            .to_owned(),
        "errors" => {
            if source.contains("pub(crate) use crate::reg::NegErrnoRet as Ret;") {
                "-4095..=-1".into()
            } else if source.contains("pub(crate) use crate::reg::ErrorFlagRet as Ret;") {
                "a3".into()
            } else if source.contains("pub(crate) struct Ret") && source.contains("CR0_SO") {
                "cr0.SO".into()
            } else {
                "?".into()
            }
        }
        "[`getrlimit`] makes" => match arches::call(arch, "GETRLIMIT") {
            Some(nr) => nr.strip_prefix("NR_").unwrap().to_ascii_lowercase(),
            None => "none".into(),
        },
        "the API's getrlimit, setrlimit" => {
            match declared(arch, "LIMITS_THROUGH_PRLIMIT64").as_str() {
                "true" => "prlimit64".into(),
                "false" => "direct".into(),
                other => panic!("LIMITS_THROUGH_PRLIMIT64 = {other}"),
            }
        }
        "long" => (arch.long_bytes * 8).to_string(),
        "page size" => match declared(arch, "FIXED_PAGE_SIZE").as_str() {
            "None" => "probed".into(),
            fixed => fixed
                .strip_prefix("Some(")
                .unwrap()
                .trim_end_matches(')')
                .to_owned(),
        },
        "numbering" => declared(arch, "ERRNO_NUMBERING")
            .strip_prefix("Numbering::")
            .unwrap()
            .to_ascii_lowercase(),
        other => panic!("no fact for the column {other:?} of src/raw.rs's table"),
    }
}

/// One row per architecture, and every cell as its arch file says.
#[test]
fn the_table_of_architectures_is_the_arch_files() {
    let (header, rows) = table();
    let names: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    let mut expected: Vec<&str> = ARCHES.iter().map(|arch| arch.name).collect();
    let mut listed = names.clone();
    expected.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, expected, "the rows of src/raw.rs's table");
    for row in &rows {
        let arch = arches::arch(&row[0]);
        assert_eq!(row.len(), header.len(), "{}: a cell missing", arch.name);
        for (column, cell) in header.iter().zip(row).skip(1) {
            assert_eq!(
                *cell,
                fact(arch, column),
                "src/raw.rs's table, {} row, column {column:?} (arch/{}.rs)",
                arch.name,
                arch.name
            );
        }
    }
}

/// This architecture's row is what is compiled here.
#[test]
fn this_architectures_row_is_what_is_compiled() {
    let (header, rows) = table();
    let arch = arches::this_arch();
    let row = rows
        .iter()
        .find(|row| row[0] == arch.name)
        .expect("a row for this arch");
    let cell = |column: &str| {
        let i = header.iter().position(|c| c == column).unwrap();
        row[i].as_str()
    };
    let through_prlimit64 = cell("the API's getrlimit, setrlimit") == "prlimit64";
    assert_eq!(through_prlimit64, raw::LIMITS_THROUGH_PRLIMIT64);
    assert_eq!(cell("long"), std::ffi::c_long::BITS.to_string());
    assert_eq!(
        cell("[`getrlimit`] makes") == "none",
        raw::GETRLIMIT.is_none()
    );
    if let Ok(fixed) = cell("page size").parse::<usize>() {
        assert_eq!(linux_resource::page_size(), fixed);
    }
    let enosys = linux_resource::Errno::ENOSYS.into_raw();
    assert_eq!(
        enosys == 89,
        cell("numbering") == "mips",
        "ENOSYS is {enosys}"
    );
}
