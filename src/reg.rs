//! Typed system call registers: arguments built only by conversions that cannot lose bits, and
//! the one place a raw return value becomes a `Result`.

use crate::Errno;

// Every conversion below is lossless only because registers are 64 bits wide.
static_assertions::const_assert_eq!(usize::BITS, 64);

/// One system call argument register.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub(crate) struct Arg(usize);

impl Arg {
    /// An unsigned 32-bit argument (a resource number, a syscall number), zero-extended.
    #[inline(always)]
    pub(crate) const fn from_u32(value: u32) -> Self {
        // Zero extension of u32 into a 64-bit register: lossless.
        Self(value as usize)
    }

    /// A C `int` argument (a pid, a `who`), sign-extended as the C calling convention passes it.
    #[inline(always)]
    pub(crate) const fn from_i32(value: i32) -> Self {
        // Sign extension into a 64-bit register: lossless; the kernel reads the low 32 bits.
        Self(value as isize as usize)
    }

    /// A `usize` argument (a length, an address).
    #[inline(always)]
    pub(crate) const fn from_usize(value: usize) -> Self {
        Self(value)
    }

    /// A pointer the kernel reads through.
    #[inline(always)]
    pub(crate) fn from_ptr<T>(ptr: *const T) -> Self {
        Self(ptr as usize)
    }

    /// A pointer the kernel writes through.
    #[inline(always)]
    pub(crate) fn from_mut_ptr<T>(ptr: *mut T) -> Self {
        Self(ptr as usize)
    }

    /// The register's bits.
    #[inline(always)]
    pub(crate) const fn to_raw(self) -> usize {
        self.0
    }
}

/// The raw return register of a system call.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub(crate) struct Ret(isize);

impl Ret {
    #[inline(always)]
    pub(crate) const fn new(raw: isize) -> Self {
        Self(raw)
    }

    /// The one decoder: `-4095..=-1` is an errno, anything else is success.
    #[inline(always)]
    pub(crate) fn decode(self) -> Result<usize, Errno> {
        if (-4095..=-1).contains(&self.0) {
            // -self.0 is in 1..=4095, so it fits an i32.
            Err(Errno::new(-self.0 as i32))
        } else {
            Ok(self.0 as usize)
        }
    }

    /// The decoder for calls whose success value is always zero.
    #[inline(always)]
    pub(crate) fn decode_unit(self) -> Result<(), Errno> {
        self.decode().map(|_| ())
    }
}
