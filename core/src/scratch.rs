//! Working memory a report leaves to the next one on the same plan.
//!
//! A report of a million lines fills some 40 MB of working vectors (the lines in scope,
//! each line's split along its links, the parts the breakdowns regroup). Freed at the end
//! of each report, that memory goes back to the system, and the next report — after a
//! filter change, say — asks for it again as fresh pages, which the kernel must find and
//! zero (on the project's machine about 0.4 ms a MB). The plan keeps the vectors instead:
//! a report takes them, clears them and gives them back.

use crate::traceability::TraceBuffers;
use std::sync::Mutex;

/// The vectors one report works in, empty or left from the last report.
#[derive(Default)]
pub(crate) struct Buffers {
    pub lines: Vec<usize>,
    pub link_parts: Vec<i128>,
    pub trace: TraceBuffers,
}

/// The buffers a plan keeps between reports. Reports running at the same time on other
/// threads find them taken and work in fresh ones.
#[derive(Default)]
pub(crate) struct Scratch(Mutex<Buffers>);

impl Scratch {
    /// The buffers, or empty ones when another report holds them.
    pub fn take(&self) -> Buffers {
        match self.0.try_lock() {
            Ok(mut buffers) => std::mem::take(&mut *buffers),
            Err(_) => Buffers::default(),
        }
    }

    /// Keeps `buffers` for the next report.
    pub fn give_back(&self, buffers: Buffers) {
        if let Ok(mut slot) = self.0.try_lock() {
            *slot = buffers;
        }
    }
}

/// A copy of a plan starts with no buffers of its own.
impl Clone for Scratch {
    fn clone(&self) -> Scratch {
        Scratch::default()
    }
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scratch")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_kept_and_a_second_taker_gets_fresh_ones() {
        let scratch = Scratch::default();
        let mut first = scratch.take();
        first.lines.extend([1, 2, 3]);
        let lines_at = first.lines.as_ptr();
        scratch.give_back(first);
        let again = scratch.take();
        assert_eq!(again.lines.as_ptr(), lines_at, "the same vector comes back");
        // While it is out, another report works in fresh buffers.
        let other = scratch.take();
        assert!(other.lines.is_empty() && other.lines.capacity() == 0);
    }
}
