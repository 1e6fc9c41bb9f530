//! The table, laid out as libsmartcols (util-linux 2.38) lays out prlimit's.
//!
//! libsmartcols' rules for this table, on output that is not a terminal: each column is as wide
//! as its widest cell or its header, whichever is wider (the header counts even with
//! `--noheadings`); columns are separated by one space; SOFT and HARD are right-aligned, the
//! others left-aligned; the last column is not padded on the right (an empty UNITS cell leaves
//! the separator as a trailing space). `--raw` separates cells by one space with no padding
//! and writes blanks inside a cell as `\x20`.
//!
//! Not reproduced: on a terminal narrower than the table (75 columns for the default one),
//! libsmartcols truncates RESOURCE, DESCRIPTION and UNITS to fit; this tool prints the full
//! table there. Output to pipes and files, and to terminals wide enough, is identical.

use crate::out::{decimal, Stdout};
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

fn header(col: Col) -> &'static [u8] {
    match col {
        Col::Res => b"RESOURCE",
        Col::Help => b"DESCRIPTION",
        Col::Soft => b"SOFT",
        Col::Hard => b"HARD",
        Col::Units => b"UNITS",
    }
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
pub fn show(ctx: &mut Ctx, lims: &[Lim], cols: &[Col], raw: bool, noheadings: bool) {
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
    let widths = &widths[..cols.len()];

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
    let pad = width - text.len();
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
