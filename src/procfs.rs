//! The one value this crate reads from `/proc`, on an error path: `fs.nr_open`.

use crate::Errno;
use crate::error::{Error, Result};

/// The value of `fs.nr_open` (`/proc/sys/fs/nr_open`): the ceiling of any process's `NOFILE`
/// hard limit, which even a privileged caller cannot set above.
///
/// Useful to raise `NOFILE` as far as the kernel allows. Needs `/proc` mounted: without it the
/// error is `Error::Os(ENOENT)`; content that is not a number is `Error::Os(EINVAL)`.
///
/// ```
/// let nr_open = linux_resource::nr_open()?;
/// assert!(nr_open >= 1024);
/// # Ok::<(), linux_resource::Error>(())
/// ```
///
/// Async-signal-safe (`openat`, `read`, `close` on a stack buffer).
///
/// # References
///  - [`proc_sys_fs(5)`](https://man7.org/linux/man-pages/man5/proc_sys_fs.5.html)
pub fn nr_open() -> Result<u64> {
    let mut buf = [0u8; 24];
    let len = crate::sys::read_file(c"/proc/sys/fs/nr_open", &mut buf).map_err(Error::Os)?;
    parse_decimal_line(&buf[..len]).ok_or(Error::Os(Errno::EINVAL))
}

/// A decimal number followed by an optional newline, with no overflow.
fn parse_decimal_line(bytes: &[u8]) -> Option<u64> {
    let digits = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &b| {
        if b.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::parse_decimal_line;

    #[test]
    fn parses_procfs_numbers() {
        assert_eq!(parse_decimal_line(b"1048576\n"), Some(1_048_576));
        assert_eq!(parse_decimal_line(b"0"), Some(0));
        assert_eq!(
            parse_decimal_line(b"18446744073709551615\n"),
            Some(u64::MAX)
        );
        assert_eq!(parse_decimal_line(b"18446744073709551616\n"), None);
        assert_eq!(parse_decimal_line(b""), None);
        assert_eq!(parse_decimal_line(b"\n"), None);
        assert_eq!(parse_decimal_line(b"12a\n"), None);
        assert_eq!(parse_decimal_line(b"-1\n"), None);
    }
}
