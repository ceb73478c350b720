//! Two pieces of work at once, where the platform has threads and the work is large enough
//! to pay for a thread, with the result of running them one after the other.

/// Whether the platform has threads (a WebAssembly module has none).
pub(crate) const THREADS: bool = cfg!(not(target_family = "wasm"));

/// Passes over fewer lines than this run on one thread: a thread costs more than it saves.
const WORTH_LINES: usize = 50_000;

/// Tables smaller than this many bytes (about 15,000 rows) are read in one pass: a thread
/// costs more than it saves. (At 100,000 rows, two halves take a quarter off the read.)
#[cfg(feature = "tables")]
pub(crate) const WORTH_BYTES: usize = 1 << 20;

/// Whether passes over `lines` budget lines are worth splitting between two threads.
pub(crate) fn worth(lines: usize) -> bool {
    #[cfg(test)]
    if let Some(two) = tests::FORCED.with(std::cell::Cell::get) {
        return THREADS && two;
    }
    THREADS && lines >= WORTH_LINES
}

/// `a()` and `b()`, on two threads when `two` (and the platform has threads), else one
/// after the other. Each works on its own data and returns its own result, so the results
/// are the same either way.
pub(crate) fn join<A, B, RA, RB>(two: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if !(THREADS && two) {
        let ra = a();
        return (ra, b());
    }
    std::thread::scope(|s| {
        let second = s.spawn(b);
        let ra = a();
        match second.join() {
            Ok(rb) => (ra, rb),
            // A panic on the second thread goes on as it would have on one thread.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// `f` over the two halves of `items`, each given with the index of its first item, on two
/// threads for many items (see [`worth`]); the first half's result first. A pass over the
/// lines split so returns what one pass gives when its two results are joined in order.
pub(crate) fn halves<T, R, F>(items: &[T], f: F) -> (R, R)
where
    T: Sync,
    R: Send,
    F: Fn(&[T], usize) -> R + Sync,
{
    let mid = items.len() / 2;
    let (first, second) = items.split_at(mid);
    join(worth(items.len()), || f(first, 0), || f(second, mid))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// Whether [`worth`] says two threads, whatever the size (tests of both ways).
        pub(crate) static FORCED: Cell<Option<bool>> = const { Cell::new(None) };
    }

    /// `f()` with passes of any size split between two threads (`two`) or on one.
    pub(crate) fn forced<R>(two: bool, f: impl FnOnce() -> R) -> R {
        FORCED.with(|c| c.set(Some(two)));
        let r = f();
        FORCED.with(|c| c.set(None));
        r
    }

    #[test]
    fn both_results_whether_on_one_thread_or_two() {
        for two in [false, true] {
            let (a, b) = join(two, || (1..=100).sum::<u32>(), || "b".repeat(3));
            assert_eq!((a, b.as_str()), (5050, "bbb"));
        }
        for two in [false, true] {
            let items: Vec<usize> = (0..7).collect();
            let (a, b) = forced(two, || halves(&items, |part, at| (at, part.to_vec())));
            assert_eq!((a, b), ((0, vec![0, 1, 2]), (3, vec![3, 4, 5, 6])));
        }
        assert!(!worth(WORTH_LINES - 1));
        assert_eq!(worth(WORTH_LINES), THREADS);
    }
}
