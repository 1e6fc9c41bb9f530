//! `StackBuf`, on its own: the tests use it through `tests/common`, and `.ci/kernel-init` (a
//! crate of its own) includes this file with `#[path]`.

/// A fixed-size `fmt::Write` target, so formatting allocates nothing: `len` bytes of `buf` are
/// written; a write past its 512 bytes is `fmt::Error`.
pub struct StackBuf {
    pub buf: [u8; 512],
    pub len: usize,
}

impl StackBuf {
    pub fn new() -> StackBuf {
        StackBuf {
            buf: [0; 512],
            len: 0,
        }
    }
}

impl std::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
