//! `Resource` as a number and as a name: the `u32` conversion, and the boundaries of the
//! nearest-name suggestion that parse errors make (at most two edits, and fewer edits than
//! either name has letters; the nearest wins, the first in the kernel's order on a tie).

use linux_resource::Resource;

#[test]
#[allow(clippy::unnecessary_cast)] // libc's RLIMIT_* are `c_uint` with glibc, `c_int` with musl.
fn a_resource_converts_to_the_kernels_number() {
    for (n, r) in Resource::ALL.into_iter().enumerate() {
        assert_eq!(u32::from(r), n as u32, "{r}");
        assert_eq!(u32::from(r), r.as_raw(), "{r}");
    }
    // libc, the oracle, numbers them as this architecture's kernel (7, or 5 on MIPS).
    assert_eq!(u32::from(Resource::Nofile), libc::RLIMIT_NOFILE as u32);
    assert_eq!(u32::from(Resource::OFILE), libc::RLIMIT_NOFILE as u32);
    assert_eq!(u32::from(Resource::As), libc::RLIMIT_AS as u32);
    assert_eq!(u32::from(Resource::Rss), libc::RLIMIT_RSS as u32);
    assert_eq!(u32::from(Resource::Nproc), libc::RLIMIT_NPROC as u32);
    assert_eq!(u32::from(Resource::Memlock), libc::RLIMIT_MEMLOCK as u32);
}

fn nearest(typo: &str) -> Option<Resource> {
    typo.parse::<Resource>()
        .expect_err("not a resource name")
        .nearest()
}

#[test]
fn the_longest_input_that_can_be_two_edits_from_a_name() {
    // SIGPENDING (10 letters) with two letters added: 12 letters, still suggested.
    assert_eq!(nearest("sigpendingxx"), Some(Resource::Sigpending));
    assert_eq!(
        nearest("RLIMIT_SIGPENDINGXX"),
        Some(Resource::Sigpending),
        "RLIMIT_ aside"
    );
    // Three letters added: too far.
    assert_eq!(nearest("sigpendingxxx"), None);
}

#[test]
fn a_name_is_not_suggested_when_every_letter_of_it_would_change() {
    // "asxx" is two edits from AS (delete "xx"): as many edits as AS has letters, so any
    // two-letter input would be "near" AS. Not suggested.
    assert_eq!(nearest("asxx"), None);
    // One edit from AS, fewer than its two letters: suggested.
    assert_eq!(nearest("asx"), Some(Resource::As));
}

#[test]
fn deleting_letters_counts_one_edit_each() {
    // CPU behind two extra letters is two edits away; behind three, three: too far.
    assert_eq!(nearest("xxcpu"), Some(Resource::Cpu));
    assert_eq!(nearest("xxxcpu"), None);
    assert_eq!(nearest("cpuxxx"), None);
}

#[test]
fn the_nearest_name_wins_and_the_first_on_a_tie() {
    // SIZE: one edit from FSIZE, two from NICE (which comes later in the kernel's order).
    assert_eq!(nearest("size"), Some(Resource::Fsize));
    // CPE: one edit from CPU, two from CORE.
    assert_eq!(nearest("cpe"), Some(Resource::Cpu));
    // RS: one edit from RSS (5) and from AS (9): the first in the kernel's order.
    assert_eq!(nearest("rs"), Some(Resource::Rss));
}
