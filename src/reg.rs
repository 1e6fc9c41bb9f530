//! Typed system call registers: arguments built only by conversions that cannot lose bits, and
//! the decoders of the error conventions.
//!
//! Each `arch/*.rs` file names its decoder as `Ret`: `NegErrnoRet` below (the return register
//! is `-4095..=-1` for an error: every architecture here but powerpc and MIPS),
//! `ErrorFlagRet` (a separate error flag register: MIPS's `a3`), or its own type (powerpc's
//! CR0.SO flag). Raw return values become `Result`s only through a
//! `Ret`'s [`RetReg::decode`].

use crate::Errno;

// Registers are 32 or 64 bits wide: the conversions below lose nothing on either. There is on
// purpose no `from_u64`: on a 32-bit architecture it would drop half of the value (a 64-bit
// value goes through memory there, as prlimit64's `struct rlimit64` does).
static_assertions::const_assert!(usize::BITS == 32 || usize::BITS == 64);

/// One system call argument register. (Public only to the static tool, through the hidden
/// `syscall` module of the `unstable-syscall` feature; the module itself is private.)
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Arg(usize);

impl Arg {
    /// An unsigned 32-bit argument (a resource number, a syscall number), zero-extended.
    #[inline(always)]
    pub const fn from_u32(value: u32) -> Self {
        // Zero extension into a 64-bit register, the same bits in a 32-bit one: lossless.
        Self(value as usize)
    }

    /// A C `int` argument (a pid, a `who`), sign-extended as the C calling convention passes it.
    #[inline(always)]
    pub const fn from_i32(value: i32) -> Self {
        // Sign extension into a 64-bit register (the 64-bit ABIs require it, and the kernel reads
        // the low 32 bits), the same bits in a 32-bit one: lossless.
        Self(value as isize as usize)
    }

    /// A `usize` argument (a length, an address).
    #[inline(always)]
    pub const fn from_usize(value: usize) -> Self {
        Self(value)
    }

    /// A pointer the kernel reads through.
    #[inline(always)]
    pub fn from_ptr<T>(ptr: *const T) -> Self {
        Self(ptr as usize)
    }

    /// A pointer the kernel writes through.
    #[inline(always)]
    pub fn from_mut_ptr<T>(ptr: *mut T) -> Self {
        Self(ptr as usize)
    }

    /// The register's bits.
    #[inline(always)]
    pub(crate) const fn to_raw(self) -> usize {
        self.0
    }
}

/// What a system call returned, as the architecture reports it: turned into a `Result` in this
/// one place per convention.
pub(crate) trait RetReg: Copy {
    /// The success value, or the errno.
    fn decode(self) -> Result<usize, Errno>;

    /// The decoder for calls whose success value is always zero.
    #[inline(always)]
    fn decode_unit(self) -> Result<(), Errno> {
        self.decode().map(|_| ())
    }
}

/// The return register where `-4095..=-1` is an errno and anything else is success: x86, arm,
/// riscv, s390 and loongarch (and powerpc's `scv`, which this crate does not use).
#[derive(Clone, Copy)]
#[repr(transparent)]
#[allow(dead_code)] // Unused where the architecture has another decoder (powerpc64, MIPS).
pub(crate) struct NegErrnoRet(isize);

#[allow(dead_code)] // Likewise.
impl NegErrnoRet {
    /// The return register's bits.
    #[inline(always)]
    pub(crate) const fn new(raw: isize) -> Self {
        Self(raw)
    }
}

impl RetReg for NegErrnoRet {
    #[inline(always)]
    fn decode(self) -> Result<usize, Errno> {
        if (-4095..=-1).contains(&self.0) {
            // -self.0 is in 1..=4095, so it fits an i32.
            Err(Errno::new(-self.0 as i32))
        } else {
            Ok(self.0 as usize)
        }
    }
}

/// The result register and an error flag register: MIPS (o32 and n64), where the kernel sets
/// `a3` (`$7`) non-zero and puts a positive errno in `v0` (`$2`) for an error, and sets `a3` to
/// zero with the result in `v0` for success. Every result, `-4095..=-1` included, is a success
/// when the flag is clear.
#[derive(Clone, Copy)]
#[allow(dead_code)] // Unused where the architecture has another decoder.
pub(crate) struct ErrorFlagRet {
    value: usize,
    error: usize,
}

#[allow(dead_code)] // Likewise.
impl ErrorFlagRet {
    /// The result register's and the flag register's bits.
    #[inline(always)]
    pub(crate) const fn new(value: usize, error: usize) -> Self {
        Self { value, error }
    }
}

impl RetReg for ErrorFlagRet {
    #[inline(always)]
    fn decode(self) -> Result<usize, Errno> {
        if self.error != 0 {
            // The kernel reports errnos 1..=4095 this way (MIPS's go up to EDQUOT, 1133): they
            // fit an i32.
            Err(Errno::new(self.value as i32))
        } else {
            Ok(self.value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ErrorFlagRet, NegErrnoRet, RetReg};
    use crate::Errno;

    #[test]
    fn negative_errno_convention() {
        assert_eq!(NegErrnoRet::new(-1).decode(), Err(Errno::new(1)));
        assert_eq!(NegErrnoRet::new(-4095).decode(), Err(Errno::new(4095)));
        assert_eq!(NegErrnoRet::new(-4096).decode(), Ok(-4096isize as usize));
        assert_eq!(NegErrnoRet::new(0).decode(), Ok(0));
        assert_eq!(NegErrnoRet::new(7).decode(), Ok(7));
    }

    /// The flag alone decides: a clear flag is success whatever the value (a pid, an address
    /// in the top page), a set one an error whatever the value.
    #[test]
    fn error_flag_convention() {
        assert_eq!(ErrorFlagRet::new(89, 1).decode(), Err(Errno::new(89)));
        assert_eq!(
            ErrorFlagRet::new(1133, usize::MAX).decode(),
            Err(Errno::new(1133))
        );
        assert_eq!(ErrorFlagRet::new(89, 0).decode(), Ok(89));
        assert_eq!(ErrorFlagRet::new(usize::MAX, 0).decode(), Ok(usize::MAX));
        assert_eq!(ErrorFlagRet::new(0, 0).decode_unit(), Ok(()));
        assert_eq!(ErrorFlagRet::new(22, 1).decode_unit(), Err(Errno::new(22)));
    }
}
