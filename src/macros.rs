//! The macro the arch files declare their system call numbers with.

/// Declares system call numbers, each written once: a `pub(crate) const NR_NAME: u32` per entry
/// (with the entry's doc comment), and `NUMBERS`, all of them by name. Each arch file lists
/// its tables in `NUMBER_TABLES` (its own, and the asm-generic one where its kernel uses that),
/// which `raw::SYSCALL_NUMBERS` publishes: the tests compare every entry with the kernel
/// headers, linux-raw-sys and the `syscalls` crate, so a new number needs no test of its own.
macro_rules! syscall_numbers {
    ($($(#[$doc:meta])* $name:ident = $value:literal,)+) => {
        $(
            $(#[$doc])*
            pub(crate) const $name: u32 = $value;
        )+
        /// Every number above, by its name.
        pub(crate) const NUMBERS: &[(&str, u32)] = &[$((stringify!($name), $name),)+];
    };
}
