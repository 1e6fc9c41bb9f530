//! 32-bit ARM: what the compiled system calls are, read from this executable's own code.
//!
//! - The instruction set is the one the crate was built for: Thumb (the function's address has
//!   its low bit set, for interworking, and `svc 0` is the 2-byte `00 df`) exactly where
//!   build.rs found that `asm!` may not name `r7` (`cfg(thumb_mode)`), ARM (`00 00 00 ef`)
//!   elsewhere.
//! - In Thumb code built with `-C force-frame-pointers=yes` (the Thumb rows of
//!   `.ci/targets.md`), `r7` is still this function's frame pointer after a system call (the
//!   wrapper took it over for the number): the same value, pointing at the same frame record,
//!   whose return address is in the caller.
//!
//! These read code and the stack as data: `unsafe`, each read stated.

use linux_resource::syscall::{self, Arg, nr};

/// getpid through the crate's wrapper (`#[inline(always)]`: its `svc 0` is in this function).
#[inline(never)]
fn getpid_here() -> usize {
    // SAFETY: getpid reads no argument and no memory.
    unsafe { syscall::syscall1(nr::GETPID, Arg::from_usize(0)) }.expect("getpid")
}

/// Where the first `svc 0` of the code at `function` (a function pointer as an address) is:
/// its offset and its length in bytes. Thumb code (the low bit set) is walked instruction by
/// instruction (a halfword whose top five bits are `11101`, `11110` or `11111` begins a
/// 32-bit instruction), ARM code word by word; at most 512 bytes.
fn first_svc(function: usize) -> Option<(usize, usize)> {
    let start = function & !1;
    let mut offset = 0;
    while offset < 512 {
        let at = (start + offset) as *const u8;
        if function & 1 == 1 {
            // SAFETY: `at` is 2-aligned and within this executable's code, which is mapped
            // readable (512 bytes from a function's start end in its text segment: the
            // function is followed by the rest of the crate's and std's code).
            let halfword = unsafe { at.cast::<u16>().read_volatile() };
            if halfword == 0xdf00 {
                return Some((offset, 2));
            }
            offset += if matches!(halfword >> 11, 0b11101..=0b11111) {
                4
            } else {
                2
            };
        } else {
            // SAFETY: as above, 4-aligned (ARM code is).
            let word = unsafe { at.cast::<u32>().read_volatile() };
            if word == 0xef00_0000 {
                return Some((offset, 4));
            }
            offset += 4;
        }
    }
    None
}

#[test]
fn the_system_calls_are_in_the_instruction_set_built_for() {
    let thumb = cfg!(thumb_mode);
    let here = getpid_here as fn() -> usize as usize;
    let library = linux_resource::getrusage as fn(_) -> _ as usize;
    for (what, address) in [
        ("getpid_here", here),
        ("linux_resource::getrusage", library),
    ] {
        assert_eq!(
            address & 1 == 1,
            thumb,
            "{what} at {address:#x}: built for {} code (cfg(thumb_mode) {thumb}), and its address says otherwise",
            if thumb { "Thumb" } else { "ARM" },
        );
    }
    let (offset, length) =
        first_svc(here).unwrap_or_else(|| panic!("no svc 0 in getpid_here at {here:#x}"));
    assert_eq!(length, if thumb { 2 } else { 4 }, "svc 0's length");
    assert_eq!(getpid_here(), std::process::id() as usize);
    println!(
        "{} code: svc 0 is {length} bytes, at getpid_here+{offset}",
        if thumb { "Thumb" } else { "ARM" }
    );
}

/// This function's frame pointer (`r7` in Thumb code) and what its frame record holds: the
/// caller's frame pointer and the return address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Frame {
    fp: usize,
    caller_fp: usize,
    return_address: usize,
}

/// Reads `r7` in the function it is expanded in (a template may name `r7`; an operand may not).
macro_rules! r7 {
    () => {{
        let r7: usize;
        // SAFETY: copies r7 to another register: no memory, no stack, no flags.
        unsafe {
            core::arch::asm!("mov {}, r7", out(reg) r7, options(nomem, nostack, preserves_flags))
        };
        r7
    }};
}

/// The frame record at `fp`: `{ saved r7, saved lr }`, as a Thumb prologue with frame
/// pointers pushes them (`push {.., r7, lr}` then `add r7, sp, #n` to point at the saved r7).
fn record(fp: usize) -> Frame {
    assert!(
        fp != 0 && fp.is_multiple_of(4),
        "r7 {fp:#x} is no frame pointer"
    );
    // SAFETY: fp was just checked to be what this function's own prologue made it (see
    // `frame_pointers`): an address in this thread's stack, where the two words it points at
    // were pushed by that prologue.
    let (caller_fp, return_address) = unsafe {
        (
            (fp as *const usize).read_volatile(),
            (fp as *const usize).add(1).read_volatile(),
        )
    };
    Frame {
        fp,
        caller_fp,
        return_address,
    }
}

/// Whether the Thumb function at `function` sets up `r7` as its frame pointer: its prologue,
/// in the first 16 bytes, has `add r7, sp, #imm` (`af xx`) or `mov r7, sp` (`6f 46`).
fn frame_pointers(function: usize) -> bool {
    (0..16).step_by(2).any(|offset| {
        // SAFETY: 2-aligned, within the function's own code (see first_svc).
        let halfword = unsafe {
            ((function & !1) as *const u16)
                .add(offset / 2)
                .read_volatile()
        };
        halfword & 0xff00 == 0xaf00 || halfword == 0x466f
    })
}

/// The frame before and after a system call, in the function that makes it.
#[inline(never)]
fn around_a_system_call() -> (usize, usize, Frame) {
    let before = r7!();
    let pid = getpid_inline();
    let after = r7!();
    // Only now is r7 read through: were it not restored, it would hold getpid's number. This
    // function's epilogue and a panic's unwinding (whose frame address is r7 + 8) would then
    // crash: say why, and abort.
    if after != before {
        eprintln!("r7 across the system call: {before:#x} before, {after:#x} after");
        std::process::abort();
    }
    (pid, before, record(after))
}

/// The wrapper inlined, so that its `svc 0` is in `around_a_system_call` itself.
#[inline(always)]
fn getpid_inline() -> usize {
    // SAFETY: getpid reads no argument and no memory.
    unsafe { syscall::syscall1(nr::GETPID, Arg::from_usize(0)) }.expect("getpid")
}

/// The caller whose return address the frame record must hold.
#[inline(never)]
fn caller() -> (usize, usize, Frame, usize) {
    let (pid, before, frame) = around_a_system_call();
    (pid, before, frame, r7!())
}

#[test]
fn thumb_frame_pointer_survives_a_system_call() {
    let function = around_a_system_call as fn() -> (usize, usize, Frame) as usize;
    if !cfg!(thumb_mode) {
        // ARM code: the wrapper names r7 as an operand, so the compiler keeps whatever it holds;
        // the frame pointer is r11, which no system call touches.
        assert_eq!(function & 1, 0);
        println!("ARM code: r7 is an operand of the system call, not a frame pointer");
        return;
    }
    assert!(
        frame_pointers(function),
        "this Thumb build has no frame pointers: build the tests with -C force-frame-pointers=yes, as .ci/targets.md's Thumb rows are"
    );
    let (pid, before, frame, caller_fp) = caller();
    assert_eq!(pid, std::process::id() as usize);
    assert_eq!(frame.fp, before);
    // The record is this call's: it holds the caller's own frame pointer, and a Thumb return
    // address (low bit set) a little way into the caller.
    assert_eq!(frame.caller_fp, caller_fp, "the saved r7 is the caller's");
    let caller_start = caller as fn() -> (usize, usize, Frame, usize) as usize & !1;
    assert_eq!(frame.return_address & 1, 1, "a Thumb return address");
    assert!(
        (caller_start..caller_start + 256).contains(&(frame.return_address & !1)),
        "return address {:#x} outside the caller at {caller_start:#x}",
        frame.return_address
    );
    println!(
        "Thumb code with frame pointers: r7 {before:#x} before and after getpid, its record {frame:x?}"
    );
}
