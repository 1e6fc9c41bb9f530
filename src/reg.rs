//! Typed system call registers: arguments built only by conversions that cannot lose bits, and
//! the decoder of the error convention that every architecture here but powerpc uses.
//!
//! Each `arch/*.rs` file names its own decoder as `Ret`: `NegErrnoRet` below (the return
//! register is `-4095..=-1` for an error), or its own type where the architecture reports
//! errors otherwise (powerpc's CR0.SO flag). Raw return values become `Result`s only through a
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
#[allow(dead_code)] // Unused where the architecture has its own decoder (powerpc64).
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
