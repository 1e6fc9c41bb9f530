//! `raise_nofile_limit`: both paths this machine allows. Root here lacks `CAP_SYS_RESOURCE`,
//! so raising the hard limit is refused (and the soft limit goes to the hard one); where the
//! caller has the capability, the hard limit goes up to `fs.nr_open`. Each test changes limits
//! in a forked process of its own.

use crate::common;

use common::counting::allocations_in;
use linux_resource::{
    NofileRaise, RLIM_INFINITY, Resource, Rlimit, getrlimit, nr_open, raise_nofile_limit, setrlimit,
};

/// Whether this process may raise a hard limit (`CAP_SYS_RESOURCE`): tried in a child, by
/// lowering the CORE hard limit by one and raising it back.
fn may_raise_hard_limits() -> bool {
    common::in_child(|| {
        let core = getrlimit(Resource::Core).unwrap();
        let lower = core.hard - 1;
        setrlimit(Resource::Core, Rlimit::new(core.soft.min(lower), lower)).unwrap();
        setrlimit(Resource::Core, core).is_ok()
    })
}

/// The ceiling `raise_nofile_limit` clamps to: `fs.nr_open`, or its default without `/proc`.
fn ceiling() -> u64 {
    nr_open().unwrap_or(1 << 20)
}

#[test]
fn below_the_hard_limit_only_the_soft_limit_moves() {
    let (found, after, want) = common::in_child(|| {
        let start = getrlimit(Resource::Nofile).unwrap();
        setrlimit(Resource::Nofile, Rlimit::new(64, start.hard)).unwrap();
        let want = 64 + (start.hard - 64) / 2;
        let raise = raise_nofile_limit(want).unwrap();
        (raise, getrlimit(Resource::Nofile).unwrap(), want)
    });
    assert_eq!(found.before.soft, 64, "it returns the limits it found");
    assert_eq!(after, Rlimit::new(want, found.before.hard));
    assert_eq!(found.after, after, "and those it left");
    assert!(!found.raised_hard());
}

#[test]
fn a_soft_limit_already_high_enough_is_left_alone() {
    let (found, after) = common::in_child(|| {
        let start = getrlimit(Resource::Nofile).unwrap();
        setrlimit(Resource::Nofile, Rlimit::new(100, start.hard)).unwrap();
        (
            raise_nofile_limit(50).unwrap(),
            getrlimit(Resource::Nofile).unwrap(),
        )
    });
    assert_eq!(found.before, after);
    assert_eq!(found.after, after);
    assert_eq!(after.soft, 100, "never lowered");
}

#[test]
fn above_the_hard_limit_as_far_as_allowed() {
    let capable = may_raise_hard_limits();
    for want in [RLIM_INFINITY, 1 << 40] {
        let (found, after) = common::in_child(move || {
            let start = getrlimit(Resource::Nofile).unwrap();
            setrlimit(Resource::Nofile, Rlimit::new(start.hard / 2, start.hard)).unwrap();
            let raise = raise_nofile_limit(want).unwrap();
            (raise, getrlimit(Resource::Nofile).unwrap())
        });
        let expected = if capable && ceiling() > found.before.hard {
            // Clamped to fs.nr_open: no EPERM for asking too much (Nugine/rlimit#61).
            Rlimit::new(ceiling(), ceiling())
        } else {
            // Refused: the soft limit still goes up, to the hard one.
            Rlimit::new(found.before.hard, found.before.hard)
        };
        println!(
            "raise_nofile_limit({want}) with{} CAP_SYS_RESOURCE: {} -> {after}",
            if capable { "" } else { "out" },
            found.before
        );
        assert_eq!(after, expected, "capable: {capable}");
        assert_eq!(found.after, after, "it returns the limits it left");
        assert_eq!(found.raised_hard(), after.hard > found.before.hard);
        assert_eq!(
            found.before.soft,
            found.before.hard / 2,
            "it returns the limits it found"
        );
    }
}

#[test]
fn an_unprivileged_caller_gets_the_soft_limit_raised_to_the_hard_one() {
    let (found, after) = common::in_child(|| {
        common::spawn::become_nobody_if_root();
        let start = getrlimit(Resource::Nofile).unwrap();
        setrlimit(Resource::Nofile, Rlimit::new(32, start.hard)).unwrap();
        let raise = raise_nofile_limit(RLIM_INFINITY).unwrap();
        (raise, getrlimit(Resource::Nofile).unwrap())
    });
    assert_eq!(found.before.soft, 32);
    assert_eq!(after, Rlimit::new(found.before.hard, found.before.hard));
    // The refused hard raise shows in what it returns: no second getrlimit needed.
    assert_eq!(found.after, after);
    assert!(!found.raised_hard());
}

#[test]
fn children_get_the_original_limits_back() {
    // The pattern of the doc example: raise at start-up, restore in pre_exec.
    let (original, raised, in_child) = common::in_child(|| {
        let start = getrlimit(Resource::Nofile).unwrap();
        setrlimit(Resource::Nofile, Rlimit::new(256, start.hard)).unwrap();
        let original = raise_nofile_limit(RLIM_INFINITY).unwrap().before;
        let raised = getrlimit(Resource::Nofile).unwrap();
        let child = common::spawn::fork_child(move || {
            // What the pre_exec closure does: give the original limits back.
            setrlimit(Resource::Nofile, original).unwrap();
            i32::from(getrlimit(Resource::Nofile).unwrap() != original)
        });
        let restored = linux_resource::wait_usage(child).unwrap().status.success();
        (original, raised, restored)
    });
    assert_eq!(original.soft, 256);
    assert!(raised.soft > original.soft);
    assert!(in_child, "the child did not get {original} back");
}

#[test]
fn raising_allocates_nothing() {
    let allocations = common::in_child(|| {
        let start = getrlimit(Resource::Nofile).unwrap();
        allocations_in(|| {
            for _ in 0..100 {
                setrlimit(Resource::Nofile, Rlimit::new(64, start.hard)).unwrap();
                raise_nofile_limit(RLIM_INFINITY).unwrap();
                raise_nofile_limit(100).unwrap();
            }
        })
    });
    assert_eq!(allocations, 0);
}

/// `raised_hard` tells a raised hard limit from one left alone or lowered, whatever the soft
/// limits did (the raise itself is seen only where the caller may raise hard limits).
#[test]
fn raised_hard_is_a_higher_hard_limit_after() {
    let raise = |before: (u64, u64), after: (u64, u64)| NofileRaise {
        before: Rlimit::new(before.0, before.1),
        after: Rlimit::new(after.0, after.1),
    };
    assert!(raise((1024, 4096), (8192, 8192)).raised_hard());
    assert!(raise((1024, 4096), (1024, RLIM_INFINITY)).raised_hard());
    assert!(!raise((1024, 4096), (4096, 4096)).raised_hard());
    assert!(!raise((1024, 4096), (1024, 4096)).raised_hard());
    assert!(!raise((1024, 4096), (1024, 2048)).raised_hard());
}
