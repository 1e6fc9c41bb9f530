//! The table, laid out as libsmartcols (util-linux 2.38) lays out prlimit's.
//!
//! libsmartcols' rules for this table, on output that is not a terminal: each column is as wide
//! as its widest cell or its header, whichever is wider (the header counts even with
//! `--noheadings`); columns are separated by one space; SOFT and HARD are right-aligned, the
//! others left-aligned; the last column is not padded on the right (an empty UNITS cell leaves
//! the separator as a trailing space). `--raw` separates cells by one space with no padding
//! and writes blanks inside a cell as `\x20`. On a terminal narrower than the table,
//! libsmartcols narrows columns by its rules (see `fit`).

use crate::out::{decimal, Stdout};
use crate::rt;
use crate::{text, Col, Ctx, Lim, DESCRIPTION, NAME, UNIT};
use linux_resource::RLIM_INFINITY;

/// A limit value as util-linux prints it.
pub fn put_limit(out: &mut Stdout, value: u64) {
    if value == RLIM_INFINITY {
        out.put(b"unlimited");
    } else {
        let mut digits = [0; 20];
        out.put(decimal(value, &mut digits));
    }
}

/// The text of one cell (empty for the missing unit of NICE and RTPRIO).
fn cell<'a>(lim: &Lim, col: Col, digits: &'a mut [u8; 20]) -> &'a [u8] {
    let value = match col {
        Col::Res => return text(lim.resource, NAME),
        Col::Help => return text(lim.resource, DESCRIPTION),
        Col::Units => return text(lim.resource, UNIT),
        Col::Soft => lim.rlim.soft,
        Col::Hard => lim.rlim.hard,
    };
    if value == RLIM_INFINITY {
        b"unlimited"
    } else {
        decimal(value, digits)
    }
}

/// The column's name, in its header and for `--output`.
pub fn header(col: Col) -> &'static [u8] {
    match col {
        Col::Res => b"RESOURCE",
        Col::Help => b"DESCRIPTION",
        Col::Soft => b"SOFT",
        Col::Hard => b"HARD",
        Col::Units => b"UNITS",
    }
}

/// The columns util-linux gives `SCOLS_FL_TRUNC`.
fn truncatable(col: Col) -> bool {
    matches!(col, Col::Res | Col::Help | Col::Units)
}

fn right(col: Col) -> bool {
    matches!(col, Col::Soft | Col::Hard)
}

fn spaces(out: &mut Stdout, n: usize) {
    for _ in 0..n {
        out.put(b" ");
    }
}

/// Prints the table of `lims` with columns `cols`.
#[inline(never)]
pub fn show(ctx: &mut Ctx, lims: &[Lim], cols: &[Col], raw: bool, noheadings: bool) {
    let envp = ctx.envp;
    let out = &mut ctx.out;
    let mut digits = [0; 20];
    if raw {
        if !noheadings {
            for (i, &col) in cols.iter().enumerate() {
                if i > 0 {
                    out.put(b" ");
                }
                out.put(header(col));
            }
            out.put(b"\n");
        }
        for lim in lims {
            for (i, &col) in cols.iter().enumerate() {
                if i > 0 {
                    out.put(b" ");
                }
                for &b in cell(lim, col, &mut digits) {
                    if b == b' ' || b == b'\t' {
                        out.put(b"\\x20");
                    } else {
                        out.put(&[b]);
                    }
                }
            }
            out.put(b"\n");
        }
        return;
    }

    let mut widths = [0usize; 10];
    for (width, &col) in widths.iter_mut().zip(cols) {
        *width = header(col).len();
        for lim in lims {
            *width = (*width).max(cell(lim, col, &mut digits).len());
        }
    }
    let widths = &mut widths[..cols.len()];
    if out.tty {
        fit(widths, cols, terminal_width(envp));
    }

    let last = cols.len() - 1;
    if !noheadings {
        for (i, &col) in cols.iter().enumerate() {
            put_cell(out, header(col), widths[i], col, i, last);
        }
        out.put(b"\n");
    }
    for lim in lims {
        for (i, &col) in cols.iter().enumerate() {
            put_cell(out, cell(lim, col, &mut digits), widths[i], col, i, last);
        }
        out.put(b"\n");
    }
}

/// One cell of the aligned table, with its separator.
fn put_cell(out: &mut Stdout, text: &[u8], width: usize, col: Col, i: usize, last: usize) {
    if i > 0 {
        out.put(b" ");
    }
    // A truncatable column narrowed for the terminal cuts its cells; SOFT and HARD never do:
    // a number wider than its column pushes the rest of the line right, as in libsmartcols.
    let text = if truncatable(col) {
        &text[..text.len().min(width)]
    } else {
        text
    };
    let pad = width.saturating_sub(text.len());
    if right(col) {
        spaces(out, pad);
        out.put(text);
    } else {
        out.put(text);
        if i != last {
            spaces(out, pad);
        }
    }
}

/// The terminal's width as libsmartcols finds it: the `TIOCGWINSZ` of stdout, else a positive
/// number in `$COLUMNS`, else 80.
fn terminal_width(envp: *const *const u8) -> usize {
    if let Some(width) = rt::terminal_width(1) {
        return width;
    }
    if let Some(text) = crate::exec::getenv(envp, b"COLUMNS") {
        if let Some((false, Some(n @ 1..=0x7fff_ffff), used)) = crate::number(text) {
            if used == text.len() {
                return n as usize;
            }
        }
    }
    80
}

/// libsmartcols' width reduction for a terminal narrower than the table. prlimit's columns
/// carry width hints (RESOURCE 25% of the terminal, DESCRIPTION, SOFT and UNITS 10%, HARD an
/// absolute 1); RESOURCE, DESCRIPTION and UNITS may be truncated. Until the table fits,
/// columns lose one character per round, in column order, in three stages (each used while it
/// still shrinks something): the truncatable columns at least as wide as their hint, then all
/// truncatable columns, then every column with a relative hint. No column gets narrower than
/// its header.
fn fit(widths: &mut [usize], cols: &[Col], term: usize) {
    let mut total: usize = widths.iter().sum::<usize>() + widths.len() - 1;
    let mut stage = 1;
    while total > term && stage <= 3 {
        let before = total;
        for (width, &col) in widths.iter_mut().zip(cols) {
            if total <= term {
                break;
            }
            if *width == header(col).len() {
                continue;
            }
            // Relative width hints, in hundredths of the terminal.
            let hint = match col {
                Col::Res => 25,
                Col::Help | Col::Soft | Col::Units => 10,
                Col::Hard => 0,
            };
            let shrink = match stage {
                1 => truncatable(col) && *width >= hint * term / 100,
                2 => truncatable(col),
                _ => hint > 0,
            };
            if shrink {
                *width -= 1;
                total -= 1;
            }
        }
        if total == before {
            stage += 1;
        }
    }
}
