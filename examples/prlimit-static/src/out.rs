//! Output: stdout buffered as C stdio buffers it, messages for stderr, numbers, `strerror`.

use crate::rt;
use core::sync::atomic::{AtomicBool, Ordering::Relaxed};
use linux_resource::Errno;

/// A write to stderr failed: util-linux's `close_stdout` then exits 1 (with nothing to say).
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// stdout as glibc's stdio handles it, because util-linux's observable output depends on it:
/// line-buffered on a terminal, otherwise fully buffered in blocks of `BLOCK` bytes (what
/// `st_blksize` is for pipes and most files), or of glibc's `BUFSIZ` (8192) when `fstat`
/// fails (a closed stdout). Whatever is still buffered when the tool execs a command is lost,
/// exactly as util-linux `prlimit` loses its table in a pipe.
pub struct Stdout {
    buf: [u8; 2 * BLOCK],
    len: usize,
    /// The size of a block: `BLOCK` or `2 * BLOCK`.
    block: usize,
    /// The first write error (an errno), reported at exit as util-linux's `close_stdout` does.
    error: i32,
    /// Line-buffered (a terminal).
    pub tty: bool,
}

const BLOCK: usize = 4096;

impl Stdout {
    pub fn new() -> Stdout {
        let tty = rt::isatty(1);
        Stdout {
            buf: [0; 2 * BLOCK],
            len: 0,
            block: if tty == Err(Errno::EBADF) {
                2 * BLOCK
            } else {
                BLOCK
            },
            error: 0,
            tty: tty.is_ok(),
        }
    }

    /// Appends `bytes`; writes out every full block, and on a terminal every complete line.
    pub fn put(&mut self, mut bytes: &[u8]) {
        let newline = self.tty && has_byte(bytes, b'\n');
        while !bytes.is_empty() {
            let n = bytes.len().min(self.block - self.len);
            self.buf[self.len..self.len + n].copy_from_slice(&bytes[..n]);
            self.len += n;
            bytes = &bytes[n..];
            if self.len == self.block {
                self.flush();
            }
        }
        if newline {
            self.flush();
        }
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) {
        if self.len > 0 && self.error == 0 {
            if let Err(errno) = rt::write_all(1, &self.buf[..self.len]) {
                self.error = errno;
            }
        }
        self.len = 0;
    }

    /// Flushes and reports a write error as util-linux's `close_stdout` does: a write that
    /// failed before exit (stdio's error flag) is `write error`, whatever its errno; the final
    /// flush's error is `write error: ERRNO`, except a broken pipe or a closed stdout (EPIPE,
    /// EBADF). Returns `code`, or 1 after a write error on stdout or on stderr.
    #[inline(never)]
    pub fn close(&mut self, program: &[u8], code: i32) -> i32 {
        let earlier = self.error != 0;
        self.flush();
        const EBADF: i32 = 9;
        const EPIPE: i32 = 32;
        if earlier || (self.error != 0 && self.error != EPIPE && self.error != EBADF) {
            let mut msg = Msg::new(program);
            msg.s(b"write error");
            if !earlier {
                msg.s(b": ").errno(self.error);
            }
            msg.send();
            return 1;
        }
        if STDERR_FAILED.load(Relaxed) {
            return 1;
        }
        code
    }
}

/// A message for stderr, `program: ...\n`, built on the stack and written in pieces of up to
/// 512 bytes: a long argument is printed whole, without allocating.
pub struct Msg {
    buf: [u8; 512],
    len: usize,
}

impl Msg {
    /// A message starting with `program: `.
    pub fn new(program: &[u8]) -> Msg {
        let mut msg = Msg::bare();
        msg.s(program).s(b": ");
        msg
    }

    /// An empty message.
    pub fn bare() -> Msg {
        Msg {
            buf: [0; 512],
            len: 0,
        }
    }

    /// Appends `strerror(errno)` as glibc words it.
    pub fn errno(&mut self, errno: i32) -> &mut Msg {
        match strerror(errno) {
            Some(text) => self.s(text),
            None => self.s(b"Unknown error ").n(errno as u64),
        }
    }

    /// Appends bytes, writing out the buffer whenever it is full.
    pub fn s(&mut self, bytes: &[u8]) -> &mut Msg {
        for &b in bytes {
            if self.len == self.buf.len() {
                self.write();
            }
            // `get_mut`: no panic path (`write` emptied a full buffer).
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = b;
                self.len += 1;
            }
        }
        self
    }

    /// Appends a decimal number.
    pub fn n(&mut self, value: u64) -> &mut Msg {
        let mut digits = [0; 20];
        self.s(decimal(value, &mut digits))
    }

    /// Ends the line and writes it to stderr.
    pub fn send(&mut self) {
        self.s(b"\n").write();
    }

    /// Writes out what is buffered.
    fn write(&mut self) {
        if rt::write_all(2, &self.buf[..self.len]).is_err() {
            STDERR_FAILED.store(true, Relaxed);
        }
        self.len = 0;
    }
}

/// Whether `bytes` holds `byte`: a plain loop, because `<[u8]>::contains` brings a 200-byte
/// `memchr` into a binary with a 16 KiB budget.
#[allow(clippy::manual_contains)]
pub fn has_byte(bytes: &[u8], byte: u8) -> bool {
    bytes.iter().any(|&b| b == byte)
}

/// `value` in decimal, in `buf`.
pub fn decimal(mut value: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            return &buf[i..];
        }
    }
}

/// glibc's `strerror` texts for the errors this tool can meet, by this architecture's numbers
/// (MIPS numbers ENAMETOOLONG 78 and ELOOP 90).
const ERRORS: [(Errno, &[u8]); 15] = [
    (Errno::EPERM, b"Operation not permitted"),
    (Errno::ENOENT, b"No such file or directory"),
    (Errno::ESRCH, b"No such process"),
    (Errno::EIO, b"Input/output error"),
    (Errno::E2BIG, b"Argument list too long"),
    (Errno::ENOEXEC, b"Exec format error"),
    (Errno::ENOMEM, b"Cannot allocate memory"),
    (Errno::EACCES, b"Permission denied"),
    (Errno::ENOTDIR, b"Not a directory"),
    (Errno::EINVAL, b"Invalid argument"),
    (Errno::ETXTBSY, b"Text file busy"),
    (Errno::ENOSPC, b"No space left on device"),
    (Errno::ERANGE, b"Numerical result out of range"),
    (Errno::ENAMETOOLONG, b"File name too long"),
    (Errno::ELOOP, b"Too many levels of symbolic links"),
];

/// [`ERRORS`] packed at compile time, each text after a byte holding 0x80 + its errno, ending
/// with 0x80 (a table of string slices would cost more than the strings).
const STRERROR: [u8; STRERROR_LEN] = {
    let mut packed = [0x80; STRERROR_LEN];
    let (mut i, mut at) = (0, 0);
    while i < ERRORS.len() {
        let (errno, text) = ERRORS[i];
        let raw = errno.into_raw();
        assert!(
            raw > 0 && raw < 0x80,
            "an errno that does not fit the key byte"
        );
        packed[at] = 0x80 + raw as u8;
        at += 1;
        let mut j = 0;
        while j < text.len() {
            assert!(text[j] < 0x80, "a text byte that would read as a key");
            packed[at] = text[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    packed
};
const STRERROR_LEN: usize = {
    let (mut i, mut len) = (0, 1);
    while i < ERRORS.len() {
        len += 1 + ERRORS[i].1.len();
        i += 1;
    }
    len
};

/// glibc's `strerror(errno)`, or `None` for errors this tool does not expect.
pub fn strerror(errno: i32) -> Option<&'static [u8]> {
    let mut rest = &STRERROR[..];
    while let [code, text @ ..] = rest {
        let len = text.iter().position(|&b| b >= 0x80)?;
        if i32::from(*code) - 0x80 == errno {
            return Some(&text[..len]);
        }
        rest = &text[len..];
    }
    None
}
